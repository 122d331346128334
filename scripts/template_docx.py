"""The low-level parts of the built-in Word templates: fonts with their East Asian names, the styles,
the A4 page with its footer, paragraphs, table cells and fixed table widths. Kept apart from
``build_templates.py`` (which says what each document holds) so each file reads as one concern.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FANGSONG = "仿宋"
HEITI = "黑体"
SONGTI = "宋体"
LATIN = "Times New Roman"
BUILT_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TWO_COPIES = "本文书一式两份，一份存档，一份交当事人。"
BLANK_DATE = "        年     月     日"
WRITE_LINE = "　" * 27  # one underlined line of the text width, for the party's own words
TEXT_WIDTH_MM = 156.0


# --------------------------------------------------------------------------------------- fonts


def _east_asian(element: object, east_asia: str, latin: str = LATIN) -> None:
    """Set all four font slots of a style's or run's properties; ``w:eastAsia`` is what Word uses
    for Chinese characters."""
    _set_fonts(element.get_or_add_rPr(), east_asia, latin)  # type: ignore[attr-defined]


def _set_fonts(rpr: object, east_asia: str, latin: str = LATIN) -> None:
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _lang_zh(document: Document) -> None:
    """Chinese as the East Asian language of the whole document (line breaking, punctuation)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:  # drop the theme fonts (Calibri / 等线) of python-docx's default template
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    _set_fonts(rpr, FANGSONG)


# --------------------------------------------------------------------------------------- styles


def _paragraph_style(
    document: Document,
    name: str,
    *,
    east_asia: str = FANGSONG,
    size: float = 14,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
    exact: float | None = 26,
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    _style_font(style, east_asia, size, bold)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if exact is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact)


def _style_font(style: object, east_asia: str, size: float, bold: bool) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.size = Pt(size)
    font.bold = bold
    _east_asian(style.element, east_asia)  # type: ignore[attr-defined]


def _styles(document: Document) -> None:
    normal = document.styles["Normal"]
    _style_font(normal, FANGSONG, 14, False)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(26)
    pf.widow_control = True
    _paragraph_style(
        document, "文书机关", east_asia=HEITI, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, exact=30
    )
    _paragraph_style(
        document, "文书标题", east_asia=HEITI, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, exact=36
    )
    _paragraph_style(document, "文书编号", align=WD_ALIGN_PARAGRAPH.RIGHT, after=12)
    _paragraph_style(document, "文书正文", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(document, "文书栏目", align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, "文书小标题", east_asia=HEITI, size=14, before=6)
    _paragraph_style(document, "法律条文", size=12, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, exact=22)
    _paragraph_style(document, "落款", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(document, "签名栏", before=6)
    _paragraph_style(document, "附注", size=12, before=12, exact=20)
    _paragraph_style(document, "表格文字", size=12, exact=None)
    _paragraph_style(
        document, "附件标题", east_asia=HEITI, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, exact=30
    )
    fill = document.styles.add_style("填写内容", WD_STYLE_TYPE.CHARACTER)
    fill.font.underline = True
    fill.quick_style = True
    footer = document.styles.add_style("页码", WD_STYLE_TYPE.PARAGRAPH)
    footer.base_style = document.styles["Normal"]
    _style_font(footer, SONGTI, 10.5, False)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


# --------------------------------------------------------------------------------------- page


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES): begin, instruction, separate, placeholder result, end."""

    def run_with(tag: str, **attrs: str) -> None:
        run = paragraph.add_run()  # type: ignore[attr-defined]
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(key), value)
        run._r.append(el)

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    run = paragraph.add_run()  # type: ignore[attr-defined]
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("1")  # type: ignore[attr-defined]
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _page(document: Document, *, signed_each_page: bool = False) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(20)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["页码"]
    if signed_each_page:  # the party signs every page of a 笔录
        footer.add_run("当事人签名：")
        footer.add_run("                    ", style=document.styles["填写内容"])
        footer.add_run("    日期：")
        footer.add_run("      年    月    日", style=document.styles["填写内容"])
        footer = section.footer.add_paragraph(style=document.styles["页码"])
    footer.add_run("第 ")
    _field(footer, "PAGE")
    footer.add_run(" 页  共 ")
    _field(footer, "NUMPAGES")
    footer.add_run(" 页")


# --------------------------------------------------------------------------------------- content


def _p(document: Document, style: str, *pieces: str, page_break: bool = False, keep: bool = False) -> object:
    """A paragraph of ``pieces``: plain text, or ``"_…"`` for a fill-in (underlined) run."""
    paragraph = document.add_paragraph(style=document.styles[style])
    for piece in pieces:
        if piece.startswith("_"):
            paragraph.add_run(piece[1:], style=document.styles["填写内容"])
        else:
            paragraph.add_run(piece)
    if page_break:
        paragraph.paragraph_format.page_break_before = True
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _tag(document: Document, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag (``{%p ... %}``), removed when rendered."""
    document.add_paragraph(text, style=document.styles["Normal"])


def _cell(
    cell: object,
    document: Document,
    *lines: str,
    align: WD_ALIGN_PARAGRAPH | None = None,
    no_wrap: bool = False,
) -> None:
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph.style = document.styles["表格文字"]
        if align is not None:
            paragraph.alignment = align
        paragraph.add_run(line)
    if no_wrap:
        tcpr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
        tcpr.append(OxmlElement("w:noWrap"))


def _fixed(table: object) -> None:
    """A fixed table layout: the widths below hold in Word and LibreOffice whatever the text."""
    tblpr = table._tbl.tblPr  # type: ignore[attr-defined]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _row_flags(row: object, *, header: bool = False) -> None:
    """A row never splits across pages; a header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _widths(table: object, widths_mm: list[float]) -> None:
    table.autofit = False  # type: ignore[attr-defined]
    _fixed(table)
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    grid = table._tbl.tblGrid  # type: ignore[attr-defined]
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
