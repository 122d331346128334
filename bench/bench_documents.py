"""Generating a notice with 10 findings and 20 photos: the document engine (docxtpl template, the
reproducible package writer, atomic write) against plain python-docx writing the same content
(same texts, same 20 working-copy JPEGs) and saving it, in the same run. Target: <= 2x plain. (The
office here switches photos on for the notice, so both write the same 20 pictures.)

Also reported: the whole preview path (database reads, context, render, write), which is what issuing
costs apart from the number and the rows; and the preview's PDF through LibreOffice, cold (a fresh
LibreOffice each time) beside warm (the session's, after the first): the notice without photos (as
an office issues it; target <= 1 s warm) and the 笔录 with its 20-photo annex (for information).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import uuid
from pathlib import Path
from typing import Any

from bench.common import Result, interleaved_medians, median_time

FINDINGS = 10
PHOTOS = 20
# Verified articles only: a document citing an unverified one is refused.
REFS = ["人口与计划生育法-39", "医师法-14.1", "药品管理法-57", "母婴保健法-32.1", "药品管理法-130"]


def _form_toml() -> str:
    items = []
    for i in range(1, FINDINGS + 1):
        ref = REFS[i % len(REFS)]
        items.append(
            f'[[sections.items]]\ncode = "B-{i:02d}"\nquestion = "检查项目第{i}项"\nlegal = ["{ref}"]\n'
            f'correction = "按规定整改第{i}项问题"\ndeadline_days = {5 + i}\n'
        )
    return (
        'format = 1\nid = "bench-notice"\nversion = "1"\nsite_kinds = ["clinic"]\n'
        'title = { zh = "基准检查表", en = "Bench checklist" }\n\n[[sections]]\nid = "all"\n'
        'title = { zh = "全部", en = "All" }\n\n' + "\n".join(items)
    )


def _setup(base: Path) -> tuple[Any, Any, uuid.UUID]:
    from inspector import workflows
    from inspector.config import resolve
    from inspector.demo.photos import make_demo_photo
    from inspector.domain import AnswerResult
    from inspector.domain.office import OfficeSettings
    from inspector.forms import load_form_bytes
    from inspector.services import inspections, photos, sites, users
    from inspector.services import settings as settings_service
    from inspector.services.actor import SYSTEM
    from inspector.services.signing import SigningDetails
    from inspector.storage.db import open_database

    config = resolve(base / "data")
    db = open_database(config)
    form = load_form_bytes(_form_toml().encode("utf-8"), "bench.toml")
    with db.write() as s:
        settings_service.save(
            s, SYSTEM, OfficeSettings(review_body="某县人民政府", court="某县人民法院", notice_photos=True)
        )
        a = users.create_user(s, SYSTEM, users.UserInput("bench1", "张伟", cert_no="41010020200001"))
        b = users.create_user(s, SYSTEM, users.UserInput("bench2", "李芳", cert_no="41010020200002"))
        site = sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(
                kind="clinic",
                name="基准测试诊所",
                address="城关镇1号",
                legal_rep="王建国",
                phone="13800000000",
            ),
        )
        view = inspections.start_inspection(
            s,
            SYSTEM,
            inspections.StartInput(
                site_id=site.id,
                form=form,
                inspector_ids=[a.id, b.id],
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
                party_name="王建国",
            ),
        )
    for i, item in enumerate(form.items):
        with db.write() as s:
            inspections.record_answer(
                s,
                SYSTEM,
                view.id,
                item.code,
                result=AnswerResult.NON_COMPLIANT,
                finding=f"现场发现第{i + 1}项问题：登记簿10月12日至10月20日共14例未登记身份证号。",
            )
    shots = [
        make_demo_photo(base / "camera" / f"p{i:02d}.jpg", f"证据{i + 1}", seed=i) for i in range(PHOTOS)
    ]
    for i, path in enumerate(shots):
        report = photos.ingest_files(db, config, SYSTEM, view.id, [path], form.items[i % FINDINGS].code)
        assert report.ok, report.summary()
    details = SigningDetails(party_name="王建国", party_title="负责人", recusal="declined")
    with db.write() as s:
        workflows.finalize_inspection(s, SYSTEM, view.id, details=details)
    return db, config, view.id


def _plain(context: dict[str, Any], images: list[Path | bytes], out: Path) -> None:
    """The same notice written with python-docx's own API, as one would without a template."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    doc.add_paragraph(context["unit_name"])
    doc.add_heading(context["title"], level=1)
    doc.add_paragraph(context["number"])
    party = context["party"]
    for label, value in (
        ("被监督单位：", party["name"]),
        (f"{party['id_label']}：", party["id_no"]),
        ("地址：", party["address"]),
        (f"{party['head_label']}：", party["head"]),
    ):
        p = doc.add_paragraph(label)
        p.add_run(value).underline = True
    doc.add_paragraph(context["opening"])
    for f in context["findings"]:
        doc.add_paragraph(f"{f['no']}、{f['fact']}")
        if f["violation"]:
            doc.add_paragraph(f["violation"])
        doc.add_paragraph(f["order"])
    doc.add_paragraph(context["closing"])
    doc.add_paragraph(context["remedies"])
    doc.add_paragraph(f"{context['unit_name']}（印章）")
    doc.add_paragraph(context["issue_date"])
    doc.add_paragraph("本文书一式两份，一份存档，一份交当事人。")
    for a in context["articles"]:
        doc.add_paragraph(f"{a['citation']}：“{a['text']}”")
    doc.add_paragraph(f"附件：现场检查照片（共{context['photo_count']}张）")
    table = doc.add_table(rows=1, cols=2)
    for photo, image in zip(context["photos"], images, strict=True):
        cells = table.add_row().cells
        picture = io.BytesIO(image) if isinstance(image, bytes) else str(image)
        cells[0].paragraphs[0].add_run().add_picture(picture, width=Mm(86))
        cells[1].text = (
            f"照片{photo['no']}：{photo['subject']}\n拍摄人：{photo['taken_by']}\n"
            f"拍摄时间：{photo['captured']}\n校验值：{photo['sha12']}"
        )
    doc.save(str(out))


