"""Build the built-in Word templates (templates/record.docx, notice.docx, reinspection.docx,
supplement.docx).

Run ``.venv/bin/python scripts/build_templates.py`` after changing the layout here; the generated
.docx files are committed, and office staff restyle their own copies in Word (a copy placed in the
data directory's ``templates`` folder overrides the built-in one).

Layout follows the usual form of 卫生行政执法文书 (GB/T 9704 page): A4, margins 37/35/28/26 mm, body in
仿宋 四号, titles in 黑体, the document number under the title, signature and seal blocks, the
party's receipt, the two-copy note, 第 X 页 共 Y 页 in the footer. What must hold in Word and in
LibreOffice alike:

- A 笔录's footer carries the party's signature and date line on every page (the party signs each
  page), above the page number.
- The closing text, the signature and seal blocks and the two-copy note are one chain of
  keep-with-next paragraphs: a seal never stands alone at the top of a page, and no page holds only
  the copy note.
- Tables have a fixed layout and widths (a two-character header such as 序号 never wraps), rows never
  split across pages, the header row repeats.
- Photos are the 笔录's evidence annex (and the notice's only when the office asks), each captioned
  with the item's short name, who took it and when, followed by the party's confirmation line.

The page, fonts, styles, paragraphs and table cells are made in ``template_docx.py``. Every font is set
with its East Asian name (``w:eastAsia``), since python-docx's ``font.name`` only sets the Latin one.
Placeholders are docxtpl / Jinja (``{{ site.name }}``; ``{%p for %}`` repeats a paragraph,
``{%tr for %}`` a table row); the names available are in ``inspector/documents/schema.py``
(``inspector templates fields``).

The output is byte-for-byte reproducible (fixed zip dates and core properties).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.documents.package import docx_bytes, write_atomic  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # template_docx, beside this file
from template_docx import (  # noqa: E402
    BLANK_DATE,
    BUILT_AT,
    TWO_COPIES,
    WRITE_LINE,
    _cell,
    _lang_zh,
    _p,
    _page,
    _row_flags,
    _styles,
    _tag,
    _widths,
)


def _header(document: Document, title: str) -> None:
    _p(document, "文书机关", "{{ unit_name }}")
    _p(document, "文书标题", title)
    _p(document, "文书编号", "{{ number }}")
    _tag(document, "{%p if replaces %}")
    _p(document, "附注", "{{ replaces }}")
    _tag(document, "{%p endif %}")


def _party_block(document: Document, party_label: str) -> None:
    """名称, 统一社会信用代码 or 身份证号, 许可证号 where there is one, 地址, 法定代表人/负责人, 电话."""
    _p(document, "文书栏目", f"{party_label}：", "_{{ party.name }}")
    _p(document, "文书栏目", "{{ party.id_label }}：", "_{{ party.id_no }}")
    _tag(document, "{%p if party.licence_no %}")
    _p(document, "文书栏目", "许可证号：", "_{{ party.licence_no }}")
    _tag(document, "{%p endif %}")
    _p(document, "文书栏目", "地址：", "_{{ party.address }}")
    _p(
        document,
        "文书栏目",
        "{{ party.head_label }}：",
        "_{{ party.head }}",
        "    联系电话：",
        "_{{ party.phone }}",
    )


def _present(document: Document) -> None:
    _p(
        document,
        "文书栏目",
        "现场负责人：",
        "_{{ present.name }}",
        "    职务：",
        "_{{ present.title }}",
        "    联系电话：",
        "_{{ present.phone }}",
    )
    _tag(document, "{%p if present.id_no %}")
    _p(document, "文书栏目", "现场负责人身份证号：", "_{{ present.id_no }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if present.companions %}")
    _p(document, "文书栏目", "陪同人员：", "_{{ present.companions }}")
    _tag(document, "{%p endif %}")


def _photo_appendix(document: Document) -> None:
    """附件：现场检查照片 — one row per photo: the picture, then what it shows, who took it, when."""
    _tag(document, "{%p if photos %}")
    _p(document, "附件标题", "附件：现场检查照片（共{{ photo_count }}张）", page_break=True)
    _p(document, "表格文字", "文书编号：{{ number }}    当事人：{{ party.name }}")
    table = document.add_table(rows=4, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(table.cell(0, 0), document, "照片", align=WD_ALIGN_PARAGRAPH.CENTER, no_wrap=True)
    _cell(table.cell(0, 1), document, "说明", align=WD_ALIGN_PARAGRAPH.CENTER, no_wrap=True)
    _row_flags(table.rows[0], header=True)
    _cell(table.cell(1, 0), document, "{%tr for p in photos %}")
    _cell(table.cell(2, 0), document, "{{ p.image }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(
        table.cell(2, 1),
        document,
        "照片{{ p.no }}：{{ p.subject }}{% if p.caption %}（{{ p.caption }}）{% endif %}"
        "{% if p.annotated %}（图上标注系执法人员所加）{% endif %}",
        "拍摄人：{{ p.taken_by }}",
        "拍摄时间：{{ p.captured }}",
        "校验值（SHA256）：{{ p.sha12 }}",
    )
    _row_flags(table.rows[2])
    _cell(table.cell(3, 0), document, "{%tr endfor %}")
    _widths(table, [86, 70])
    _p(document, "签名栏", "当事人对以上照片的确认意见：", "_" + "　" * 14, keep=True)
    _p(document, "签名栏", "当事人（签名）：", "_                    ", "    ", BLANK_DATE)
    _tag(document, "{%p endif %}")


def _officers(document: Document, label: str = "执法人员（签名）：") -> None:
    _p(
        document,
        "签名栏",
        label,
        "_                  ",
        "  ",
        "_                  ",
        "  ",
        BLANK_DATE,
        keep=True,
    )


def _party_statement(document: Document) -> None:
    """The party's own words: a label and blank lines, nothing printed for the party to adopt."""
    _p(
        document,
        "签名栏",
        "当事人意见（由当事人书写对笔录的意见，如“以上笔录已看过（或已向我宣读），与事实相符”）：",
        keep=True,
    )
    for _ in range(3):
        _p(document, "签名栏", "_" + WRITE_LINE, keep=True)
    _p(document, "签名栏", "当事人（签名）：", "_                    ", "    ", BLANK_DATE, keep=True)


