"""Every kind of document, opened by python-docx and converted to PDF by LibreOffice: the PDF shows
the site, the number, each finding and its legal citation, in an embedded CJK font (no boxes).

LibreOffice is slow to start, so the whole suite makes two ``soffice`` calls here: one export of all
documents with ``--pdf`` (one call for every file) and one ``document --pdf``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument

from inspector.cli import main
from inspector.config import Config
from inspector.domain import AnswerResult, DocumentKind
from inspector.services.documents import evidence
from inspector.services.documents import views as dviews
from inspector.storage.db import Database
from tests.documents.doc_helpers import FINDINGS, Office, make_inspection, make_reinspection
from tests.identity import CliAs

CITATIONS = [
    "《中华人民共和国医师法》第十四条第一款",
    "《中华人民共和国人口与计划生育法》第三十九条",
    "《中华人民共和国人口与计划生育法》第四十条第一款第二项",
]


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is needed to read the PDFs back"
    out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return re.sub(r"\s+", "", out.decode("utf-8"))  # lines wrap and spaces appear around digits


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    tool = shutil.which("pdffonts")
    assert tool, "pdffonts (poppler-utils) is needed to check the embedded fonts"
    lines = subprocess.run([tool, str(path)], capture_output=True, check=True, text=True).stdout.splitlines()[
        2:
    ]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID: "emb" is the fifth field from the end
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_every_document_kind_converts_to_a_pdf_with_its_content(  # noqa: PLR0917 - pytest fixtures
    sqlite_db: Database,
    sqlite_config: Config,
    sqlite_office: Office,
    photo_folder: Path,
    tmp_path: Path,
    soffice_profile: Path,
    capsys: pytest.CaptureFixture[str],
    cli_as: CliAs,
) -> None:
    db, config, office = sqlite_db, sqlite_config, sqlite_office
    iid = make_inspection(db, config, office, photo_folder, extra_photos=1)
    data_dir = ["--data-dir", str(config.data_dir)]
    admin = cli_as(config)
    for kind in ("record", "notice"):
        assert (
            main(
                [
                    *data_dir,
                    "document",
                    str(iid),
                    "--kind",
                    kind,
                    "--out",
                    str(tmp_path / f"{kind}.docx"),
                    *admin,
                ]
            )
            == 0
        )
    with db.read() as s:
        notice = dviews.find_issued(s, config, iid, DocumentKind.NOTICE)
    assert notice is not None and notice.rectification_id is not None
    re_id = make_reinspection(
        db,
        config,
        office,
        photo_folder,
        rectification_id=notice.rectification_id,
        results={"T-03": AnswerResult.NON_COMPLIANT},
    )
    assert (
        main(
            [
                *data_dir,
                "document",
                str(re_id),
                "--kind",
                "reinspection",
                "--out",
                str(tmp_path / "reinspection.docx"),
                *admin,
            ]
        )
        == 0
    )
    with db.read() as s:
        issued = {v.kind: v for v in dviews.list_documents(s, config)}
    assert set(issued) == {"record", "notice", "reinspection"}
    for view in issued.values():  # python-docx opens every generated file
        word = WordDocument(io.BytesIO(evidence.read_issued(config, view)))
        assert any(view.number in p.text for p in word.paragraphs)
        if view.kind == "record":  # photos are the record's evidence annex, not the notice's
            assert len(word.inline_shapes) >= 2
        else:
            assert len(word.inline_shapes) == 0

    today = dt.date.today()
    export = tmp_path / "export"
    capsys.readouterr()
    assert (
        main(
            [
                *data_dir,
                "documents",
                "export",
                "--from",
                (today - dt.timedelta(days=1)).isoformat(),
                "--to",
                today.isoformat(),
                "--out",
                str(export),
                "--pdf",
            ]
        )
        == 0
    )
    pdfs = {p.name.split("_")[1]: p for p in export.glob("*.pdf")}
    assert len(pdfs) == 3, sorted(export.iterdir())

    for view in issued.values():
        pdf = next(p for p in export.glob("*.pdf") if squeeze(view.number) in squeeze(p.name))
        text = pdf_text(pdf)
        assert squeeze(office.site_name) in text and squeeze(view.number) in text, view.kind
        assert "本文书一式两份，一份存档，一份交当事人。" in text
        fonts = pdf_fonts(pdf)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert any("CJK" in name or "Han" in name or "Hei" in name for name, _ in fonts), fonts
        if view.kind == "notice":
            for finding in FINDINGS.values():
                assert squeeze(finding.rstrip("。")) in text
            for citation in CITATIONS:
                assert squeeze(citation) in text, citation
            assert "现场检查照片" not in text and view.sha256 not in text
        if view.kind == "record":
            assert "以上笔录已看过" in text and "现场检查照片" in text
            assert squeeze(FINDINGS["T-02"]) in text
        if view.kind == "reinspection":
            assert squeeze(notice.number) in text and "未改正" in text and "已改正" in text

    # An issued document written again, with its PDF (the second and last soffice call).
    again = tmp_path / "again" / "record.docx"
    assert (
        main([*data_dir, "document", str(iid), "--kind", "record", "--out", str(again), "--pdf", *admin]) == 0
    )
    assert squeeze(issued["record"].number) in pdf_text(again.with_suffix(".pdf"))