def run() -> list[Result]:
    from inspector.documents.package import write_atomic
    from inspector.documents.render import render_docx
    from inspector.documents.templates import builtin_template
    from inspector.domain import DocumentKind
    from inspector.services import photos as photos_service
    from inspector.services.documents import issuing

    base = Path(tempfile.mkdtemp(prefix="inspector-bench-documents-"))
    db, config, inspection_id = _setup(base)
    out = base / "out"
    out.mkdir()
    with db.read() as s:
        context = issuing.draft_context(
            s, config, inspection_id, DocumentKind.NOTICE, number="示卫监意〔2026〕001号"
        )
        by_id = {str(p.id): p for p in photos_service.list_photos(s, inspection_id)}
    assert len(context["findings"]) == FINDINGS and len(context["photos"]) == PHOTOS
    images = {
        p["photo_id"]: photos_service.evidence_image(config, by_id[p["photo_id"]]) for p in context["photos"]
    }
    ordered = [images[p["photo_id"]] for p in context["photos"]]
    template = builtin_template(DocumentKind.NOTICE).data

    def ours() -> None:
        data = render_docx(template, context, lambda p: images[p["photo_id"]], template_name="notice.docx")
        write_atomic(out / "ours.docx", data)

    def plain() -> None:
        _plain(context, ordered, out / "plain.docx")

    t_ours, t_plain = interleaved_medians(ours, plain, repeat=9)
    ratio = t_ours / t_plain

    def full_preview() -> None:
        with db.read() as s:
            issuing.preview_document(s, config, inspection_id, DocumentKind.NOTICE, out / "preview.docx")

    t_preview = median_time(full_preview, repeat=5, warmup=1)
    plain_notice = dict(context, photos=[], photo_count=0)  # as issued: photos only in the 笔录
    write_atomic(out / "notice.docx", render_docx(template, plain_notice, None, template_name="notice.docx"))
    with db.read() as s:
        issuing.preview_document(s, config, inspection_id, DocumentKind.RECORD, out / "record.docx")
    pdf_results = _pdf_preview(out / "notice.docx", out, "notice, no photos", "<= 1")
    pdf_results += _pdf_preview(out / "record.docx", out, "笔录 with 20-photo annex", "info")
    size_ours = (out / "ours.docx").stat().st_size / 1e6
    size_plain = (out / "plain.docx").stat().st_size / 1e6
    db.close()
    return [
        Result(
            "notice 10 findings/20 photos: plain python-docx",
            round(t_plain * 1000, 1),
            "ms",
            "baseline",
            True,
        ),
        Result(
            "notice 10 findings/20 photos: template render + write",
            round(t_ours * 1000, 1),
            "ms",
            "info",
            True,
        ),
        Result(
            "notice 10 findings/20 photos: ratio template / plain", round(ratio, 2), "x", "<= 2", ratio <= 2
        ),
        Result(
            "notice 10 findings/20 photos: preview incl. database",
            round(t_preview * 1000, 1),
            "ms",
            "info",
            True,
        ),
        Result(
            "notice 10 findings/20 photos: file size template / plain",
            round(size_ours / size_plain, 2),
            "x",
            "info",
            True,
        ),
        *pdf_results,
    ]


def _pdf_preview(docx: Path, out: Path, what: str, target: str) -> list[Result]:
    """A document's pages through LibreOffice: a fresh LibreOffice each time (cold) against the
    session's warm one (every preview after the first), side by side in one run."""
    from inspector.documents import pdf, warm_pdf

    if pdf.find_soffice() is None:
        return [Result(f"{what} preview PDF: LibreOffice missing", float("nan"), "s", target, False)]

    def cold() -> None:
        pdf.convert_to_pdf([(docx, out / f"cold-{docx.stem}.pdf")])

    def warm() -> None:
        warm_pdf.convert(docx, out / f"warm-{docx.stem}.pdf")

    t_cold = median_time(cold, repeat=3, warmup=0)
    warm_available = warm_pdf.warm_office() is not None
    t_warm = median_time(warm, repeat=7, warmup=1)  # the warm-up is the session's first preview
    warm_pdf.close()
    passed = True if target == "info" else warm_available and t_warm <= 1.0
    return [
        Result(f"{what} preview PDF: cold LibreOffice each time", round(t_cold, 2), "s", "baseline", True),
        Result(
            f"{what} preview PDF: warm LibreOffice (after the first)", round(t_warm, 2), "s", target, passed
        ),
        Result(f"{what} preview PDF: ratio warm / cold", round(t_warm / t_cold, 2), "x", "info", True),
    ]


if __name__ == "__main__":  # pragma: no cover
    for r in run():
        print(r)
