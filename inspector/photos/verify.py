"""Proving the originals unchanged: every stored file is hashed again and compared with its name and
its database row. An original is evidence; a missing or altered one must be named, not papered over.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.photos import store

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

_SHA_NAME = re.compile(r"^[0-9a-f]{64}$")


class OriginalState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    ALTERED = "altered"


def check_original(photo_dir: Path, sha: str, size: int, *, key: DataKey | None) -> OriginalState:
    """Hash the stored original's plaintext again (a sealed one is also authenticated)."""
    path = store.original_path(photo_dir, sha)
    try:
        found = store.hash_stored(path, key=key)
    except FileNotFoundError:
        return OriginalState.MISSING
    return OriginalState.OK if found == (sha, size) else OriginalState.ALTERED


def stored_originals(photo_dir: Path) -> set[str]:
    """Hashes of all files in the store (to find originals no row refers to)."""
    root = photo_dir / "originals"
    found: set[str] = set()
    if not root.is_dir():
        return found
    for _dirpath, _dirs, files in os.walk(root):
        found.update(f for f in files if _SHA_NAME.match(f))
    return found
