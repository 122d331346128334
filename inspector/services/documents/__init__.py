"""The office's enforcement documents, by what each part holds.

- :mod:`~inspector.services.documents.views`: issued documents as the UI and the CLI see them, and
  the documents page's list;
- :mod:`~inspector.services.documents.building`: the render context and file name of a document;
- :mod:`~inspector.services.documents.issuing`: what may be issued, the issue dialog's draft, issuing
  (number, file, row) and previews;
- :mod:`~inspector.services.documents.serving`: recording that a document was served (送达);
- :mod:`~inspector.services.documents.evidence`: regenerating, checking and restoring issued files;
- :mod:`~inspector.services.documents.export`: the documents of a period, verified, into a folder;
- :mod:`~inspector.services.documents.voiding`: voiding (作废) an issued document, kept in the
  register; its correction is issued with ``replaces``;
- :mod:`~inspector.services.documents.supplements`: the addenda a 补充笔录 states (those made after
  the 笔录 was issued).

A new kind (the case documents) adds an entry in :mod:`inspector.documents.kinds`, a schema, a
builder (:mod:`inspector.documents.compose`) and its checks in ``building.problems``; numbering,
the party block, voiding and the register serve it as they are.

Nothing here changes a rectification: the workflows in :mod:`inspector.workflows` issue a notice and
open its rectification (or issue a 复查意见书 and record the re-inspection's result) together, so this
package and :mod:`inspector.services.followup` never import each other.
"""
