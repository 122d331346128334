"""Keeping the statistics summary (:class:`~inspector.storage.stats_models.StatDay`) equal to the records.

The dashboard must open in well under a second over a provincial archive (300,000 inspections, 1.8
million answers). Counting findings from the records means joining every answer of the period to
its inspection and site, which costs in proportion to the archive; the summary holds the same counts
per local day, so a year is a few thousand rows however many inspections it saw.

The rule that keeps it right is simple: *a day's summary rows are always recounted whole from the
records, inside the transaction that changed that day's records.* There are no increments to get
wrong: whatever changes (an inspection finalized, a site moved to another township, a package from
a field laptop imported, a conflict resolved), the writer names the inspections or sites it touched
and :func:`refresh_for` recounts every day they fall on. On a shared PostgreSQL server the summary's
state row is locked first, so two recounts of the same day queue; the second reads the first's
committed records (READ COMMITTED takes a fresh snapshot per statement).

Days are local to one time zone, stored in :class:`StatSummary` when the summary was built
(normally the office's, China Standard Time). A report asked for in another time zone, or over a
database whose summary is missing, is counted from the records instead: same figures, slower.
:func:`differences` recounts everything and lists the days where the summary disagrees, for
``inspector verify`` and the tests.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Select, and_, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from inspector.domain import AnswerResult, InspectionKind, InspectionStatus
from inspector.services.local_time_sql import LocalTimeSql, local_window
from inspector.storage.models import Answer, Inspection, Site
from inspector.storage.stats_models import StatDay, StatSummary

_FINAL = InspectionStatus.FINALIZED.value
_ROUTINE = InspectionKind.ROUTINE.value
_CHUNK = 500  # ids per IN list

# dim values of StatDay
ROUTINE = "routine"
REINSPECTION = "reinspection"
FINDING_ITEM = "finding_item"
FINDING_PLACE = "finding_place"


def offset(session: Session) -> dt.timedelta | None:
    """The UTC offset the summary's days are local to; ``None`` when there is no summary."""
    minutes = session.execute(select(StatSummary.utc_offset_minutes).where(StatSummary.id == 1)).scalar()
    return None if minutes is None else dt.timedelta(minutes=minutes)


def _counts(sql: LocalTimeSql, start: dt.datetime | None, end: dt.datetime | None) -> list[Select[Any]]:
    """The summary rows of the records started in [start, end) (everything when both are ``None``),
    as (day, dim, key, township, n) selects: one per kind of count."""

    def window(col: Any) -> list[Any]:
        return [] if start is None or end is None else [col >= start, col < end]

    day = sql.local_date(Inspection.started_at)
    inspections = (
        select(day, Inspection.kind, Site.district, Site.township, func.count())
        .select_from(Inspection)
        .join(Site, Site.id == Inspection.site_id)
        .where(Inspection.status == _FINAL, *window(Inspection.started_at))
        .group_by(day, Inspection.kind, Site.district, Site.township)
    )
    findings = and_(
        Answer.result == AnswerResult.NON_COMPLIANT.value,
        Inspection.status == _FINAL,
        Inspection.kind == _ROUTINE,
        *window(Inspection.started_at),
    )
    by_item = (
        select(day, literal(FINDING_ITEM), Answer.item_code, literal(""), func.count())
        .select_from(Answer)
        .join(Inspection, Inspection.id == Answer.inspection_id)
        .where(findings)
        .group_by(day, Answer.item_code)
    )
    by_place = (
        select(day, literal(FINDING_PLACE), Site.district, Site.township, func.count())
        .select_from(Answer)
        .join(Inspection, Inspection.id == Answer.inspection_id)
        .join(Site, Site.id == Inspection.site_id)
        .where(findings)
        .group_by(day, Site.district, Site.township)
    )
    return [inspections, by_item, by_place]


_COLUMNS = [StatDay.day, StatDay.dim, StatDay.key, StatDay.township, StatDay.n]