def _witness(document: Document) -> None:
    _p(document, "签名栏", "当事人拒绝签名的，由执法人员注明情况：", "_" + "　" * 11, keep=True)
    _p(
        document,
        "签名栏",
        "见证人（签名）：",
        "_              ",
        "  身份证号或工作单位：",
        "_                ",
        keep=True,
    )


def _seal(document: Document) -> None:
    paragraph = _p(document, "落款", "{{ unit_name }}（印章）", keep=True)
    paragraph.paragraph_format.space_before = Pt(18)  # type: ignore[attr-defined]
    _p(document, "落款", "{{ issue_date }}", keep=True)


def _tail(document: Document) -> None:
    """The paragraph Word needs after a final table, 1 pt high so it never spills onto a blank page."""
    paragraph = document.add_paragraph(style=document.styles["Normal"])
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(1)
    mark = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)
    mark.append(rpr)


def _no_stretched_breaks(document: Document) -> None:
    """A line that ends in a line break (the 项 of a quoted article) is not stretched to the margin in
    a justified paragraph: the compatibility switch Word and LibreOffice both read."""
    compat = document.settings.element.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        document.settings.element.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))  # before useFELayout and compatSetting


def _new_document(*, signed_each_page: bool = False) -> Document:
    document = Document()
    for paragraph in list(document.paragraphs):  # python-docx's default template has none; be sure
        paragraph._element.getparent().remove(paragraph._element)
    _lang_zh(document)
    _styles(document)
    _page(document, signed_each_page=signed_each_page)
    _no_stretched_breaks(document)
    props = document.core_properties
    props.author = "inspector"
    props.comments = "Placeholders: inspector templates fields"
    props.keywords = ""
    props.subject = ""
    props.category = ""
    return document


