"""The templates: the built-in ones are valid, reproducible and laid out as official documents; the
checker finds what an office's edit in Word can break."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from inspector.cli import main
from inspector.documents import schema
from inspector.documents.render import TemplateProblemError, render_docx
from inspector.documents.template_check import check_template
from inspector.documents.templates import FILENAMES, builtin_template
from inspector.domain import DocumentKind
from inspector.domain.documents import CASE_DOCUMENT_KINDS

ROOT = Path(__file__).resolve().parents[2]
# The inspection's documents; the case documents' templates are tested in test_case_templates.py.
INSPECTION_KINDS = [k for k in DocumentKind if k not in CASE_DOCUMENT_KINDS]


def _template_with(text: str, kind: DocumentKind = DocumentKind.NOTICE) -> bytes:
    """The built-in template with one more paragraph, as an office would type it in Word."""
    word = WordDocument(io.BytesIO(builtin_template(kind).data))
    word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", INSPECTION_KINDS)
def test_builtin_templates_pass_the_check(kind: DocumentKind) -> None:
    report = check_template(builtin_template(kind).data, FILENAMES[kind], kind)
    assert report.ok, report.errors
    assert report.warnings == [] and report.kind is kind
    assert {"number", "party.name", "unit_name"} <= set(report.placeholders)
    assert ("photos" in report.placeholders) == (kind in (DocumentKind.RECORD, DocumentKind.NOTICE))


def test_the_build_script_reproduces_the_committed_templates(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "scripts" / "build_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in FILENAMES.values():
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / name).read_bytes(), (
            f"templates/{name} is stale: run scripts/build_templates.py"
        )


@pytest.mark.parametrize("kind", INSPECTION_KINDS)
def test_layout_is_an_official_a4_document_with_chinese_fonts(kind: DocumentKind) -> None:
    word = WordDocument(io.BytesIO(builtin_template(kind).data))
    section = word.sections[0]

    def mm(*lengths: object) -> list[float]:
        return [round(length.mm) for length in lengths]  # type: ignore[attr-defined]

    assert mm(section.page_width, section.page_height) == [210, 297]  # A4
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == [
        37,
        35,
        28,
        26,
    ]

    def east_asian(style_name: str) -> str:
        fonts = word.styles[style_name].element.rPr.find(qn("w:rFonts"))
        return str(fonts.get(qn("w:eastAsia")))

    assert east_asian("Normal") == "仿宋"
    assert east_asian("文书正文") == "仿宋"
    assert east_asian("文书标题") == "黑体"
    footer = "".join(p._p.xml for p in section.footer.paragraphs)
    assert "PAGE" in footer and "NUMPAGES" in footer  # 第 X 页 共 Y 页
    signed = "当事人签名" in "".join(p.text for p in section.footer.paragraphs)
    assert signed == (kind in (DocumentKind.RECORD, DocumentKind.SUPPLEMENT))  # a 笔录 on every page
    text = "\n".join(p.text for p in word.paragraphs)
    assert "本文书一式两份，一份存档，一份交当事人。" in text
    assert "{{ number }}" in text
    for table in word.tables:  # fixed widths; rows never split; the header repeats, never wraps
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert all(c.find(qn("w:tcPr")).find(qn("w:noWrap")) is not None for c in rows[0].findall(qn("w:tc")))
    paragraphs = word.paragraphs
    seal = [i for i, p in enumerate(paragraphs) if "（印章）" in p.text or "执法人员（签名）" in p.text]
    for i in seal:  # the block and the paragraph before it stay on one page
        assert paragraphs[i - 1].paragraph_format.keep_with_next or paragraphs[i - 1].text.startswith("{%p")


def test_unknown_placeholders_are_reported_with_their_paragraph() -> None:
    data = _template_with(
        "负责人：{{ site.nmae }}{% for f in findings %}{{ f.corection }}{% endfor %}{{ inspecter }}"
    )
    report = check_template(data, "notice.docx", DocumentKind.NOTICE)
    assert not report.ok
    joined = "\n".join(report.errors)
    assert "site.nmae" in joined and "findings[].corection" in joined and "inspecter" in joined
    assert "负责人" in joined  # the paragraph, so the person finds it in Word


def test_loops_sets_and_filters_resolve_against_the_schema() -> None:
    data = _template_with(
        "{% set n = findings|length %}{{ n }}{% for f in findings %}{{ loop.index }}"
        "{{ f.violates|upper }}{% endfor %}{% for a in articles %}{{ a.citation }}{% endfor %}"
        "{{ photos[0].caption }}{{ party['name'] }}"
    )
    assert check_template(data, "notice.docx", DocumentKind.NOTICE).ok
    # a record has no findings: the same text is wrong there
    assert not check_template(
        _template_with("{{ findings }}", DocumentKind.RECORD), "record.docx", DocumentKind.RECORD
    ).ok


def test_the_kind_comes_from_the_fields_and_a_mix_is_reported(tmp_path: Path) -> None:
    from inspector.documents.template_check import check_file

    record_only = tmp_path / "我们的笔录.docx"  # not named record.docx
    record_only.write_bytes(builtin_template(DocumentKind.RECORD).data)
    report = check_file(record_only)
    assert report.ok and report.kind is DocumentKind.RECORD and report.warnings == []
    mixed = tmp_path / "notice.docx"
    mixed.write_bytes(_template_with("{% for f in facts %}{{ f.text }}{% endfor %}"))
    report = check_file(mixed)
    assert any("现场检查笔录" in w and "卫生监督意见书" in w for w in report.warnings), report.warnings
    none = tmp_path / "plain.docx"
    word = WordDocument()
    word.add_paragraph("{{ number }} {{ party.name }}")
    word.save(str(none))
    report = check_file(none)
    assert report.kind is None and any("不属于任何一种" in w or "kind" in w for w in report.warnings)


def test_an_unclosed_block_is_reported_where_it_opens() -> None:
    word = WordDocument(io.BytesIO(builtin_template(DocumentKind.NOTICE).data))
    for paragraph in word.paragraphs:
        if paragraph.text == "{%p endfor %}":  # the findings loop's end deleted in Word
            paragraph._p.getparent().remove(paragraph._p)
            break
    out = io.BytesIO()
    word.save(out)
    report = check_template(out.getvalue(), "notice.docx", DocumentKind.NOTICE)
    assert not report.ok
    message = report.errors[0]
    assert "endfor" in message and "{{ f.no }}" not in message
    assert "for f in findings" in message, message


def test_syntax_errors_are_explained() -> None:
    report = check_template(_template_with("{% if site.name %}没有结束"), "notice.docx", DocumentKind.NOTICE)
    assert not report.ok and "没有结束" in report.errors[0]
    report = check_template(b"not a zip at all", "notice.docx", DocumentKind.NOTICE)
    assert not report.ok and "notice.docx" in report.errors[0]


def test_render_refuses_a_placeholder_missing_from_the_context() -> None:
    with pytest.raises(TemplateProblemError):
        render_docx(
            _template_with("{{ no_such_thing }}"),
            schema.sample_context("notice"),
            None,
            template_name="notice.docx",
        )


def test_escaping_keeps_the_xml_valid() -> None:
    context = schema.sample_context("record")
    context["party"]["name"] = '仁心诊所 <B超> & "药店"'
    data = render_docx(builtin_template("record").data, context, None, template_name="record.docx")
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)
    assert '仁心诊所 <B超> & "药店"' in text


def test_cli_templates_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "notice.docx"
    good.write_bytes(builtin_template("notice").data)
    assert main(["--data-dir", str(tmp_path / "d"), "templates", "check", str(good)]) == 0
    assert "notice.docx" in capsys.readouterr().out
    bad = tmp_path / "notice-edited.docx"
    bad.write_bytes(_template_with("{{ site.nmae }}"))
    assert main(["--data-dir", str(tmp_path / "d"), "templates", "check", str(bad), "--kind", "notice"]) == 1
    assert "site.nmae" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "d"), "templates", "fields", "--kind", "notice"]) == 0
    assert "findings[].violates" in capsys.readouterr().out
    assert (
        main(["--data-dir", str(tmp_path / "d"), "templates", "check", str(tmp_path / "missing.docx")]) == 2
    )
