"""Lists of people of which each must name someone else: the two (or more) inspectors of an
inspection or a re-inspection.

Law enforcement needs two different officers, and the core refuses the same person twice; the
screens make the mistake impossible instead of reporting it. A person chosen in one list is greyed
out in the others, and if a list is set (by code, or by a default) to someone already chosen
elsewhere, the other list gives them up. The entries' data must identify the person (an empty or
``None`` data is the "choose" placeholder, which any number of lists may show).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox


class DistinctChoices(QObject):
    """Keeps the current entries of the added combo boxes different."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.combos: list[QComboBox] = []

    def add(self, combo: QComboBox) -> QComboBox:
        self.combos.append(combo)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._changed(c))
        self._changed(combo)
        return combo

    def _changed(self, combo: QComboBox) -> None:
        chosen = combo.currentData()
        if chosen:
            for other in self.combos:
                if other is not combo and other.currentData() == chosen:
                    other.blockSignals(True)
                    other.setCurrentIndex(self._free_index(other, exclude=combo))
                    other.blockSignals(False)
        self.refresh()

    def _free_index(self, combo: QComboBox, exclude: QComboBox) -> int:
        """The placeholder if the list has one, else its first person nobody else has chosen."""
        taken = {c.currentData() for c in self.combos if c is not combo}
        for i in range(combo.count()):
            if not combo.itemData(i):
                return i
        for i in range(combo.count()):
            if combo.itemData(i) not in taken:
                return i
        return -1

    def refresh(self) -> None:
        """Grey out, in each list, whoever another list has chosen."""
        for combo in self.combos:
            others = {c.currentData() for c in self.combos if c is not combo} - {None, ""}
            model = combo.model()
            if not isinstance(model, QStandardItemModel):
                continue
            for i in range(combo.count()):
                item = model.item(i)
                if item is not None:
                    item.setEnabled(combo.itemData(i) not in others)
