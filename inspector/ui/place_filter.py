"""Two combo boxes that choose where: a 区县, then a 乡镇 within it (the registry's two levels).

The site registry and the follow-up board filter the same way, so they share this one widget. The
townships offered are those of the chosen district (every township when no district is chosen);
both lists come from the registry and are in pinyin order.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from inspector.services import sites
from inspector.storage.db import Database
from inspector.ui.collation import sorted_zh
from inspector.ui.tables import compact, fill_choices


class PlaceFilter(QWidget):
    """Signals: ``changed()`` when the chosen district or township changed."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.district = compact(QComboBox())
        self.township = compact(QComboBox())
        self.district.setToolTip(self.tr("County / district (区县)"))
        self.township.setToolTip(self.tr("Township / street (乡镇), within the chosen county"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.district, 1)
        layout.addWidget(self.township, 1)
        self.district.currentIndexChanged.connect(self._on_district_current_index_changed)
        self.township.currentIndexChanged.connect(self.changed)

    def reload(self) -> None:
        """Refill both lists from the registry, keeping what was chosen where it still exists."""
        with self._db.read() as s:
            districts = sites.districts(s)
        self._fill(self.district, self.tr("All districts"), sorted_zh(districts))
        self._fill_townships()

    def current_district(self) -> str | None:
        value = self.district.currentData()
        return str(value) if value else None

    def current_township(self) -> str | None:
        value = self.township.currentData()
        return str(value) if value else None

    def set_place(self, district: str | None, township: str | None = None) -> None:
        """Choose ``district`` and then ``township`` (as a person would, one after the other)."""
        self.district.setCurrentIndex(max(self.district.findData(district), 0))
        self.township.setCurrentIndex(max(self.township.findData(township), 0))

    def _fill_townships(self) -> None:
        with self._db.read() as s:
            townships = sites.townships(s, self.current_district())
        self._fill(self.township, self.tr("All townships"), sorted_zh(townships))

    def _on_district_current_index_changed(self, _index: int) -> None:
        self._fill_townships()
        self.changed.emit()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, values: list[str]) -> None:
        fill_choices(combo, everything, ((value, value) for value in values))
