"""The one way the app writes a file that must survive a crash: whole or not at all, no temporary
file left behind by a failure, and the permission bits asked for."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from inspector import durable


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    final = tmp_path / "notice.docx"
    final.write_bytes(b"old")
    durable.write_atomic(final, b"new content")
    assert final.read_bytes() == b"new content"
    assert _files(tmp_path) == ["notice.docx"]


def test_a_writer_that_fails_half_way_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    final = tmp_path / "journal.json"
    final.write_bytes(b"old")

    def half(fh: BinaryIO) -> None:
        fh.write(b"half of the new")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OSError, match="No space"):
        durable.write_with(final, half)
    assert final.read_bytes() == b"old"
    assert _files(tmp_path) == ["journal.json"]


def test_a_failed_rename_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(tmp: Path, final: Path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(durable, "publish", refused)
    with pytest.raises(PermissionError):
        durable.write_atomic(tmp_path / "report.xlsx", b"data")
    assert _files(tmp_path) == []


def test_a_staged_temp_is_written_synced_private_and_found_by_the_clean_up(tmp_path: Path) -> None:
    final = tmp_path / "keys" / "exchange-ed25519.pem"
    tmp = durable.write_temp(final, lambda fh: fh.write(b"PEM"), mode=0o600)
    assert tmp.parent == final.parent and tmp.read_bytes() == b"PEM" and not final.exists()
    if os.name == "posix":
        assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
    assert durable.remove_stale_temps(final.parent) == 1  # what a killed writer leaves is recognised
    assert _files(final.parent) == []
