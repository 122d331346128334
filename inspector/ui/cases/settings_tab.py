"""The settings dialog's 案件 tab: who receives a transferred case (the county's police and drug
regulator, printed on the 案件移送书). Its own tab and module so that the office tab can change without
it; the dialog adds it and merges :meth:`CaseSettingsTab.apply` into what it saves."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from inspector.domain.office import OfficeSettings
from inspector.ui.field_errors import FieldErrors


class CaseSettingsTab(QWidget):
    def __init__(self, loaded: OfficeSettings, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.police_body = QLineEdit(loaded.police_body)
        self.drug_body = QLineEdit(loaded.drug_body)
        form = QFormLayout()
        form.addRow(self.tr("Police (公安机关)"), errors.wrap("police_body", self.police_body))
        form.addRow(self.tr("Drug regulator (药品监督管理部门)"), errors.wrap("drug_body", self.drug_body))
        note = QLabel(
            self.tr(
                "A case is transferred to the police for a suspected crime (刑法 第三百三十六条) and to the "
                "drug regulator for drug sales; the 案件移送书 names the body given here."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def apply(self, office: OfficeSettings) -> OfficeSettings:
        return replace(
            office, police_body=self.police_body.text().strip(), drug_body=self.drug_body.text().strip()
        )
