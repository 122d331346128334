"""Issuing documents through the service, on SQLite and PostgreSQL: numbers, stored evidence, the
rectification a notice opens, refusals, rollback of a failed render, regeneration."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from docx import Document as WordDocument
from sqlalchemy import func, select

from inspector import workflows
from inspector.config import Config
from inspector.crypto import files
from inspector.documents import schema
from inspector.documents.notice import FindingOverride
from inspector.documents.render import TemplateProblemError
from inspector.documents.templates import archive_path, builtin_template, office_template_path
from inspector.domain import AnswerResult, DocumentKind
from inspector.errors import UserError, ValidationError
from inspector.services.documents import evidence, export, issuing
from inspector.services.documents import views as dviews
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, Counter, Document, Rectification, RectificationEvent
from tests.documents.doc_helpers import FINDINGS, Office, issue, make_inspection, make_reinspection


def docx_text(path_or_bytes: Path | bytes) -> str:
    """All text of a .docx: paragraphs and table cells, as python-docx reads it."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    word = WordDocument(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_issue_record_and_notice_store_their_evidence(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder, extra_photos=1)
    record = issue(db, backend_config, office.office, iid, DocumentKind.RECORD)
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    year = dt.datetime.now().astimezone().year
    assert record.number == f"示卫监录〔{year}〕001号"
    assert notice.number == f"示卫监意〔{year}〕001号"
    assert notice.title == "卫生监督意见书"
    for view in (record, notice):
        data = evidence.read_issued(backend_config, view)
        assert hashlib.sha256(data).hexdigest() == view.sha256
        assert view.file_path.is_relative_to(backend_config.documents_dir)
        assert view.template_name == f"builtin:{view.kind}.docx"
        assert view.template_sha256 == builtin_template(view.kind).sha256
        assert (
            files.read(backend_config.key, archive_path(backend_config, view.template_sha256))
            == builtin_template(view.kind).data
        )
        text = docx_text(data)
        assert office.site_name in text and view.number in text
        assert "本文书一式两份，一份存档，一份交当事人。" in text
    notice_text = docx_text(evidence.read_issued(backend_config, notice))
    for finding in FINDINGS.values():
        assert finding.rstrip("。") in notice_text  # what was seen, with the narrative
    assert "上述行为违反了《中华人民共和国人口与计划生育法》第三十九条的规定。" in notice_text
    assert "依据《中华人民共和国人口与计划生育法》第四十条第一款第二项的规定" in notice_text
    assert (
        "严禁利用超声技术和其他技术手段进行非医学需要的胎儿性别鉴定" in notice_text
    )  # article text, verbatim
    assert "41010020200001" in notice_text and "被监督单位签收人" in notice_text
    record_text = docx_text(evidence.read_issued(backend_config, record))
    assert "以上笔录已看过" in record_text and "出示了执法证件" in record_text
    assert "当事人表示不申请回避。" in record_text
    assert "见证人" in record_text and "张伟（执法证号：41010020200001）" in record_text
    with db.read() as s:
        stored = {d.kind: d for d in s.execute(select(Document)).scalars()}
        assert schema.conforms(stored["record"].context, schema.RECORD) == []
        assert schema.conforms(stored["notice"].context, schema.NOTICE) == []
        rect = s.get(Rectification, notice.rectification_id)
        assert rect is not None and rect.notice_id == notice.id and rect.status == "issued"
        assert [i["code"] for i in rect.items["items"]] == ["T-01", "T-02", "T-03"]
        assert rect.items["items"][1]["correction"] == "立即停止非医学需要的胎儿性别鉴定行为"
        assert rect.items["items"][1]["deadline_days"] == 0  # an order at once: no day count
        assert rect.deadline == notice.issued_at.astimezone().date() + dt.timedelta(days=30)
        events = s.execute(
            select(RectificationEvent).where(RectificationEvent.rectification_id == rect.id)
        ).scalars()
        assert [(e.from_status, e.to_status) for e in events] == [(None, "issued")]
        actions = list(s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())
        assert actions.count("document.issue") == 2


