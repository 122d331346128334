"""The session's warm LibreOffice: previews after the first reuse one running process, and every
failure of it falls back to the one-shot conversion (same PDF), never to an error."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document as WordDocument

from inspector.documents import warm_pdf
from tests.documents.test_pdf import pdf_text


@pytest.fixture(autouse=True)
def _fresh_office() -> Iterator[None]:
    warm_pdf.close()
    yield
    warm_pdf.close()


def _docx(path: Path, text: str) -> Path:
    doc = WordDocument()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _group_members(pgid: int) -> list[int]:
    """Running (not zombie) processes of a process group, read from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


@pytest.mark.slow
def test_previews_reuse_one_running_libreoffice(tmp_path: Path) -> None:
    office = warm_pdf.warm_office()
    assert office is not None, "LibreOffice's Python (python3-uno) is part of the system packages"
    first = warm_pdf.convert(_docx(tmp_path / "a.docx", "卫生监督意见书第一份"), tmp_path / "a.pdf")
    pid = office.office_pid
    assert pid is not None and _alive(pid)
    second = warm_pdf.convert(_docx(tmp_path / "b.docx", "复查意见书第二份"), tmp_path / "b.pdf")
    assert office.office_pid == pid  # the same process served both
    assert "卫生监督意见书第一份" in pdf_text(first)
    assert "复查意见书第二份" in pdf_text(second)
    assert not list(tmp_path.glob(".*.part"))
    warm_pdf.close()
    assert _group_members(pid) == []  # nothing of that LibreOffice is left running


@pytest.mark.slow
def test_a_dead_libreoffice_falls_back_and_recovers(tmp_path: Path) -> None:
    office = warm_pdf.warm_office()
    assert office is not None
    warm_pdf.convert(_docx(tmp_path / "a.docx", "第一份"), tmp_path / "a.pdf")
    pid = office.office_pid
    assert pid is not None
    os.killpg(pid, signal.SIGKILL)  # LibreOffice crashes: the launcher and soffice.bin
    again = warm_pdf.convert(_docx(tmp_path / "b.docx", "第二份文书"), tmp_path / "b.pdf")
    assert "第二份文书" in pdf_text(again)  # made by the one-shot path while the warm one was down
    third = warm_pdf.convert(_docx(tmp_path / "c.docx", "第三份文书"), tmp_path / "c.pdf")
    assert "第三份文书" in pdf_text(third)
    assert office.office_pid not in (None, pid)  # a new warm LibreOffice started


@pytest.mark.slow
def test_without_libreoffices_python_the_one_shot_path_converts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(warm_pdf.PYTHON_ENV, str(tmp_path / "no-such-python"))
    assert warm_pdf.warm_office() is None
    made = warm_pdf.convert(_docx(tmp_path / "a.docx", "没有桥接也能转换"), tmp_path / "out" / "a.pdf")
    assert "没有桥接也能转换" in pdf_text(made)
