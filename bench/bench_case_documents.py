"""The case documents: a long 询问笔录 (60 问/答 pairs, several pages) through the document engine (the
sandboxed docxtpl template, the reproducible package writer, atomic write) against plain python-docx
writing the same text and saving it, in the same run. Target: <= 2x plain, as for the notice.

Also reported, for context, each of the five kinds rendered from a filled sample context (the
preservation decision with 10 kept items, the transfer with 12 materials), against the same baseline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import Result, interleaved_medians, median_time

PAIRS = 60


def _interview_context() -> dict[str, Any]:
    from inspector.documents import schema

    context = schema.sample_context("interview")
    context["pairs"] = [
        {
            "no": n,
            "question": f"第{n}次检查收费多少，对方是谁？",
            "answer": "每次收两百元，是附近村里的孕妇。" * 3,
        }
        for n in range(1, PAIRS + 1)
    ]
    return context


def _filled(kind: str) -> dict[str, Any]:
    from inspector.documents import schema

    context = schema.sample_context(kind)
    if "items" in context:
        context["items"] = [dict(context["items"][0], no=n, name=f"物品{n}") for n in range(1, 11)]
    if "materials" in context:
        context["materials"] = [dict(context["materials"][0], no=n) for n in range(1, 13)]
    return context


def _plain(context: dict[str, Any], out: Path) -> None:
    """The same 询问笔录 written with python-docx's own API, as one would without a template."""
    from docx import Document

    doc = Document()
    doc.add_paragraph(context["unit_name"])
    doc.add_heading(context["title"], level=1)
    doc.add_paragraph(context["number"])
    talk = context["interview"]
    for label, value in (
        ("案由：", context["case"]["cause"]),
        ("询问时间：", talk["period"]),
        ("询问地点：", talk["place"]),
        ("询问人：", context["officer_names"]),
        ("被询问人：", talk["person"]["name"]),
        ("身份证号：", talk["person"]["id_number"]),
        ("与本案关系：", talk["person"]["relation"]),
    ):
        p = doc.add_paragraph(label)
        p.add_run(value).underline = True
    for a in context["basis"]:
        doc.add_paragraph(f"{a['citation']}规定：“{a['text']}”")
    for q in context["pairs"]:
        doc.add_paragraph(f"问：{q['question']}")
        doc.add_paragraph(f"答：{q['answer']}")
    doc.add_paragraph("被询问人意见（亲笔）：")
    doc.sections[0].footer.paragraphs[0].text = "被询问人（签名）：            日期：    年  月  日"
    doc.save(str(out))


def run() -> list[Result]:
    from inspector.documents.package import write_atomic
    from inspector.documents.render import render_docx
    from inspector.documents.templates import builtin_template
    from inspector.domain.documents import CASE_DOCUMENT_KINDS

    out = Path(tempfile.mkdtemp(prefix="inspector-bench-cases-"))
    context = _interview_context()
    template = builtin_template("interview").data

    def no_picture(_entry: object) -> bytes:
        raise AssertionError("a case document shows no picture")

    def ours() -> None:
        write_atomic(out / "ours.docx", render_docx(template, context, no_picture, template_name="interview"))

    def plain() -> None:
        _plain(context, out / "plain.docx")

    t_ours, t_plain = interleaved_medians(ours, plain, repeat=9)
    ratio = t_ours / t_plain
    results = [
        Result(
            f"询问笔录 {PAIRS} pairs: plain python-docx", round(t_plain * 1000, 1), "ms", "baseline", True
        ),
        Result(
            f"询问笔录 {PAIRS} pairs: template render + write", round(t_ours * 1000, 1), "ms", "info", True
        ),
        Result(f"询问笔录 {PAIRS} pairs: ratio template / plain", round(ratio, 2), "x", "<= 2", ratio <= 2),
    ]
    for kind in CASE_DOCUMENT_KINDS:
        filled = _filled(kind.value)
        data = builtin_template(kind).data
        t = median_time(
            lambda data=data, filled=filled, name=kind.value: render_docx(
                data, filled, no_picture, template_name=name
            ),
            repeat=7,
        )
        results.append(
            Result(
                f"case document {kind.value}: render / plain 询问笔录",
                round(t / t_plain, 2),
                "x",
                "info",
                True,
            )
        )
    return results
