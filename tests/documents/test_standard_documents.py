"""Every document kind rendered for the five situations an office meets (an ultrasound site with many
findings, an all-compliant site, an unlicensed clinic, a pharmacy, a failed re-inspection), read back
as a court and a 卫生监督员 would: the Word text (python-docx) and each PDF page (LibreOffice, then
``pdftotext -f N -l N``).

What must hold: no checklist code, no question mark, nothing 待核实; the party block; 违反 apart
from 依据; an order at once without a day count; drug matters handed on, not ordered; the 笔录's
signature line and page count on every page; no page holding only a seal block or the copy note.
One LibreOffice call converts every document of the module.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document as WordDocument

from inspector.config import Config
from inspector.documents.pdf import convert_to_pdf
from inspector.services.documents import evidence
from inspector.storage.db import Database, open_database
from tests.documents.doc_helpers import make_office
from tests.documents.standard_cases import Case, build_cases

CODE = re.compile(r"[A-Z]{2}-\d{2}")
SEAL = "（印章）"
COPY_NOTE = "本文书一式两份"


@dataclass
class Rendered:
    case: str
    kind: str
    text: str  # python-docx: paragraphs and table cells
    pages: list[str]  # pdftotext, one string per page


def docx_text(data: bytes) -> str:
    word = WordDocument(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in word.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    pages = []
    for n in range(1, count + 1):
        done = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        pages.append(done.stdout)
    return pages


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, soffice_profile: Path
) -> Iterator[dict[tuple[str, str], Rendered]]:
    from tests.conftest import encrypted_config

    base = tmp_path_factory.mktemp("standard")
    (base / "data").mkdir()
    config: Config = encrypted_config(base / "data")
    db: Database = open_database(config)
    office = make_office(db)
    folder = base / "camera"
    folder.mkdir()
    cases: dict[str, Case] = build_cases(db, config, office, folder)
    out = base / "out"
    out.mkdir()
    jobs = []
    texts = {}
    for name, case in cases.items():
        for kind, view in case.documents.items():
            data = evidence.read_issued(config, view)
            docx = out / f"{name}-{kind}.docx"
            docx.write_bytes(data)
            jobs.append((docx, docx.with_suffix(".pdf")))
            texts[(name, kind)] = docx_text(data)
    convert_to_pdf(jobs)  # one LibreOffice run for the whole module
    yield {
        key: Rendered(key[0], key[1], texts[key], page_texts(out / f"{key[0]}-{key[1]}.pdf")) for key in texts
    }
    db.close()


def test_every_case_issued_what_it_allows(rendered: dict[tuple[str, str], Rendered]) -> None:
    assert set(rendered) == {
        ("ultrasound", "record"),
        ("ultrasound", "notice"),
        ("compliant", "record"),
        ("unlicensed", "record"),
        ("unlicensed", "notice"),
        ("pharmacy", "record"),
        ("reinspection", "reinspection"),
    }


def test_no_code_no_question_nothing_unverified(rendered: dict[tuple[str, str], Rendered]) -> None:
    for doc in rendered.values():
        for where, text in [("docx", doc.text)] + [(f"page {i}", p) for i, p in enumerate(doc.pages, 1)]:
            assert not CODE.search(text), f"{doc.case} {doc.kind} {where}: {CODE.search(text)}"
            assert "？" not in text and "?" not in text, f"{doc.case} {doc.kind} {where}"
            assert "待核实" not in text and "节选" not in text, f"{doc.case} {doc.kind} {where}"
            assert "专项行动要求" not in text, f"{doc.case} {doc.kind}: a campaign notice printed as law"


def test_party_block_on_every_document(rendered: dict[tuple[str, str], Rendered]) -> None:
    for doc in rendered.values():
        first = doc.pages[0]
        assert "地址" in first and "联系电话" in first, doc.case
        if doc.case == "unlicensed":
            assert "身份证号：410102198001011234" in doc.text and "许可证号" not in doc.text
        else:
            assert "统一社会信用代码" in first and "许可证号" in first, (doc.case, doc.kind)


def test_notice_states_violation_and_basis_apart(rendered: dict[tuple[str, str], Rendered]) -> None:
    notice = rendered[("ultrasound", "notice")].text
    assert "经查，你单位在孕期B超检查的报告、图像或者检查记录中标示、暗示胎儿性别" in notice
    assert (
        "上述行为违反了《中华人民共和国人口与计划生育法》第三十九条、《中华人民共和国母婴保健法》" in notice
    )
    assert "依据《中华人民共和国人口与计划生育法》第四十条第一款第二项" in notice
    assert "责令你单位立即停止非医学需要的胎儿性别鉴定行为。" in notice
    assert "对上述行为，本机关将依法立案查处" in notice
    # an opinion resting on a local policy says no article is broken
    assert "现提出监督意见：于" in notice and "孕期B超检查实名登记不完整" in notice
    # the articles quoted whole in the annex
    assert "严禁利用超声技术和其他技术手段进行非医学需要的胎儿性别鉴定" in notice
    assert "六十日内" in notice and "六个月内" in notice and "某某县人民政府" in notice


def test_unlicensed_practice_is_stopped_at_once_and_goes_to_a_case(
    rendered: dict[tuple[str, str], Rendered],
) -> None:
    notice = rendered[("unlicensed", "notice")].text
    assert (
        "依据《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款的规定，责令你单位立即停止" in notice
    )
    assert "日内" not in notice.split("你单位如不服")[0]  # no day count beside an order at once
    assert "移送公安机关" in notice and "《中华人民共和国刑法》第三百三十六条第一款" in notice
    assert "移送药品监督管理部门" in notice  # the drug purchase is handed on, not ordered
    record = rendered[("unlicensed", "record")].text
    assert "当事人拒绝在本笔录上签名。见证人：李村长（城关镇东关社区居委会）" in record
    assert "现场负责人身份证号：410102198001011234" in record


def test_pharmacy_drug_matters_are_recorded_not_ordered(rendered: dict[tuple[str, str], Rendered]) -> None:
    record = rendered[("pharmacy", "record")].text
    assert "处方药销售记录中3笔无处方" in record and "责令" not in record
    assert ("pharmacy", "notice") not in rendered


def test_compliant_record_states_what_was_checked_and_seen(rendered: dict[tuple[str, str], Rendered]) -> None:
    record = rendered[("compliant", "record")].text
    facts = record.split("现场检查情况")[1].split("现场未拍摄照片")[0]
    assert facts.count("、查") + facts.count("、抽查") + facts.count("、逐") >= 8  # each item stated
    assert "查验《医疗机构执业许可证》正、副本" in record
    assert "随机抽查孕期B超检查报告，查看设备存储和打印的图像及检查记录，未发现胎儿性别信息或者暗示" in record
    assert "当事人表示不申请回避。" in record
    assert "以上笔录已看过" in record  # as an example in the label of the party's blank lines …
    statement = record.split("当事人意见")[1].split("当事人（签名）")[0]
    assert "与事实相符”）：" in statement and statement.count("\n") >= 3  # … followed by blank lines only


def test_record_pages_each_carry_the_signature_line(rendered: dict[tuple[str, str], Rendered]) -> None:
    for (case, kind), doc in rendered.items():
        if kind != "record":
            continue
        total = len(doc.pages)
        for n, page in enumerate(doc.pages, start=1):
            assert "当事人签名" in page and "日期" in page, f"{case} page {n}"
            assert re.search(rf"第\s*{n}\s*页\s*共\s*{total}\s*页", page), f"{case} page {n}"


def _body_lines(page: str) -> list[str]:
    footer = re.compile(r"第\s*\d+\s*页\s*共\s*\d+\s*页|当事人签名")
    return [line.strip() for line in page.splitlines() if line.strip() and not footer.search(line)]


def test_no_page_holds_only_a_seal_block_or_the_copy_note(rendered: dict[tuple[str, str], Rendered]) -> None:
    for (case, kind), doc in rendered.items():
        for n, page in enumerate(doc.pages, start=1):
            lines = _body_lines(page)
            assert lines, f"{case} {kind}: page {n} is empty"
            closing = [ln for ln in lines if SEAL in ln or COPY_NOTE in ln or "签名）" in ln or "年" in ln]
            assert len(lines) > len(closing), f"{case} {kind}: page {n} holds only {lines}"
            if any(SEAL in ln for ln in lines):
                before = lines[: next(i for i, ln in enumerate(lines) if SEAL in ln)]
                assert any("。" in ln for ln in before), (
                    f"{case} {kind}: the seal on page {n} has no text above"
                )


def test_reinspection_states_required_and_found_and_the_case_path(
    rendered: dict[tuple[str, str], Rendered],
) -> None:
    doc = rendered[("reinspection", "reinspection")]
    assert "复查时间" in doc.text and "复查地点" in doc.text and "示卫监意〔" in doc.text
    assert "现场核查，已按要求改正" in doc.text  # what was found, also for a corrected item
    assert "抽查复查期间报告15份，仍有2份仅有一名医师签名" in doc.text
    assert "对未改正的问题，本机关将依法立案查处。" in doc.text
    assert "日内改正" not in doc.text  # never a second deadline
    header = [ln for ln in doc.pages[0].splitlines() if "序号" in ln]
    assert header and "序" in header[0] and "序号" in header[0].replace(" ", "")  # not wrapped


def test_photos_only_in_the_record_with_who_and_when(rendered: dict[tuple[str, str], Rendered]) -> None:
    record = rendered[("ultrasound", "record")].text
    assert "附件：现场检查照片" in record and "拍摄人：张伟" in record and "拍摄时间" in record
    assert "当事人对以上照片的确认意见" in record
    assert "照片1：孕期B超实名登记" in record
    assert "附件：现场检查照片" not in rendered[("ultrasound", "notice")].text
