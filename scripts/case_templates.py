"""The built-in Word templates of the case documents (立案查处), built by ``scripts/build_templates.py``.

Same page, fonts, styles and blocks as the 笔录 and the 意见书 (this module is handed that script's
helpers, ``h``): the issuing body, the title and the number; the party (当事人) block; facts in
narrative; the articles quoted verbatim (``{% for a in basis %}``); the signature and seal blocks; the
copies note. The 询问笔录 carries the person's signature line and date in its footer, so it stands on
every page with the page number. Placeholders: ``inspector templates fields --kind …``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

TO_PARTY = "本文书一式两份，一份存档，一份交当事人。"
TO_BODY = "本文书一式两份，一份存档，一份交受移送机关。"
FILED = "本表存档。"
QUOTES = "{% for a in basis %}{{ a.citation }}规定：“{{ a.text }}”{% endfor %}"


def _party(h: Any, document: Any) -> None:
    h._p(document, "文书栏目", "当事人：", "_{{ party.name }}")
    h._p(document, "文书栏目", "{{ party.ident_label }}：", "_{{ party.ident }}")
    h._tag(document, "{%p if party.legal_rep %}")
    h._p(document, "文书栏目", "法定代表人（负责人）：", "_{{ party.legal_rep }}")
    h._tag(document, "{%p endif %}")
    h._p(document, "文书栏目", "地址：", "_{{ party.address }}", "    联系电话：", "_{{ party.phone }}")


def _quotes(h: Any, document: Any) -> None:
    h._tag(document, "{%p for a in basis %}")
    h._p(document, "法律条文", "{{ a.citation }}规定：“{{ a.text }}”")
    h._tag(document, "{%p endfor %}")


def _seal(h: Any, document: Any) -> None:
    """The seal and the date, kept on the page of the signatures that follow (never alone)."""
    h._p(document, "落款", "{{ unit_name }}（印章）", keep=True).paragraph_format.space_before = Pt(24)
    h._p(document, "落款", "{{ issue_date }}", keep=True)


def _officers_sign(h: Any, document: Any) -> None:
    h._p(
        document, "签名栏", "执法人员（签名）：", "_                    ", "  ", "_                    ", "    ",
        h.BLANK_DATE, keep=True,
    )  # fmt: skip


def _party_sign(h: Any, document: Any, label: str = "当事人") -> None:
    h._p(
        document,
        "签名栏",
        f"{label}（签名或盖章）：",
        "_                    ",
        "    ",
        h.BLANK_DATE,
        keep=True,
    )
    h._p(
        document,
        "签名栏",
        "当事人拒绝签名的，注明情况：",
        "_                                              ",
        keep=True,
    )
    h._p(
        document, "签名栏", "见证人（签名）：", "_                ", "  身份证号或工作单位：", "_                    ",
        keep=True,
    )  # fmt: skip


def _table(h: Any, document: Any, heads: list[str], cells: list[str], widths: list[float], loop: str) -> None:
    """A table with a header row and one row repeated for each element of ``loop`` (``i in items``)."""
    table = document.add_table(rows=4, cols=len(heads))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, head in enumerate(heads):
        h._cell(table.cell(0, col), document, head, align=WD_ALIGN_PARAGRAPH.CENTER, no_wrap=True)
    h._row_flags(table.rows[0], header=True)
    h._cell(table.cell(1, 0), document, f"{{%tr for {loop} %}}")
    for col, text in enumerate(cells):
        h._cell(table.cell(2, col), document, *text.split("\n"))
    h._row_flags(table.rows[2])
    h._cell(table.cell(3, 0), document, "{%tr endfor %}")
    h._widths(table, widths)


def build_case_report(h: Any) -> Any:
    """立案报告（立案审批表）: the case, the officers' opinion, the approval and its date."""
    document = h._new_document()
    document.core_properties.title = "立案报告"
    h._header(document, "立案报告")
    h._p(document, "文书栏目", "（立案审批表）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = [
        ("案由", "{{ case.cause }}"),
        ("案件来源", "{{ case.source_label }}"),
        ("当事人", "{{ party.name }}\n{{ party.ident_label }}：{{ party.ident }}\n地址：{{ party.address }}"
                 "    联系电话：{{ party.phone }}"),
        ("发现时间及地点", "{{ case.discovered }}　{{ case.place }}"),
        ("检查日期", "{{ inspections_text }}"),
        ("简要案情", "{{ case.summary }}"),
        ("立案依据", QUOTES),
        ("承办人意见", "{{ case.opinion }}\n承办人：{{ officer_names }}（执法证号：{{ cert_nos_text }}）"
                   "\n{{ proposed_date }}"),
        ("负责人审批意见", "{{ approval_note }}\n负责人：{{ approved_by }}\n{{ approved_date }}"),
        ("备注", "{{ late_note }}"),
    ]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, (label, text) in enumerate(rows):
        h._cell(table.cell(n, 0), document, label, align=WD_ALIGN_PARAGRAPH.CENTER)
        h._cell(table.cell(n, 1), document, *text.split("\n"))
    h._widths(table, [34, 122])
    h._p(document, "附注", "文书编号：{{ number }}　" + FILED)
    h._tail(document)
    return document


