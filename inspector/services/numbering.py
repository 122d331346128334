"""Document numbers (文号): allocated inside the transaction that issues the document.

A number is never reused and never skipped (卫生行政执法文书规范): the counter row is bumped in the
same transaction that inserts the document, so if rendering or anything else fails, the transaction
rolls back and the number goes back with it. Concurrent issuers are serialised by the database:
PostgreSQL makes the second ``UPDATE`` of the row wait for the first transaction to end (then it
reads the committed value), and SQLite's write transactions are already exclusive (BEGIN IMMEDIATE).

The series is the office's number pattern itself (``{region}卫监意〔{year}〕{seq:03d}号``), one
sequence per calendar year: two document kinds that share a pattern share its sequence (so their
numbers cannot collide), and a pattern changed and changed back carries on where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import and_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from inspector.domain import DocumentKind
from inspector.domain.office import OfficeSettings
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.storage.models import Counter

SERIES_MAX = 64


def pattern_for(settings: OfficeSettings, kind: DocumentKind | str) -> str:
    """The office's pattern for ``kind`` (the domain's default for a kind it has not set)."""
    return settings.pattern(kind)


def series_for(pattern: str) -> str:
    """The counter's series key: the pattern, or its hash when it does not fit the column."""
    if len(pattern) <= SERIES_MAX:
        return pattern
    return "sha256:" + hashlib.sha256(pattern.encode("utf-8")).hexdigest()[: SERIES_MAX - 7]


def format_number(pattern: str, *, region: str, year: int, seq: int) -> str:
    """Fill the pattern; a pattern that cannot be filled is the office's mistake, said plainly."""
    try:
        number = pattern.format(region=region, year=year, seq=seq)
    except (KeyError, ValueError, IndexError, AttributeError) as err:
        raise UserError(
            tr(
                "The document number pattern “{pattern}” cannot be used ({reason}). Correct it in "
                "the office settings; it may use {{region}}, {{year}} and {{seq}}.",
                pattern=pattern,
                reason=str(err) or type(err).__name__,
            )
        ) from err
    if number == pattern.format(region=region, year=year, seq=seq + 1):
        raise UserError(
            tr(
                "The document number pattern “{pattern}” has no {{seq}}, so every document would get "
                "the same number. Correct it in the office settings.",
                pattern=pattern,
            )
        )
    if len(number) > 64:
        raise UserError(
            tr(
                "The document number “{number}” is longer than 64 characters; shorten the pattern in "
                "the office settings.",
                number=number,
            )
        )
    return number


def allocate(session: Session, series: str, year: int) -> int:
    """The next value of ``(series, year)``, counted in this transaction (1 for the first)."""
    dialect = session.get_bind().dialect.name
    values = {"series": series, "year": year, "value": 0}
    if dialect == "postgresql":
        session.execute(postgresql.insert(Counter).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(Counter).values(**values).on_conflict_do_nothing())
    elif session.get(Counter, (series, year)) is None:  # pragma: no cover - other databases
        session.add(Counter(**values))
        session.flush()
    # One statement both locks the row (PostgreSQL: concurrent issuers wait here until the holder's
    # transaction ends) and counts; RETURNING gives the value this transaction owns.
    stmt = (
        update(Counter)
        .where(and_(Counter.series == series, Counter.year == year))
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )
    value = session.execute(stmt, execution_options={"synchronize_session": False}).scalar_one()
    return int(value)


def current(session: Session, series: str, year: int) -> int:
    """The last value handed out (0 when none); for display only, never to build a number."""
    row = session.get(Counter, (series, year))
    return row.value if row is not None else 0


def issue_year(issued_at: dt.datetime) -> int:
    """Numbers run per calendar year of the office's local date."""
    return issued_at.astimezone().year


def next_number(
    session: Session, settings: OfficeSettings, kind: DocumentKind | str, issued_at: dt.datetime
) -> tuple[str, str, int, int]:
    """Allocate and format the number of a document of ``kind`` issued at ``issued_at``.

    Returns ``(number, series, year, seq)``. Call it in the transaction that stores the document.
    """
    pattern = pattern_for(settings, kind)
    year = issue_year(issued_at)
    format_number(pattern, region=settings.region, year=year, seq=1)  # refuse a bad pattern before counting
    series = series_for(pattern)
    seq = allocate(session, series, year)
    return format_number(pattern, region=settings.region, year=year, seq=seq), series, year, seq


def preview_number(
    session: Session, settings: OfficeSettings, kind: DocumentKind | str, issued_at: dt.datetime
) -> str:
    """The number the next document of ``kind`` would get now (another desk may take it first)."""
    pattern = pattern_for(settings, kind)
    year = issue_year(issued_at)
    return format_number(
        pattern, region=settings.region, year=year, seq=current(session, series_for(pattern), year) + 1
    )
