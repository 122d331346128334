"""A small statistics data set whose every figure is known (see ``test_reports.py`` for the figures).
Times are chosen around local midnight (UTC+8) on purpose."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from inspector.services import reports, stats_summary
from inspector.services.form_snapshots import store_snapshot
from inspector.storage.db import Database
from inspector.storage.models import (
    Answer,
    Inspection,
    Rectification,
    RectificationEscalation,
    RectificationEvent,
    Site,
)
from tests.factories import FORM_ID, checklist

CST = dt.timedelta(hours=8)
PERIOD = reports.Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
TODAY = dt.date(2026, 3, 31)


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _site(s: Session, name: str, district: str, kind: str = "clinic") -> uuid.UUID:
    site = Site(id=uuid.uuid4(), kind=kind, name=name, district=district, search_text=name)
    s.add(site)
    s.flush()
    return site.id


def _inspection(
    s: Session,
    site: uuid.UUID,
    sha: str,
    at: str,
    bad: tuple[str, ...] = (),
    *,
    kind: str = "routine",
    status: str = "finalized",
    rect: uuid.UUID | None = None,
) -> uuid.UUID:
    insp = Inspection(
        id=uuid.uuid4(),
        site_id=site,
        kind=kind,
        form_id=FORM_ID,
        form_version="1",
        form_sha256=sha,
        status=status,
        started_at=utc(at),
        rectification_id=rect,
    )
    s.add(insp)
    s.flush()
    if rect is not None and status == "finalized":  # as recording the result leaves it
        r = s.get(Rectification, rect)
        if r is not None and r.result is not None and r.reinspected_at is None:
            r.reinspected_at = insp.started_at
    for code in ("T-01", "T-02", "T-03", "T-05"):
        s.add(
            Answer(
                id=uuid.uuid4(),
                inspection_id=insp.id,
                item_code=code,
                result="non_compliant" if code in bad else "compliant",
                finding="",
            )
        )
    s.flush()
    return insp.id


def _rect(  # noqa: PLR0917 - rows of a data table read best positionally
    s: Session, insp: uuid.UUID, site: uuid.UUID, created: str, deadline: str, status: str, result: str | None
) -> uuid.UUID:
    r = Rectification(
        id=uuid.uuid4(),
        inspection_id=insp,
        site_id=site,
        items={"items": [{"code": "T-01"}]},
        deadline=dt.date.fromisoformat(deadline),
        status=status,
        result=result,
        created_at=utc(created),
        updated_at=utc(created),
    )
    s.add(r)
    s.flush()
    return r.id


def known_data(db: Database) -> None:
    with db.write() as s:
        sha = store_snapshot(s, checklist())
        a, b = _site(s, "甲诊所", "城关镇"), _site(s, "乙药房", "城关镇", "pharmacy")
        c = _site(s, "丙诊所", "河西镇")
        i1 = _inspection(s, a, sha, "2026-01-10T02:00", ("T-01", "T-05"))
        i2 = _inspection(s, b, sha, "2026-01-31T17:00", ("T-01",))  # local 2026-02-01 01:00
        i3 = _inspection(s, c, sha, "2026-02-15T03:00", ("T-01", "T-03"))
        _inspection(s, a, sha, "2026-03-01T03:00")
        _inspection(s, c, sha, "2026-03-05T03:00", ("T-05",), status="draft")  # not finalized: never counted
        i6 = _inspection(s, a, sha, "2025-12-31T17:00", ("T-02",))  # local 2026-01-01 01:00
        _inspection(s, a, sha, "2026-04-10T03:00", ("T-01",))  # after the period
        i8 = _inspection(s, b, sha, "2026-01-20T02:00", ("T-05",))
        r1 = _rect(s, i1, a, "2026-01-10T02:00", "2026-01-20", "closed", "corrected")
        _rect(s, i2, b, "2026-01-31T18:00", "2026-02-11", "served", None)  # local 02-01, overdue
        r3 = _rect(s, i3, c, "2026-02-15T03:00", "2026-02-25", "reinspected", "corrected")
        r4 = _rect(s, i6, a, "2026-01-01T00:00", "2026-01-05", "escalated", "not_corrected")
        r5 = _rect(s, i8, b, "2026-01-20T02:00", "2026-02-05", "closed", "corrected")
        _inspection(s, a, sha, "2026-01-18T02:00", kind="reinspection", rect=r1)  # 8 days, on time
        _inspection(s, c, sha, "2026-03-10T03:00", kind="reinspection", rect=r3)  # 23 days, late
        _inspection(s, a, sha, "2026-01-06T02:00", ("T-02",), kind="reinspection", rect=r4)
        _inspection(s, b, sha, "2026-01-22T02:00", kind="reinspection", rect=r5)  # 2 days
        ev = RectificationEvent(
            id=uuid.uuid4(),
            rectification_id=r4,
            from_status="reinspected",
            to_status="escalated",
            note="立案",
        )
        s.add(ev)
        s.flush()
        s.add(RectificationEscalation(rectification_id=r4, kind="case", event_id=ev.id))
        s.flush()
        # Rows written directly, not through the services that keep the summary: count it afresh.
        stats_summary.rebuild(s, CST)