def build_record() -> Document:
    """现场检查笔录: facts, the 回避 answer, the party's own words, signatures on every page."""
    document = _new_document(signed_each_page=True)
    document.core_properties.title = "现场检查笔录"
    _header(document, "{{ title }}")
    _party_block(document, "当事人")
    _p(document, "文书栏目", "检查时间：", "_{{ inspection.period }}")
    _p(document, "文书栏目", "检查地点：", "_{{ inspection.location }}")
    _p(document, "文书栏目", "执法人员：", "_{{ inspectors_text }}")
    _present(document)
    _p(document, "文书正文", "{{ announcement }}")
    _p(document, "文书正文", "{{ recusal }}")
    _tag(document, "{%p if grounds %}")
    _p(document, "文书正文", "{{ grounds }}")
    _tag(document, "{%p endif %}")
    _p(document, "文书小标题", "现场检查情况：", keep=True)
    _tag(document, "{%p for f in facts %}")
    _p(document, "文书正文", "{{ f.no }}、{{ f.text }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if facts_note %}")
    _p(document, "文书正文", "{{ facts_note }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if additions %}")
    _p(document, "文书小标题", "补充记录：", keep=True)
    _tag(document, "{%p for a in additions %}")
    _p(document, "文书正文", "{{ a.no }}、{{ a.text }}（补充原因：{{ a.reason }}；记录人：{{ a.recorded }}）")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if signing.note %}")
    _p(document, "文书正文", "{{ photos_note }}")
    _p(document, "文书正文", "{{ signing.note }}", keep=True)
    _tag(document, "{%p else %}")
    _p(document, "文书正文", "{{ photos_note }}", keep=True)
    _tag(document, "{%p endif %}")
    _party_statement(document)
    _officers(document)
    _p(document, "签名栏", "记录人（签名）：", "_                  ", keep=True)
    _witness(document)
    _p(document, "附注", TWO_COPIES)
    _photo_appendix(document)
    _tail(document)
    return document


def build_supplement() -> Document:
    """补充笔录: what addenda add to an issued 笔录, signed like it."""
    document = _new_document(signed_each_page=True)
    document.core_properties.title = "补充笔录"
    _header(document, "{{ title }}")
    _party_block(document, "当事人")
    _p(document, "文书栏目", "原笔录：", "_{{ record.number }}", "    制作日期：", "_{{ record.date }}")
    _p(document, "文书栏目", "执法人员：", "_{{ inspectors_text }}")
    _present(document)
    _p(document, "文书正文", "{{ opening }}")
    _tag(document, "{%p for a in additions %}")
    # kept with what follows: the last addition goes onto the page the party signs
    _p(
        document,
        "文书正文",
        "{{ a.no }}、{{ a.text }}（补充原因：{{ a.reason }}；记录人：{{ a.recorded }}）",
        keep=True,
    )
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if signing.note %}")
    _p(document, "文书正文", "{{ signing.note }}", keep=True)
    _tag(document, "{%p endif %}")
    _party_statement(document)
    _officers(document)
    _witness(document)
    _p(document, "附注", TWO_COPIES)
    _tail(document)
    return document


