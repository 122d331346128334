"""The guided inspection: starting one, walking through its checklist item by item with autosave,
finalizing it and correcting it afterwards by addendum."""
