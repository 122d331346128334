"""Which builder makes the context of which document kind (one line per kind)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from inspector.documents.context import Sources
from inspector.documents.inputs import AddendumFacts
from inspector.documents.notice import NoticeItem, notice_context
from inspector.documents.record import record_context, supplement_context
from inspector.documents.reinspection import NoticeRef, reinspection_context
from inspector.domain import DocumentKind


def build_context(
    src: Sources,
    *,
    items: Sequence[NoticeItem] = (),
    notice: NoticeRef | None = None,
    rectification_items: Sequence[Mapping[str, Any]] = (),
    record: NoticeRef | None = None,
    addenda: Sequence[AddendumFacts] = (),
) -> dict[str, Any]:
    """The context of ``src.kind``; ``items`` for a notice, ``notice`` and ``rectification_items`` for
    a 复查意见书, ``record`` (the 笔录 it completes) and ``addenda`` for a 补充笔录."""
    if src.kind is DocumentKind.RECORD:
        return record_context(src)
    if src.kind is DocumentKind.NOTICE:
        return notice_context(src, items)
    if src.kind is DocumentKind.SUPPLEMENT:
        assert record is not None
        return supplement_context(src, record.number, record.issue_date, addenda)
    assert notice is not None
    return reinspection_context(src, notice, rectification_items)
