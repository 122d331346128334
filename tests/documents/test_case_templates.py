"""The case documents' templates are office-editable like the others, with the same checks: the
built-in ones pass the checker and are laid out as official documents (the 询问笔录 with the person's
signature line and date in its footer, so on every page); an office's copy is what a case document is
issued from, a typo in it is named by the checker, code in it is refused by the sandbox when issuing
(nothing issued, no number spent); and only verified law is printed."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from inspector import workflows
from inspector.cli import main
from inspector.config import Config
from inspector.documents.template_check import check_template
from inspector.documents.templates import FILENAMES, builtin_template, office_template_path
from inspector.domain import CaseStatus, DocumentKind
from inspector.domain.documents import CASE_DOCUMENT_KINDS
from inspector.errors import UserError
from inspector.forms import load_legal_catalogue
from inspector.forms.legal import LegalCatalogue
from inspector.services.cases import doc_context
from inspector.services.cases import views as case_views
from inspector.services.documents import evidence
from inspector.services.documents import views as dviews
from inspector.storage.db import Database
from inspector.workflows import cases as flows
from tests.cases.helpers import case_in, people
from tests.documents.test_case_documents import text_of
from tests.security.test_template_sandbox import PAYLOAD, SHOWN

COPIES = {
    DocumentKind.CASE_REPORT: "本表存档。",
    DocumentKind.PRESERVATION: "本文书一式两份，一份存档，一份交当事人。",
    DocumentKind.KEPT_DECISION: "本文书一式两份，一份存档，一份交当事人。",
    DocumentKind.INTERVIEW: "本文书一式两份，一份存档，一份交当事人。",
    DocumentKind.TRANSFER: "本文书一式两份，一份存档，一份交受移送机关。",
}


def _edited(kind: DocumentKind, text: str) -> bytes:
    """The built-in template with one more paragraph, as an office would type it in Word."""
    word = WordDocument(io.BytesIO(builtin_template(kind).data))
    word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", CASE_DOCUMENT_KINDS)
def test_builtin_case_templates_pass_the_check(kind: DocumentKind) -> None:
    report = check_template(builtin_template(kind).data, FILENAMES[kind], kind)
    assert report.ok, report.errors
    assert report.warnings == []
    who = "interview.person.name" if kind is DocumentKind.INTERVIEW else "party.name"
    assert {"number", "unit_name", who, "case.cause", "basis[].text"} <= set(report.placeholders)


@pytest.mark.parametrize("kind", CASE_DOCUMENT_KINDS)
def test_case_templates_are_official_a4_documents(kind: DocumentKind) -> None:
    word = WordDocument(io.BytesIO(builtin_template(kind).data))
    section = word.sections[0]
    assert [round(x.mm) for x in (section.page_width, section.page_height)] == [210, 297]  # type: ignore[union-attr]
    fonts = word.styles["文书正文"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    footer = "\n".join(p._p.xml for p in section.footer.paragraphs)
    assert "PAGE" in footer and "NUMPAGES" in footer  # 第 X 页 共 Y 页
    assert COPIES[kind] in text_of(builtin_template(kind).data)
    signed_each_page = "被询问人（签名）" in "".join(p.text for p in section.footer.paragraphs)
    assert signed_each_page == (kind is DocumentKind.INTERVIEW)
    if kind is DocumentKind.INTERVIEW:
        line = next(p.text for p in section.footer.paragraphs if "被询问人" in p.text)
        assert "年" in line and "月" in line and "日" in line  # and the date


def test_a_typo_in_an_office_copy_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = check_template(
        _edited(DocumentKind.TRANSFER, "接收机关：{{ transfer.bdy }}"), "transfer.docx", DocumentKind.TRANSFER
    )
    assert not report.ok and "transfer.bdy" in "\n".join(report.errors) and "接收机关" in report.errors[0]
    good = tmp_path / "interview.docx"
    good.write_bytes(builtin_template(DocumentKind.INTERVIEW).data)
    assert main(["--data-dir", str(tmp_path / "d"), "templates", "check", str(good)]) == 0
    assert main(["--data-dir", str(tmp_path / "d"), "templates", "fields", "--kind", "interview"]) == 0
    assert "pairs[].question" in capsys.readouterr().out


def test_issued_from_the_office_copy_and_code_in_it_runs_nothing(
    sqlite_db: Database, sqlite_config: Config, tmp_path: Path
) -> None:
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.OPENED, config=config)
    kind = DocumentKind.CASE_REPORT
    office_copy = office_template_path(config, kind)
    office_copy.parent.mkdir(parents=True, exist_ok=True)
    marker = tmp_path / "pwned"
    office_copy.write_bytes(_edited(kind, "备注：" + PAYLOAD.format(marker=marker)))

    def issue() -> object:
        return workflows.perform(
            db, lambda s: flows.issue_case_document(s, who.office, config, cid, kind)
        ).created

    with db.read() as s:
        before = len(dviews.list_documents(s, config))
    with pytest.raises(UserError, match="cycler") as refused:
        issue()
    assert SHOWN in str(refused.value) and "备注" in str(refused.value)  # the code and its paragraph
    assert not marker.exists()
    with db.read() as s:
        assert len(dviews.list_documents(s, config)) == before  # nothing issued
    office_copy.write_bytes(_edited(kind, "本局内部审批用表（{{ region }}）"))
    created = issue()
    with db.read() as s:
        doc = dviews.get_document(s, config, created)  # type: ignore[arg-type]
        data = evidence.read_issued(config, doc)
    assert doc.number.endswith("001号")  # the refused attempt spent no number
    assert "本局内部审批用表" in text_of(data) and doc.template_name == "office:case_report.docx"
    assert doc.template_sha256 != builtin_template(kind).sha256


def test_only_verified_law_is_printed() -> None:
    catalogue = load_legal_catalogue()
    quoted = doc_context.articles(catalogue, ["行政处罚法-56"])
    assert quoted[0]["text"] == catalogue.get("行政处罚法-56").text.strip()
    doubtful = replace(catalogue.get("行政处罚法-56"), verified=False)
    unverified = LegalCatalogue(catalogue.laws, {**catalogue.articles, doubtful.ref: doubtful})
    with pytest.raises(UserError):
        doc_context.articles(unverified, ["行政处罚法-56"])
    with pytest.raises(UserError, match="行政处罚法-999"):
        doc_context.articles(catalogue, ["行政处罚法-999"])
    for refs in (*doc_context.BASIS.values(), *doc_context.TRANSFER_BASIS.values()):
        assert all(catalogue.get(ref).citable for ref in refs)
    assert catalogue.get(doc_context.CRIME_FALLBACK).citable


def test_a_case_on_the_page_lists_its_documents(sqlite_db: Database, sqlite_config: Config) -> None:
    """The documents register lists a case document with its number and the party's site."""
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.OPENED, config=config)
    created = workflows.perform(
        db, lambda s: flows.issue_case_document(s, who.office, config, cid, DocumentKind.CASE_REPORT)
    ).created
    with db.read() as s:
        listed = {d.id: d for d in dviews.list_documents(s, config)}
        case = case_views.get_case(s, cid)
    assert created in listed and "卫立" in listed[created].number
    assert listed[created].title == "立案报告" and case.party.name
