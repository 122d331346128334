"""Finishing a directory swap that a crash interrupted (the conversion to an encrypted directory).

The conversion (:mod:`inspector.backup.encrypt`) writes a journal beside the data directory once the
encrypted copy is verified, then renames. Whoever opens the directory next calls :func:`resume`
first (it costs one ``stat`` when there is nothing to do): with a journal the swap is finished; without
one a half-built copy is removed and the old directory, untouched, is used. This sits low in the
layers so that the sign-in can call it before anything is opened.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from inspector.durable import fsync_dir


def journal_path(data_dir: Path) -> Path:
    return data_dir.with_name(f".{data_dir.name}.encrypt-journal")


def resume(data_dir: Path) -> None:
    journal = journal_path(data_dir)
    if not journal.exists():
        for stale in data_dir.parent.glob(f".{data_dir.name}.encrypting-*"):
            shutil.rmtree(stale, ignore_errors=True)  # never verified: the old directory is whole
        return
    state = json.loads(journal.read_text(encoding="utf-8"))
    staging, aside = data_dir.parent / state["staging"], data_dir.parent / state["aside"]
    if staging.exists():  # the verified copy is not in place yet
        if data_dir.exists():
            data_dir.rename(aside)
        staging.rename(data_dir)
        fsync_dir(data_dir.parent)
    shutil.rmtree(aside, ignore_errors=True)  # the old plain directory: its backup was checked first
    journal.unlink()
    fsync_dir(data_dir.parent)