def build_preservation(h: Any) -> Any:
    """证据先行登记保存决定书 with its 物品清单."""
    document = h._new_document()
    document.core_properties.title = "证据先行登记保存决定书"
    h._header(document, "证据先行登记保存决定书")
    _party(h, document)
    h._p(
        document,
        "文书正文",
        "本机关在调查{{ case.cause }}一案中，因证据可能灭失或者以后难以取得，经本机关负责人批准，依据"
        "{{ basis_citations }}的规定，决定对你（单位）的下列物品予以先行登记保存，保存期限自{{ kept_date }}"
        "起至{{ due_date }}止。在此期间，当事人或者有关人员不得销毁或者转移上述物品。本机关将在七日内"
        "作出处理决定。",
    )
    _quotes(h, document)
    h._p(document, "文书小标题", "先行登记保存物品清单（共{{ item_count }}项）", keep=True)
    _table(
        h,
        document,
        ["序号", "物品名称", "品牌型号", "编号", "数量", "状况", "存放地点"],
        ["{{ i.no }}", "{{ i.name }}", "{{ i.brand }} {{ i.model }}", "{{ i.serial_no }}",
         "{{ i.quantity_text }}", "{{ i.condition }}", "{{ i.storage_place }}"],
        [15, 27, 26, 28, 13, 20, 27],
        "i in items",
    )  # fmt: skip
    h._p(document, "文书栏目", "物品照片：", keep=True)
    h._tag(document, "{%p for i in items %}")
    h._p(document, "表格文字", "{{ i.no }}. {{ i.name }}：{{ i.photos_text }}")
    h._tag(document, "{%p endfor %}")
    _seal(h, document)
    _officers_sign(h, document)
    _party_sign(h, document)
    h._p(document, "附注", TO_PARTY)
    h._tail(document)
    return document


def build_kept_decision(h: Any) -> Any:
    """先行登记保存物品处理决定书: what becomes of each item (返还, 移送, 没收)."""
    document = h._new_document()
    document.core_properties.title = "先行登记保存物品处理决定书"
    h._header(document, "先行登记保存物品处理决定书")
    _party(h, document)
    h._p(
        document,
        "文书正文",
        "本机关在调查{{ case.cause }}一案中，于{{ kept_date }}对你（单位）的下列物品予以先行登记保存"
        "（{{ preservation_numbers }}）。依据{{ basis_citations }}的规定，现作出如下处理决定：",
    )
    _quotes(h, document)
    _table(
        h,
        document,
        ["序号", "物品名称", "规格型号", "编号", "数量", "处理决定"],
        ["{{ i.no }}", "{{ i.name }}", "{{ i.model }}", "{{ i.serial_no }}", "{{ i.quantity_text }}",
         "{{ i.decision_label }}"],
        [15, 32, 26, 31, 16, 36],
        "i in items",
    )  # fmt: skip
    h._p(document, "文书正文", "如不服本决定，可以依法申请行政复议或者提起行政诉讼。", keep=True)
    _seal(h, document)
    _officers_sign(h, document)
    _party_sign(h, document, "当事人签收")
    h._p(document, "附注", TO_PARTY)
    h._tail(document)
    return document


def _signature_footer(h: Any, document: Any) -> None:
    """The person's signature line and date above the page number: on every page of the 笔录."""
    footer = document.sections[0].footer
    line = footer.paragraphs[0].insert_paragraph_before(style=document.styles["页码"])
    line.alignment = WD_ALIGN_PARAGRAPH.LEFT
    line.add_run("被询问人（签名）：")
    line.add_run("                  ", style=document.styles["填写内容"])
    line.add_run("    日期：" + h.BLANK_DATE)


