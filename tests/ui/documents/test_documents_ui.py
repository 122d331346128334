"""The documents page and the issue dialog, driven through their real widgets (Qt offscreen).

The dialog's issue test converts to PDF with LibreOffice once (the preview pages and the print run
reuse that PDF); the other tests take the no-LibreOffice path, where the word processor is handed
the file instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspector.services.documents import evidence

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from inspector.config import Config
from inspector.documents.pdf import SOFFICE_ENV
from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.services.documents import views as dviews
from inspector.storage.db import Database
from inspector.storage.models import Document, Rectification
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.documents import DocumentsPage, IssueDialog, pages
from tests.documents.doc_helpers import Office, issue, make_inspection, make_office


@pytest.fixture
def office(sqlite_db: Database) -> Office:
    return make_office(sqlite_db)


@pytest.fixture
def ui(qapp: object, sqlite_db: Database, sqlite_config: Config, office: Office) -> UiContext:
    return UiContext(config=sqlite_config, db=sqlite_db, actor=office.office)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Files handed to the system's default application (recorded instead of opened)."""
    calls: list[Path] = []
    monkeypatch.setattr(pages, "open_path", lambda path: calls.append(Path(path)) or True)
    return calls


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, err, title=None: shown.append(err.message))
    return shown


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)


@pytest.fixture
def soffice_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's private LibreOffice profile (the same folder the document tests use)."""
    from inspector.documents.pdf import PROFILE_ENV, find_soffice

    if find_soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: the issue dialog test previews through it.")
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path_factory.getbasetemp() / "libreoffice-profile"))


def test_list_page_shows_documents_and_marks_them_served(  # noqa: PLR0917 - pytest fixtures
    qtbot: object,
    ui: UiContext,
    office: Office,
    tmp_path: Path,
    opened: list[Path],
    errors: list[str],
    yes: None,
) -> None:
    iid = make_inspection(ui.db, ui.config, office, tmp_path)
    record = issue(ui.db, ui.config, office.office, iid, DocumentKind.RECORD)
    notice = issue(ui.db, ui.config, office.office, iid, DocumentKind.NOTICE)
    page = DocumentsPage(ui)
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    ui.changes.changed.connect(page.apply_changes)  # what the main window does
    assert page.model.rowCount() == 2
    numbers = {page.model.row_at(r).number for r in range(2)}  # type: ignore[union-attr]
    assert numbers == {record.number, notice.number}
    row = next(r for r in range(2) if page.model.row_at(r).kind == "notice")  # type: ignore[union-attr]
    page.select_row(row)
    assert page.served_button.isEnabled()
    page.served_button.click()
    assert errors == []
    with ui.db.read() as s:
        stored = s.get(Document, notice.id)
        assert stored is not None and stored.served_at is not None
        rect = s.get(Rectification, notice.rectification_id)
        assert rect is not None and rect.status == "served"
    assert not page.served_button.isEnabled()  # the same row, now served
    page.served_filter.setCurrentIndex(page.served_filter.findData(False))
    assert [page.model.row_at(r).number for r in range(page.model.rowCount())] == [record.number]  # type: ignore[union-attr]
    page.served_filter.setCurrentIndex(0)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("notice"))
    assert page.model.rowCount() == 1
    page.select_row(0)
    page.open_button.click()
    # a private plain copy of the sealed file, under the same name
    assert [p.name for p in opened] == [notice.file_path.name]
    assert opened[0].read_bytes() == evidence.read_issued(ui.config, notice)
    notice.file_path.unlink()
    page.open_button.click()
    assert len(errors) == 1 and notice.number in errors[0]  # a missing file is said, not opened