def rebuild(session: Session, utc_offset: dt.timedelta) -> None:
    """Count the whole summary afresh, its days local to ``utc_offset`` (migration, bulk loads)."""
    minutes = int(utc_offset.total_seconds() // 60)
    state = session.get(StatSummary, 1, with_for_update=True)
    if state is None:
        session.add(StatSummary(id=1, utc_offset_minutes=minutes))
    else:
        state.utc_offset_minutes = minutes
        state.built_at = dt.datetime.now(dt.UTC)
    session.flush()
    session.execute(delete(StatDay))
    sql = LocalTimeSql(session, utc_offset)
    for counts in _counts(sql, None, None):
        session.execute(insert(StatDay).from_select(_COLUMNS, counts))


def _runs(days: Iterable[dt.date]) -> Iterator[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) ranges, so a week of refreshes is one recount."""
    ordered = sorted(set(days))
    if not ordered:
        return
    first = last = ordered[0]
    for d in ordered[1:]:
        if d == last + dt.timedelta(days=1):
            last = d
            continue
        yield first, last
        first = last = d
    yield first, last


def _recount(session: Session, sql: LocalTimeSql, utc_offset: dt.timedelta, days: set[dt.date]) -> None:
    """Replace the summary rows of ``days`` by a recount of their records (the state row is locked)."""
    for first, last in _runs(days):
        start, end = local_window(first, last, utc_offset)
        session.execute(delete(StatDay).where(StatDay.day >= first, StatDay.day <= last))
        for counts in _counts(sql, start, end):
            session.execute(insert(StatDay).from_select(_COLUMNS, counts))


def _chunks(values: Collection[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    items = list(values)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def refresh_for(
    session: Session,
    *,
    inspection_ids: Collection[uuid.UUID] = (),
    site_ids: Collection[uuid.UUID] = (),
) -> None:
    """Recount every day on which one of these inspections, or a finalized inspection of one of these
    sites, took place. Call it after the change, in the same transaction."""
    if not inspection_ids and not site_ids:
        return
    session.flush()
    state = session.get(StatSummary, 1, with_for_update=True)  # queue behind another recount
    if state is None:
        return  # no summary (never built): reports count from the records
    utc_offset = dt.timedelta(minutes=state.utc_offset_minutes)
    sql = LocalTimeSql(session, utc_offset)
    day = sql.local_date(Inspection.started_at)
    days: set[dt.date] = set()
    for ids, column in ((inspection_ids, Inspection.id), (site_ids, Inspection.site_id)):
        for chunk in _chunks(ids):
            q = select(day).where(Inspection.status == _FINAL, column.in_(chunk)).distinct()
            days.update(_as_date(d) for d in session.execute(q).scalars())
    _recount(session, sql, utc_offset, days)


def _as_date(value: Any) -> dt.date:
    """SQLite's ``date()`` answers ISO text, PostgreSQL a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def differences(session: Session) -> list[dt.date]:
    """Days on which the stored summary differs from a recount of the records (empty: they agree).

    A full recount, so it costs what the summary spares the dashboard; for checks, not for screens.
    """
    utc_offset = offset(session)
    if utc_offset is None:
        return []
    sql = LocalTimeSql(session, utc_offset)
    expected: dict[tuple[dt.date, str, str, str], int] = {}
    for counts in _counts(sql, None, None):
        for d, dim, key, township, n in session.execute(counts).all():
            expected[(_as_date(d), str(dim), str(key), str(township))] = int(n)
    stored: dict[tuple[dt.date, str, str, str], int] = {}
    for row in session.execute(select(*_COLUMNS).where(StatDay.n != 0)):
        stored[(row.day, row.dim, row.key, row.township)] = row.n
    return sorted({k[0] for k in set(expected) | set(stored) if expected.get(k) != stored.get(k)})


# Which column of a written row names the inspection or site whose days must be recounted.
_ROW_TARGETS = {
    "inspections": ("inspection", "id"),
    "answers": ("inspection", "inspection_id"),
    "sites": ("site", "id"),
}


def refresh_for_rows(session: Session, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """:func:`refresh_for` for writers that copy rows of any table (the exchange of packages):
    rows of tables the summary does not count are ignored."""
    target = _ROW_TARGETS.get(table)
    if target is None:
        return
    kind, column = target
    ids = {v for row in rows if isinstance(v := row.get(column), uuid.UUID)}
    if kind == "site":
        refresh_for(session, site_ids=ids)
    else:
        refresh_for(session, inspection_ids=ids)