def build_interview(h: Any) -> Any:
    """询问笔录: who, when, where, by whom; then the questions and answers as asked and answered."""
    document = h._new_document()
    document.core_properties.title = "询问笔录"
    h._header(document, "询问笔录")
    h._p(document, "文书栏目", "案由：", "_{{ case.cause }}")
    h._p(document, "文书栏目", "询问时间：", "_{{ interview.period }}")
    h._p(document, "文书栏目", "询问地点：", "_{{ interview.place }}")
    h._p(document, "文书栏目", "询问人：", "_{{ officer_names }}", "    执法证号：", "_{{ cert_nos_text }}")
    h._p(document, "文书栏目", "记录人：", "_{{ interview.recorder }}")
    h._p(
        document,
        "文书栏目",
        "被询问人：",
        "_{{ interview.person.name }}",
        "    性别：",
        "_{{ interview.person.sex }}",
    )
    h._p(document, "文书栏目", "身份证号：", "_{{ interview.person.id_number }}", "    联系电话：",
         "_{{ interview.person.phone }}")  # fmt: skip
    h._p(document, "文书栏目", "工作单位及职务：", "_{{ interview.person.work }}")
    h._p(document, "文书栏目", "住址：", "_{{ interview.person.address }}")
    h._p(document, "文书栏目", "与本案关系：", "_{{ interview.person.relation }}")
    h._p(
        document,
        "文书正文",
        "我们是{{ unit_name }}的执法人员{{ officer_names }}，已向你出示执法证件。"
        "现依法就{{ case.cause }}一案向你进行调查询问，你有权申请执法人员回避；依据{{ basis_citations }}"
        "的规定，你应当如实回答询问，并协助调查。",
    )
    _quotes(h, document)
    h._tag(document, "{%p for q in pairs %}")
    h._p(document, "文书正文", "问：{{ q.question }}", keep=True)
    h._tag(document, "{%p if loop.last %}")
    h._p(document, "文书正文", "答：{{ q.answer }}", keep=True)  # the last answer goes with the signatures
    h._tag(document, "{%p else %}")
    h._p(document, "文书正文", "答：{{ q.answer }}")
    h._tag(document, "{%p endif %}")
    h._tag(document, "{%p endfor %}")
    h._p(document, "签名栏", "被询问人意见（亲笔）：", keep=True)
    for _ in range(3):
        h._p(document, "签名栏", "_                                                            ", keep=True)
    h._p(document, "签名栏", "被询问人（签名）：", "_                    ", "    ", h.BLANK_DATE, keep=True)
    h._p(
        document,
        "签名栏",
        "询问人（签名）：",
        "_                    ",
        "  ",
        "_                    ",
        keep=True,
    )
    h._p(document, "签名栏", "记录人（签名）：", "_                    ", "    ", h.BLANK_DATE, keep=True)
    h._p(document, "附注", "文书编号：{{ number }}　" + TO_PARTY)
    _signature_footer(h, document)
    h._tail(document)
    return document


def build_transfer(h: Any) -> Any:
    """案件移送书: to the police or the drug regulator, with the evidence handed over and a receipt."""
    document = h._new_document()
    document.core_properties.title = "案件移送书"
    h._header(document, "案件移送书")
    h._p(document, "文书栏目", "{{ transfer.body }}：")
    h._p(
        document,
        "文书正文",
        "本机关在调查{{ case.cause }}一案中查明：{{ case.summary }}{{ transfer.reason }}"
        "{% if crimes %}上述行为涉嫌触犯{{ crime_citations }}的规定。{% endif %}"
        "依据{{ basis_citations }}的规定，现将该案移送你单位依法处理。",
    )
    _quotes(h, document)
    h._tag(document, "{%p for a in crimes %}")
    h._p(document, "法律条文", "{{ a.citation }}规定：“{{ a.text }}”")
    h._tag(document, "{%p endfor %}")
    _party(h, document)
    h._p(document, "文书小标题", "随案移送材料清单（共{{ material_count }}项）", keep=True)
    _table(
        h,
        document,
        ["序号", "材料或物品名称", "文号、编号或说明", "数量"],
        ["{{ m.no }}", "{{ m.name }}", "{{ m.ref }}", "{{ m.count }}"],
        [15, 60, 63, 18],
        "m in materials",
    )
    h._p(document, "文书正文", "请于收到本移送书及上述材料后签收，并将处理结果函告本机关。")
    h._p(document, "文书栏目", "承办人：", "_{{ officer_names }}", "    执法证号：", "_{{ cert_nos_text }}")
    _seal(h, document)
    h._p(
        document,
        "签名栏",
        "接收单位（盖章）：",
        "_                    ",
        "  接收人（签名）：",
        "_              ",
    )
    h._p(document, "签名栏", "接收日期：", h.BLANK_DATE)
    h._p(document, "附注", TO_BODY)
    h._tail(document)
    return document


def builders(h: Any) -> dict[str, Callable[[], Any]]:
    """File name → builder, each given the helpers of ``scripts/build_templates.py``."""
    return {
        "case_report.docx": lambda: build_case_report(h),
        "preservation.docx": lambda: build_preservation(h),
        "kept_decision.docx": lambda: build_kept_decision(h),
        "interview.docx": lambda: build_interview(h),
        "transfer.docx": lambda: build_transfer(h),
    }