def build_notice() -> Document:
    """卫生监督意见书: the title comes from the office settings (``{{ title }}``)."""
    document = _new_document()
    document.core_properties.title = "卫生监督意见书"
    _header(document, "{{ title }}")
    _party_block(document, "被监督单位")
    _p(document, "文书正文", "{{ opening }}")
    _tag(document, "{%p for f in findings %}")
    _p(document, "文书正文", "{{ f.no }}、{{ f.fact }}")
    _tag(document, "{%p if f.violation %}")
    _p(document, "文书正文", "{{ f.violation }}")
    _tag(document, "{%p endif %}")
    _p(document, "文书正文", "{{ f.order }}")
    _tag(document, "{%p if f.consequence %}")
    _p(document, "文书正文", "{{ f.consequence }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if transfers %}")
    _tag(document, "{%p for t in transfers %}")
    _p(document, "文书正文", "{{ t.fact }}")
    _tag(document, "{%p endfor %}")
    _p(document, "文书正文", "{{ transfer_note }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if remedies %}")
    _p(document, "文书正文", "{{ closing }}")
    _p(document, "文书正文", "{{ remedies }}", keep=True)
    _tag(document, "{%p else %}")
    _p(document, "文书正文", "{{ closing }}", keep=True)
    _tag(document, "{%p endif %}")
    _officers(document, "卫生监督员（签名）：")
    _p(document, "签名栏", "被监督单位签收人（签名）：", "_                  ", "    ", BLANK_DATE, keep=True)
    _seal(document)
    _p(document, "附注", TWO_COPIES)
    _tag(document, "{%p if articles %}")
    _p(document, "附件标题", "附：本意见书引用的法律条文", keep=True)
    _tag(document, "{%p for a in articles %}")
    _p(document, "法律条文", "{{ a.citation }}：“{{ a.text }}”")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _photo_appendix(document)
    _tail(document)
    return document


def build_reinspection() -> Document:
    """复查意见书: the items of the original notice, each with what was required and what was found."""
    document = _new_document()
    document.core_properties.title = "复查意见书"
    _header(document, "{{ title }}")
    _party_block(document, "被复查单位")
    _p(document, "文书栏目", "复查时间：", "_{{ inspection.period }}")
    _p(document, "文书栏目", "复查地点：", "_{{ inspection.location }}")
    _p(document, "文书栏目", "原文书：", "_{{ notice.title }}（{{ notice.number }}）")
    _p(document, "文书栏目", "原文书下达日期：", "_{{ notice.issue_date }}")
    _p(document, "文书正文", "{{ opening }}")
    table = document.add_table(rows=4, cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, head in enumerate(("序号", "原责令改正事项", "复查情况", "结论")):
        _cell(table.cell(0, col), document, head, align=WD_ALIGN_PARAGRAPH.CENTER, no_wrap=True)
    _row_flags(table.rows[0], header=True)
    _cell(table.cell(1, 0), document, "{%tr for i in items %}")
    _cell(table.cell(2, 0), document, "{{ i.no }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(table.cell(2, 1), document, "{{ i.required }}")
    _cell(table.cell(2, 2), document, "{{ i.found }}")
    _cell(table.cell(2, 3), document, "{{ i.result_label }}", align=WD_ALIGN_PARAGRAPH.CENTER, no_wrap=True)
    _row_flags(table.rows[2])
    _cell(table.cell(3, 0), document, "{%tr endfor %}")
    _widths(table, [15, 62, 58, 21])
    paragraph = _p(document, "文书正文", "复查意见：{{ conclusion }}", keep=True)
    paragraph.paragraph_format.space_before = Pt(6)  # type: ignore[attr-defined]
    _officers(document, "卫生监督员（签名）：")
    _p(document, "签名栏", "被复查单位签收人（签名）：", "_                  ", "    ", BLANK_DATE, keep=True)
    _seal(document)
    _p(document, "附注", TWO_COPIES)
    _tail(document)
    return document


BUILDERS = {
    "record.docx": build_record,
    "notice.docx": build_notice,
    "reinspection.docx": build_reinspection,
    "supplement.docx": build_supplement,
}


def case_builders() -> dict[str, object]:
    """The case documents' templates (``scripts/case_templates.py``), built with the helpers above."""
    from types import SimpleNamespace

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import case_templates

    return case_templates.builders(SimpleNamespace(**globals()))  # type: ignore[no-any-return]


def main(out_dir: Path = ROOT / "templates") -> int:
    for name, build in {**BUILDERS, **case_builders()}.items():
        path = out_dir / name
        write_atomic(path, docx_bytes(build(), BUILT_AT))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates"))
