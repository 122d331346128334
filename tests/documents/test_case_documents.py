"""The five case documents, issued through the workflows and the command line from a case taken to the
end: each numbered from its own pattern (卫立, 卫保, 卫保处, 卫询, 卫移), naming the party with its
身份证号, telling the facts as narrative (no checklist code, no question mark outside the 询问笔录),
quoting its articles verbatim from the verified catalogue; what it records is then fixed. One
LibreOffice run converts all five to PDF: the text is there, in an embedded CJK font, and the 询问笔录
carries the person's signature line on every page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from docx import Document as WordDocument
from sqlalchemy import select

from inspector import workflows
from inspector.cli import main
from inspector.config import Config
from inspector.documents import schema
from inspector.documents.pdf import convert_to_pdf
from inspector.domain import CaseStatus, DocumentKind
from inspector.errors import UserError
from inspector.forms import load_legal_catalogue
from inspector.services.cases import documents as case_docs
from inspector.services.cases import views
from inspector.services.cases.interviews import InterviewInput
from inspector.services.cases.views import QAPair
from inspector.services.documents import evidence
from inspector.services.documents import views as dviews
from inspector.storage.case_models import CaseDocument
from inspector.storage.db import Database
from inspector.storage.models import Document, Photo
from inspector.workflows import cases as flows
from tests.cases.helpers import OPERATOR_ID, People, case_in, people
from tests.documents.test_pdf import pdf_fonts, pdf_text
from tests.identity import CliAs

PAIRS = tuple(
    QAPair(q, a)
    for q, a in (
        ("你是否申请执法人员回避？", "不申请。"),
        ("你有医师执业证书吗？", "没有。"),
        ("这台B超机从哪里来的？", "去年在网上买的二手机器。"),
    )
)
# Enough pairs that the 询问笔录 runs to several pages (the signature line on each).
LONG = PAIRS + tuple(
    QAPair(f"第{n}次检查收费多少，对方是谁？", "每次收两百元，是附近村里的孕妇。" * 3) for n in range(30)
)


def text_of(data: bytes) -> str:
    word = WordDocument(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _case_with_everything(db: Database, config: Config) -> tuple[People, uuid.UUID, uuid.UUID]:
    """An approved case with a kept item showing its photos and an interview, issued 立案报告 and
    证据先行登记保存决定书; then the items decided (transfer) and the case transferred to the police."""
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.PROPOSED, config=config)
    with db.read() as s:
        (iid,) = [i.id for i in views.get_case(s, cid).inspections]
        photos = list(s.execute(select(Photo.id).where(Photo.inspection_id == iid)).scalars())
    item = {
        "name": "便携式B超机",
        "brand": "迈瑞",
        "model": "DP-10",
        "serial_no": "SN2019A0317",
        "unit": "台",
    }
    workflows.perform(db, lambda s: flows.keep_item(s, who.inspector_a, cid, photo_ids=photos, **item))
    talk = InterviewInput(person_name="王某某", person_id_number=OPERATOR_ID, relation="当事人", pairs=LONG)
    talk_id = workflows.perform(db, lambda s: flows.start_interview(s, who.inspector_a, cid, talk)).created
    assert talk_id is not None
    return who, cid, talk_id


def _issue(
    db: Database, config: Config, who: People, cid: uuid.UUID, kind: DocumentKind, **kw: object
) -> uuid.UUID:
    created = workflows.perform(
        db,
        lambda s: flows.issue_case_document(s, who.office, config, cid, kind, **kw),  # type: ignore[arg-type]
    ).created
    assert created is not None
    return created


def _refused(
    db: Database, config: Config, who: People, cid: uuid.UUID, kind: DocumentKind, *, match: str
) -> None:
    with pytest.raises(UserError, match=match):
        _issue(db, config, who, cid, kind)


@pytest.mark.slow
def test_the_five_case_documents(
    sqlite_db: Database, sqlite_config: Config, tmp_path: Path, soffice_profile: Path
) -> None:
    db, config = sqlite_db, sqlite_config
    who, cid, talk_id = _case_with_everything(db, config)
    _refused(db, config, who, cid, DocumentKind.CASE_REPORT, match="批准立案|立案")  # not approved yet
    _refused(db, config, who, cid, DocumentKind.TRANSFER, match="移送")
    _refused(db, config, who, cid, DocumentKind.KEPT_DECISION, match="作出处理决定")
    issued = {DocumentKind.PRESERVATION: _issue(db, config, who, cid, DocumentKind.PRESERVATION)}
    with pytest.raises(UserError, match="法律文书"):  # the listed item no longer changes
        workflows.perform(
            db, lambda s: flows.update_item(s, who.inspector_a, views_item(db, cid), name="别的")
        )
    issued[DocumentKind.INTERVIEW] = _issue(
        db, config, who, cid, DocumentKind.INTERVIEW, interview_id=talk_id
    )
    with pytest.raises(UserError, match="不能再修改"):
        workflows.perform(db, lambda s: flows.update_interview(s, who.inspector_a, talk_id, place="别处"))
    workflows.perform(db, lambda s: flows.approve_case(s, who.supervisor, cid, "同意立案。"))
    issued[DocumentKind.CASE_REPORT] = _issue(db, config, who, cid, DocumentKind.CASE_REPORT)
    _refused(db, config, who, cid, DocumentKind.CASE_REPORT, match="已出具")  # one per case
    workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cid, "transfer", "随案移送"))
    issued[DocumentKind.KEPT_DECISION] = _issue(db, config, who, cid, DocumentKind.KEPT_DECISION)
    workflows.perform(db, lambda s: flows.transfer_case(s, who.supervisor, cid, "police", "涉嫌非法行医罪。"))
    issued[DocumentKind.TRANSFER] = _issue(db, config, who, cid, DocumentKind.TRANSFER)

    with db.read() as s:
        docs = {k: dviews.get_document(s, config, d) for k, d in issued.items()}
        texts = {k: text_of(evidence.read_issued(config, v)) for k, v in docs.items()}
        case = views.get_case(s, cid)
        listed = case_docs.case_documents(s, config, cid)
    catalogue = load_legal_catalogue()
    expect = {
        DocumentKind.CASE_REPORT: ("卫立", "行政处罚法-54.2"),
        DocumentKind.PRESERVATION: ("卫保〔", "行政处罚法-56"),
        DocumentKind.KEPT_DECISION: ("卫保处", "行政处罚法-56"),
        DocumentKind.INTERVIEW: ("卫询", "行政处罚法-55.2"),
        DocumentKind.TRANSFER: ("卫移", "行政处罚法-27.1"),
    }
    for kind, (letter, ref) in expect.items():
        text, doc = texts[kind], docs[kind]
        assert letter in doc.number and doc.number in text, kind
        assert case.party.name in text and case.cause in text, kind
        assert catalogue.get(ref).text.strip() in text, kind  # verbatim
        assert not re.search(r"\bT-0\d\b", text), kind  # facts as narrative, never checklist codes
        if kind is not DocumentKind.INTERVIEW:
            assert "？" not in text, kind
            assert OPERATOR_ID in text, kind
    assert "同意立案。" in texts[DocumentKind.CASE_REPORT] and "赵监督" in texts[DocumentKind.CASE_REPORT]
    assert "SN2019A0317" in texts[DocumentKind.PRESERVATION] and "照片2张" in texts[DocumentKind.PRESERVATION]
    assert "随案移送" in texts[DocumentKind.KEPT_DECISION]
    assert docs[DocumentKind.PRESERVATION].number in texts[DocumentKind.KEPT_DECISION]
    assert (
        "问：这台B超机从哪里来的？" in texts[DocumentKind.INTERVIEW]
        and "答：没有。" in texts[DocumentKind.INTERVIEW]
    )
    transfer = texts[DocumentKind.TRANSFER]
    assert "某某县公安局：" in transfer and "接收人" in transfer
    # the suspected crime named and quoted apart from the basis of the transfer
    assert "涉嫌触犯《中华人民共和国刑法》第三百三十六条" in transfer
    assert catalogue.get("刑法-336").text.strip().splitlines()[0] in transfer
    for kind in (DocumentKind.CASE_REPORT, DocumentKind.PRESERVATION, DocumentKind.KEPT_DECISION):
        assert docs[kind].number in transfer  # the evidence handed over, with its numbers
    assert "便携式B超机" in transfer and "现场检查照片" in transfer
    assert {d.id for d in listed} >= set(issued.values())

    # Regenerated from the stored context (in the shape its schema states): the same bytes.
    with db.read() as s:
        for kind, doc in docs.items():
            row = s.get(Document, doc.id)
            link = s.get(CaseDocument, doc.id)
            assert row is not None and link is not None and link.case_id == cid
            assert schema.conforms(row.context, schema.schema_for(kind)) == [], kind
            assert evidence.regenerate(s, config, doc.id).identical, doc.kind

    # One LibreOffice run for all five.
    jobs = []
    for kind, doc in docs.items():
        path = tmp_path / f"{kind.value}.docx"
        with db.read() as s:
            evidence.write_copy(s, config, doc.id, path)
        jobs.append((path, path.with_suffix(".pdf")))
    pdfs = dict(zip(docs, convert_to_pdf(jobs), strict=True))
    for kind, pdf in pdfs.items():
        text = pdf_text(pdf)
        assert re.sub(r"\s+", "", docs[kind].number) in text and "王某某" in text, kind
        assert all(embedded for name, embedded in pdf_fonts(pdf)), kind
    pages = _pages(pdfs[DocumentKind.INTERVIEW])
    assert pages >= 2
    assert pdf_text(pdfs[DocumentKind.INTERVIEW]).count("被询问人（签名）") >= pages  # on every page


def views_item(db: Database, cid: uuid.UUID) -> uuid.UUID:
    with db.read() as s:
        return views.get_case(s, cid).items[0].id


def _pages(pdf: Path) -> int:
    tool = shutil.which("pdfinfo")
    assert tool, "pdfinfo (poppler-utils) is needed to count the pages"
    out = subprocess.run([tool, str(pdf)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))  # type: ignore[union-attr]


def test_case_documents_from_the_command_line(
    db: Database, backend_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    """``inspector document ID --kind …``: issued when it can be, else written again; refused with the
    reason otherwise, nothing changed. SQLite and PostgreSQL."""
    config = backend_config
    _who, cid, talk_id = _case_with_everything(db, config)
    cli_as(config)  # an administrator: a directory without one opens to nobody
    d = ("--data-dir", str(config.data_dir), "--db-url", config.db_url, *cli_as(config, "office"))
    out = tmp_path / "立案报告.docx"
    assert main(["document", str(cid), "--kind", "case-report", "--out", str(out), *d]) == 2
    assert "立案" in capsys.readouterr().err and not out.exists()
    assert main(["document", str(cid), "--kind", "preservation", "--out", str(tmp_path / "保.docx"), *d]) == 0
    assert "卫保" in capsys.readouterr().out
    again = tmp_path / "again.docx"
    assert main(["document", str(cid), "--kind", "preservation", "--out", str(again), *d]) == 0
    assert "重新写出" in capsys.readouterr().out
    assert again.read_bytes() == (tmp_path / "保.docx").read_bytes()
    talk = tmp_path / "询问笔录.docx"
    assert main(["document", str(talk_id), "--kind", "interview", "--out", str(talk), *d]) == 0
    assert "王某某" in text_of(talk.read_bytes())
    assert (
        main(["document", str(cid), "--kind", "preservation-decision", "--out", str(tmp_path / "x.docx"), *d])
        == 2
    )
    assert "处理决定" in capsys.readouterr().err
    with db.read() as s:
        numbers = sorted(
            v.number for v in dviews.list_documents(s, config) if v.kind in {"preservation", "interview"}
        )
    assert len(numbers) == 2


def test_void_and_correct_a_case_document(sqlite_db: Database, sqlite_config: Config) -> None:
    """A 证据先行登记保存决定书 with a wrong serial number is voided (it stays in the register with its
    number); the item may then be corrected, and the correction gets a new number, names the voided one
    and lists the item again. The same for a 询问笔录; the one-per-case 立案报告 can be issued again once
    voided."""
    db, config = sqlite_db, sqlite_config
    who, cid, talk_id = _case_with_everything(db, config)
    first = _issue(db, config, who, cid, DocumentKind.PRESERVATION)
    talk_doc = _issue(db, config, who, cid, DocumentKind.INTERVIEW, interview_id=talk_id)
    item = views_item(db, cid)
    with db.read() as s:
        number = dviews.get_document(s, config, first).number
        talk_number = dviews.get_document(s, config, talk_doc).number
    changes = workflows.perform(
        db, lambda s: workflows.void_document(s, who.office, config, number, "编号抄错")
    )
    assert cid in changes.cases
    workflows.perform(db, lambda s: flows.update_item(s, who.inspector_a, item, serial_no="SN2019A0318"))
    second = _issue(db, config, who, cid, DocumentKind.PRESERVATION)
    workflows.perform(
        db, lambda s: workflows.void_document(s, who.supervisor, config, talk_number, "漏记一问")
    )
    again = _issue(db, config, who, cid, DocumentKind.INTERVIEW, interview_id=talk_id)
    with db.read() as s:
        old, new = dviews.get_document(s, config, first), dviews.get_document(s, config, second)
        text = text_of(evidence.read_issued(config, new))
        talk_new = dviews.get_document(s, config, again)
        case = views.get_case(s, cid)
    assert old.voided and old.replaced_by == new.id and new.replaces == old.id
    assert new.number != old.number and "卫保〔" in new.number
    assert "取代" in text and old.number in text and "SN2019A0318" in text
    assert case.items[0].preservation_document_id == new.id
    assert talk_new.replaces == talk_doc and case.interviews[0].document_id == again
    with pytest.raises(UserError, match=r"已出具|不能"):  # the correction is in force: nothing to issue
        _issue(db, config, who, cid, DocumentKind.PRESERVATION)