def test_notice_overrides_change_the_document_and_the_rectification(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder)
    with db.read() as s:
        draft = issuing.prepare_issue(s, backend_config, iid, DocumentKind.NOTICE)
    assert draft.can_issue and [f.code for f in draft.findings] == ["T-01", "T-02", "T-03"]
    assert draft.findings[0].correction == "安排执业注册范围相符的医师从事超声诊断工作"
    assert draft.findings[0].deadline_days == 10
    assert draft.number_preview.endswith("001号")
    overrides = {"T-01": FindingOverride(correction="调整超声诊断岗位人员并报本机关备案", deadline_days=45)}
    with pytest.raises(ValidationError):
        issue(
            db,
            backend_config,
            office.office,
            iid,
            DocumentKind.NOTICE,
            overrides={"T-05": FindingOverride(deadline_days=5)},
        )
    with pytest.raises(ValidationError):
        issue(
            db,
            backend_config,
            office.office,
            iid,
            DocumentKind.NOTICE,
            overrides={"T-01": FindingOverride(deadline_days=400)},
        )
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE, overrides=overrides)
    assert notice.number.endswith("001号")  # the refused attempts consumed no number
    text = docx_text(evidence.read_issued(backend_config, notice))
    assert "调整超声诊断岗位人员并报本机关备案" in text
    due = notice.issued_at.astimezone().date() + dt.timedelta(days=45)
    assert f"于{due.year}年{due.month}月{due.day}日前调整超声诊断岗位人员" in text
    with db.read() as s:
        rect = s.get(Rectification, notice.rectification_id)
        assert rect is not None
        first = rect.items["items"][0]
        assert (first["correction"], first["deadline_days"]) == ("调整超声诊断岗位人员并报本机关备案", 45)
        assert rect.deadline == notice.issued_at.astimezone().date() + dt.timedelta(days=45)


def test_refusals_say_why(db: Database, backend_config: Config, office: Office, photo_folder: Path) -> None:
    draft_id = make_inspection(db, backend_config, office, photo_folder, finalize=False)
    with pytest.raises(UserError, match="尚未定稿"):
        issue(db, backend_config, office.office, draft_id, DocumentKind.RECORD)
    clean_id = make_inspection(db, backend_config, office, photo_folder, findings={})
    with pytest.raises(UserError, match="没有不合格项"):
        issue(db, backend_config, office.office, clean_id, DocumentKind.NOTICE)
    with pytest.raises(UserError, match="复查意见书只能针对整改复查"):
        issue(db, backend_config, office.inspector_a, clean_id, DocumentKind.REINSPECTION)
    issue(db, backend_config, office.office, clean_id, DocumentKind.RECORD)
    with pytest.raises(UserError, match="不要重复出具"):
        issue(db, backend_config, office.office, clean_id, DocumentKind.RECORD)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Document)).scalar_one() == 1
        draft = issuing.prepare_issue(s, backend_config, draft_id, DocumentKind.RECORD)
        assert not draft.can_issue and draft.refusals


def test_a_broken_office_template_leaves_no_number_row_or_file(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder)
    broken = _edited_template(DocumentKind.NOTICE, "{{ party.name }", "{{ party.name }}")
    target = office_template_path(backend_config, DocumentKind.NOTICE)
    target.parent.mkdir(parents=True)
    target.write_bytes(broken)
    with pytest.raises(TemplateProblemError) as caught:
        issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    assert "notice.docx" in caught.value.message
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Document)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Rectification)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Counter).where(Counter.year > 0)).scalar_one() == 0
    leftovers = (
        [p for p in backend_config.documents_dir.rglob("*") if p.is_file()]
        if backend_config.documents_dir.exists()
        else []
    )
    assert leftovers == []
    target.unlink()
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    assert notice.number.endswith("001号")


def _edited_template(kind: DocumentKind, new: str, old: str) -> bytes:
    """The built-in template with one placeholder's text replaced, as an office would in Word."""
    word = WordDocument(io.BytesIO(builtin_template(kind).data))
    for paragraph in word.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                out = io.BytesIO()
                word.save(out)
                return out.getvalue()
    raise AssertionError(f"{old} not found")