def test_issue_dialog_edits_findings_issues_previews_and_prints(  # noqa: PLR0917 - pytest fixtures
    qtbot: object,
    ui: UiContext,
    office: Office,
    tmp_path: Path,
    opened: list[Path],
    errors: list[str],
    yes: None,
    soffice_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    iid = make_inspection(ui.db, ui.config, office, tmp_path)
    dialog = IssueDialog(ui, iid, "notice")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.table.rowCount() == 3 and dialog.issue_button.isEnabled()
    assert "001号" in dialog.number_label.text()
    dialog.table.item(0, 2).setText("调整超声诊断岗位人员")
    dialog._spins[0].setValue(45)
    assert set(dialog.overrides()) == {"T-01"}
    with qtbot.waitSignal(dialog.issued, timeout=120_000) as blocker:  # type: ignore[attr-defined]
        dialog.issue_button.click()
        assert not dialog.issue_button.isEnabled()  # busy: no second click
    view = blocker.args[0]
    assert errors == []
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # type: ignore[attr-defined]
    assert view.number.endswith("001号") and dialog.view == view
    assert not dialog.issue_button.isEnabled() and not dialog._spins[0].isEnabled()
    assert dialog.preview.page_labels, "the issued document's pages are shown"
    with ui.db.read() as s:
        ctx = s.execute(select(Document.context).where(Document.id == view.id)).scalar_one()
    first = ctx["findings"][0]
    assert "调整超声诊断岗位人员" in first["order"] and first["deadline_date"]

    printed = tmp_path / "printed.pdf"

    def to_file(_parent: QWidget | None, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(pages, "choose_printer", to_file)
    with qtbot.waitSignal(dialog.work_done, timeout=60_000):  # type: ignore[attr-defined]
        dialog.print_button.click()
    assert printed.is_file() and printed.stat().st_size > 10_000
    dialog.folder_button.click()
    assert (opened[-1] / view.file_path.name).is_file()  # the folder of the private plain copy


def test_dialog_refuses_a_draft_and_previews_without_libreoffice(  # noqa: PLR0917 - pytest fixtures
    qtbot: object,
    ui: UiContext,
    office: Office,
    tmp_path: Path,
    opened: list[Path],
    errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = make_inspection(ui.db, ui.config, office, tmp_path, finalize=False)
    refused = IssueDialog(ui, draft, "record")
    qtbot.addWidget(refused)  # type: ignore[attr-defined]
    assert not refused.issue_button.isEnabled() and not refused.preview_button.isEnabled()
    assert "定稿" in refused.refusal_label.text()

    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-libreoffice" / "soffice"))
    iid = make_inspection(ui.db, ui.config, office, tmp_path)
    dialog = IssueDialog(ui, iid, "record")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert not dialog.table.isVisible()
    with qtbot.waitSignal(dialog.work_done, timeout=30_000):  # type: ignore[attr-defined]
        dialog.preview_button.click()
    assert errors == []
    assert len(opened) == 1 and opened[0].suffix == ".docx"  # the word processor shows it
    assert "LibreOffice" in dialog.preview.message.text()
    with ui.db.read() as s:  # a preview issues nothing
        assert dviews.list_documents(s, ui.config) == []


def test_worker_failure_is_shown_not_raised(  # noqa: PLR0917 - pytest fixtures
    qtbot: object,
    ui: UiContext,
    office: Office,
    tmp_path: Path,
    errors: list[str],
    yes: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-libreoffice" / "soffice"))
    iid = make_inspection(ui.db, ui.config, office, tmp_path)
    dialog = IssueDialog(ui, iid, "record")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    issue(ui.db, ui.config, office.office, iid, DocumentKind.RECORD)  # another desk was quicker
    with qtbot.waitSignal(dialog.work_done, timeout=30_000) as blocker:  # type: ignore[attr-defined]
        dialog.issue_button.click()
    assert blocker.args == [False]
    assert len(errors) == 1 and "不要重复出具" in errors[0]
    assert isinstance(UserError(errors[0]), UserError)


def test_void_from_the_documents_page_keeps_it_in_the_register(  # noqa: PLR0917 - pytest fixtures
    qtbot: object,
    ui: UiContext,
    office: Office,
    tmp_path: Path,
    errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    iid = make_inspection(ui.db, ui.config, office, tmp_path)
    record = issue(ui.db, ui.config, office.office, iid, DocumentKind.RECORD)
    page = DocumentsPage(ui)
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    ui.changes.changed.connect(page.apply_changes)  # what the main window does
    page.select_row(0)
    assert page.void_button.isEnabled() and not page.correct_button.isEnabled()
    monkeypatch.setattr(messages, "ask_text", lambda *_args: "现场负责人姓名写错")
    assert page.void_selected()
    assert errors == []
    shown = page.model.row_at(0)
    assert shown is not None and shown.voided and shown.void_reason == "现场负责人姓名写错"
    status = page.model.data(page.model.index(0, 5))
    assert ("作废" in status or "VOID" in status) and not page.void_button.isEnabled()
    assert page.correct_button.isEnabled() and not page.served_button.isEnabled()
    with ui.db.read() as s:
        assert dviews.get_document(s, ui.config, record.id).voided_by_name == office.office.name
