"""Saving a line typed one field at a time (a kept item, an interview): each text cleaned, only what
changed written.

The case page's autosave sends the fields as they are typed. The kept-items list and the interviews
clean a text field and save a change the same way, so one copy serves both; each keeps its own
fields, limits and audit event.
"""

from __future__ import annotations

from typing import Any

from inspector.i18n import tr
from inspector.storage.types import utcnow


def field_text(name: str, value: Any, limit: int, problems: list[tuple[str, str]]) -> str:
    """``value`` as text, stripped; a problem noted for ``name`` when it is longer than ``limit``."""
    text_ = str(value or "").strip()
    if len(text_) > limit:
        problems.append((name, tr("Too long: at most {limit} characters.", limit=limit)))
    return text_


def save_changes(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set on ``row`` the values that differ from what it holds, and its ``updated_at``; returns
    those (empty when nothing changed, and then the row is left alone)."""
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for name, value in changed.items():
        setattr(row, name, value)
    if changed:
        row.updated_at = utcnow()
    return changed