def test_office_template_wins_and_regeneration_uses_the_archived_one(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder)
    target = office_template_path(backend_config, DocumentKind.NOTICE)
    target.parent.mkdir(parents=True)
    target.write_bytes(_edited_template(DocumentKind.NOTICE, "本县被监督单位：", "被监督单位："))
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    assert notice.template_name == "office:notice.docx"
    assert "本县被监督单位：" in docx_text(evidence.read_issued(backend_config, notice))
    target.write_bytes(
        _edited_template(DocumentKind.NOTICE, "改过的标签：", "被监督单位：")
    )  # edited again later
    with db.read() as s:
        again = evidence.regenerate(s, backend_config, notice.id)
    assert again.identical and again.data == evidence.read_issued(backend_config, notice)


def test_regeneration_is_byte_identical_and_restores_a_lost_file(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder, extra_photos=2)
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    original = evidence.read_issued(backend_config, notice)
    shutil.rmtree(backend_config.photo_dir / "derived")  # working copies are rebuilt from the originals
    notice.file_path.unlink()
    assert evidence.verify_file(backend_config, notice) == "missing"
    with db.write() as s:
        evidence.restore_file(s, office.office, backend_config, notice.id)
    assert evidence.read_issued(backend_config, notice) == original
    files.write(backend_config.key, notice.file_path, original[:-10] + b"0123456789")
    assert evidence.verify_file(backend_config, notice) == "altered"
    out = backend_config.data_dir / "copy.docx"
    with db.read() as s:
        written = evidence.write_copy(s, backend_config, notice.id, out)
    assert written.identical and out.read_bytes() == original


def test_reinspection_opinion_lists_each_item_corrected_or_not(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder)
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    assert notice.rectification_id is not None
    with pytest.raises(UserError):
        issue(db, backend_config, office.inspector_a, iid, DocumentKind.REINSPECTION)
    re_id = make_reinspection(
        db,
        backend_config,
        office,
        photo_folder,
        rectification_id=notice.rectification_id,
        results={"T-02": AnswerResult.NON_COMPLIANT},
    )
    opinion = issue(db, backend_config, office.inspector_a, re_id, DocumentKind.REINSPECTION)
    assert opinion.title == "复查意见书" and opinion.number.endswith("001号")
    text = docx_text(evidence.read_issued(backend_config, opinion))
    assert notice.number in text
    with db.read() as s:
        ctx = s.get(Document, opinion.id).context  # type: ignore[union-attr]
    assert schema.conforms(ctx, schema.REINSPECTION) == []
    assert [(i["no"], i["result_label"]) for i in ctx["items"]] == [
        (1, "已改正"),
        (2, "未改正"),
        (3, "已改正"),
    ]
    assert ctx["items"][1]["found"] == "仍未整改。" and ctx["items"][0]["found"] == "已整改。"
    assert ctx["notice"]["number"] == notice.number and not ctx["all_corrected"]
    assert "立案" in ctx["conclusion"] and "未改正" in text


def test_mark_served_moves_the_notice_and_its_rectification(
    db: Database, backend_config: Config, office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(db, backend_config, office, photo_folder)
    notice = issue(db, backend_config, office.office, iid, DocumentKind.NOTICE)
    record = issue(db, backend_config, office.office, iid, DocumentKind.RECORD)
    with db.write() as s:
        changes = workflows.serve_document(s, office.office, backend_config, notice.id)
        workflows.serve_document(s, office.office, backend_config, record.id)
    assert changes.documents == {notice.id} and changes.rectifications == {notice.rectification_id}
    with db.read() as s:
        assert dviews.get_document(s, backend_config, notice.id).served
    with db.read() as s:
        assert fviews.get_rectification(s, notice.rectification_id).status == "served"  # type: ignore[arg-type]
        assert dviews.list_documents(s, backend_config, dviews.DocumentFilter(served=False)) == []
    with pytest.raises(UserError), db.write() as s:
        workflows.serve_document(s, office.office, backend_config, notice.id)


def test_list_filters_and_export_verifies_every_file(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(db, config, office, photo_folder)
    record = issue(db, config, office.office, iid, DocumentKind.RECORD)
    notice = issue(db, config, office.office, iid, DocumentKind.NOTICE)
    with db.read() as s:
        rows = dviews.list_documents(s, config)
        assert {r.id for r in rows} == {record.id, notice.id}
        assert [r.kind for r in dviews.list_documents(s, config, dviews.DocumentFilter(kind="notice"))] == [
            "notice"
        ]
        assert dviews.list_documents(s, config, dviews.DocumentFilter(text="仁心")) != []
        assert dviews.list_documents(s, config, dviews.DocumentFilter(text="没有这个")) == []
    today = dt.date.today()
    notice.file_path.unlink()  # lost, but regenerates identically
    with db.read() as s:
        report = export.export_documents(
            s, config, today - dt.timedelta(days=1), today + dt.timedelta(days=1), config.data_dir / "export"
        )
    assert len(report.files) == 2 and report.problems == []
    manifest = (config.data_dir / "export" / "manifest.csv").read_text(encoding="utf-8-sig")
    assert notice.number in manifest and record.sha256 in manifest
    for path in report.files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in {record.sha256, notice.sha256}
    with db.read() as s:
        empty = export.export_documents(
            s, config, today + dt.timedelta(days=5), today + dt.timedelta(days=6), config.data_dir / "none"
        )
    assert empty.files == []
    with pytest.raises(ValidationError), db.read() as s:
        export.export_documents(s, config, today, today - dt.timedelta(days=1), config.data_dir / "x")


def test_record_states_facts_not_judgements(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    iid = make_inspection(
        sqlite_db,
        sqlite_config,
        sqlite_office,
        photo_folder,
        findings={"T-02": FINDINGS["T-02"]},
        extra_photos=1,
    )
    record = issue(sqlite_db, sqlite_config, sqlite_office.office, iid, DocumentKind.RECORD)
    with sqlite_db.read() as s:
        ctx = s.get(Document, record.id).context  # type: ignore[union-attr]
    texts = [f["text"] for f in ctx["facts"]]
    assert texts == [  # in checklist order; T-08 (optional) was left unanswered: nothing to state
        "查验操作医师的医师执业证书，执业注册范围与岗位相符。",
        FINDINGS["T-02"],
        "抽查孕期B超检查报告，均有两名医师签名。",  # T-09, shown because T-02 is non-compliant
        "抽查孕期B超检查实名登记，项目完整。",
        "抽查孕期B超检查报告1份。",
        "查验在岗医师的医师执业证书，执业注册地点为本机构。",
        "查看B超室门口，醒目位置张贴有禁止非医学需要的胎儿性别鉴定的标志。",
        "执业登记的机构类别为诊所。",  # T-07, a choice stated through its fact
    ]
    assert all("？" not in t and "T-0" not in t for t in texts)  # never the question, never the code
    assert ctx["facts_note"] == ""
    assert ctx["photo_count"] == 2
    first = ctx["photos"][0]  # the item's photo comes first, in checklist order
    assert first["subject"] == "B超报告" and first["taken_by"] == "张伟"
    assert len(first["sha12"]) == 12 and first["sha256"].startswith(first["sha12"])
    assert first["captured"] == "2026-03-02 09:30:00（UTC+08:00）"
    assert ctx["photos"][1]["subject"] == "现场整体情况"


def test_an_unverified_article_refuses_the_notice_until_the_office_confirms_it(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path, tmp_path: Path
) -> None:
    from inspector.domain import Role
    from inspector.forms.confirm import confirm_article
    from inspector.services.actor import Actor

    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(
        db, config, office, photo_folder, findings={"T-06": "B超室门口未张贴禁止“两非”标志。"}
    )
    with db.read() as s:
        draft = issuing.prepare_issue(s, config, iid, DocumentKind.NOTICE)
    assert not draft.can_issue
    refusal = "\n".join(draft.refusals)
    assert "规定-11" in refusal and "医疗机构管理条例-40" in refusal and "confirm-article" in refusal
    with pytest.raises(UserError, match="规定-11"):
        issue(db, config, office.office, iid, DocumentKind.NOTICE)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Document)).scalar_one() == 0
    supervisor = Actor(office.office.user_id, "王办公", Role.OFFICE)
    legal = config.forms_dir / "legal.toml"
    legal.parent.mkdir(parents=True, exist_ok=True)
    texts = {
        "规定-11": "测试用条文：医疗卫生机构应当在醒目位置张贴禁止标志。",
        "医疗机构管理条例-40": "测试用条文四十。",
    }
    for ref, text in texts.items():
        source = tmp_path / f"{ref}.txt"
        source.write_text(text, encoding="utf-8")
        confirm_article(legal, supervisor, ref, source="测试来源", text=source.read_text(encoding="utf-8"))
    notice = issue(db, config, office.office, iid, DocumentKind.NOTICE)
    text = docx_text(evidence.read_issued(config, notice))
    assert "测试用条文：医疗卫生机构应当在醒目位置张贴禁止标志。" in text  # the confirmed text is printed
    assert "待核实" not in text


def test_void_and_correct_keep_the_register(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(db, config, office, photo_folder)
    notice = issue(db, config, office.office, iid, DocumentKind.NOTICE)
    with pytest.raises(UserError), db.write() as s:  # an inspector may not void
        workflows.void_document(s, office.inspector_a, config, notice.number, "写错了")
    with pytest.raises(ValidationError), db.write() as s:
        workflows.void_document(s, office.office, config, notice.number, "  ")
    with db.write() as s:
        workflows.void_document(s, office.office, config, notice.number, "当事人名称写错")
    with db.read() as s:
        voided = dviews.get_document(s, config, notice.id)
        assert voided.voided and voided.void_reason == "当事人名称写错" and voided.voided_by_name == "王办公"
        assert dviews.find_issued(s, config, iid, DocumentKind.NOTICE) is None
    changes = workflows.perform(
        db, lambda s: workflows.issue_document(s, office.office, config, iid, "notice", replaces=notice.id)
    )
    assert changes.created is not None
    with db.read() as s:
        corrected = dviews.get_document(s, config, changes.created)
        old = dviews.get_document(s, config, notice.id)
        rows = dviews.list_documents(s, config)
        rect = s.get(Rectification, notice.rectification_id)
    assert corrected.number.endswith("002号") and corrected.replaces == notice.id
    assert old.replaced_by == corrected.id and {r.id for r in rows} == {notice.id, corrected.id}
    assert rect is not None and rect.notice_id == corrected.id
    assert f"取代{notice.issued_at.astimezone().year}年" in docx_text(evidence.read_issued(config, corrected))
    assert notice.number in docx_text(evidence.read_issued(config, corrected))


def test_an_addendum_after_the_record_makes_a_supplementary_record(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    from inspector.services import addenda

    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(db, config, office, photo_folder)
    record = issue(db, config, office.office, iid, DocumentKind.RECORD)
    with pytest.raises(UserError):
        issue(db, config, office.office, iid, DocumentKind.SUPPLEMENT)  # nothing to add yet
    with db.write() as s:
        addenda.add_addendum(s, office.inspector_a, iid, text="现场另查见耦合剂2瓶", reason="笔录遗漏")
    supplement = issue(db, config, office.office, iid, DocumentKind.SUPPLEMENT)
    text = docx_text(evidence.read_issued(config, supplement))
    assert supplement.number.startswith("示卫监补录〔") and record.number in text
    assert "现场另查见耦合剂2瓶。" in text and "笔录遗漏" in text
    with pytest.raises(UserError):
        issue(db, config, office.office, iid, DocumentKind.SUPPLEMENT)  # already stated
    again = docx_text(evidence.read_issued(config, record))
    assert "耦合剂2瓶" not in again  # the issued record never changes


def test_the_record_needs_the_person_in_charge_and_the_recusal_answer(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(db, config, office, photo_folder, signing=None)
    with db.read() as s:
        draft = issuing.prepare_issue(s, config, iid, DocumentKind.RECORD)
    assert not draft.can_issue and any("回避" in r for r in draft.refusals)
    with pytest.raises(UserError, match="回避"):
        issue(db, config, office.office, iid, DocumentKind.RECORD)


def test_dates_out_of_order_are_refused(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(db, config, office, photo_folder)
    with pytest.raises(UserError, match=r"早于|之前|before"):
        workflows.perform(
            db,
            lambda s: workflows.issue_document(
                s,
                office.office,
                config,
                iid,
                "notice",
                issued_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=5),
            ),
        )
