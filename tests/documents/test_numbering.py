"""Document numbers: never reused, never skipped, also with eight processes issuing at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import uuid
from collections.abc import Iterator
from multiprocessing.pool import Pool

import pytest
from sqlalchemy import func, select

from inspector.config import Config, resolve
from inspector.domain import DocumentKind
from inspector.domain.office import OfficeSettings
from inspector.errors import UserError
from inspector.services import numbering
from inspector.services.unlock import unlock_with_recovery
from inspector.storage.db import Database, open_database
from inspector.storage.models import Counter, Document, FormSnapshot, Inspection, Site
from inspector.storage.types import utcnow
from tests.conftest import RECOVERY_CODES

SETTINGS = OfficeSettings(region="示", number_patterns={"notice": "{region}卫监意〔{year}〕{seq:03d}号"})
WHEN = dt.datetime(2026, 6, 1, 4, 0, tzinfo=dt.UTC)
PROCESSES = 8
PER_PROCESS = 100


def test_format_number_fills_the_pattern_and_refuses_bad_ones() -> None:
    assert (
        numbering.format_number("{region}卫监意〔{year}〕{seq:03d}号", region="京", year=2026, seq=7)
        == "京卫监意〔2026〕007号"
    )
    assert numbering.format_number("{year}—{seq:03d}", region="京", year=2002, seq=1) == "2002—001"
    with pytest.raises(UserError, match="region"):
        numbering.format_number("{regoin}{seq}", region="京", year=2026, seq=1)
    with pytest.raises(UserError):
        numbering.format_number("{region}卫监意〔{year}〕号", region="京", year=2026, seq=1)
    assert numbering.series_for("x" * 200).startswith("sha256:")
    assert len(numbering.series_for("x" * 200)) <= 64


def test_numbers_run_per_series_and_year_and_patterns_of_kinds_apart(db: Database) -> None:
    with db.write() as s:
        first = numbering.next_number(s, SETTINGS, DocumentKind.NOTICE, WHEN)[0]
        second = numbering.next_number(s, SETTINGS, DocumentKind.NOTICE, WHEN)[0]
        record = numbering.next_number(s, SETTINGS, DocumentKind.RECORD, WHEN)[0]
        next_year = numbering.next_number(s, SETTINGS, DocumentKind.NOTICE, WHEN.replace(year=2027))[0]
    assert (first, second) == ("示卫监意〔2026〕001号", "示卫监意〔2026〕002号")
    assert record == "示卫监录〔2026〕001号"
    assert next_year == "示卫监意〔2027〕001号"
    with db.read() as s:
        assert numbering.preview_number(s, SETTINGS, DocumentKind.NOTICE, WHEN) == "示卫监意〔2026〕003号"


def test_a_rolled_back_transaction_gives_its_number_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        assert numbering.next_number(s, SETTINGS, DocumentKind.NOTICE, WHEN)[3] == 1
        raise RuntimeError("rendering failed")
    with db.write() as s:
        assert numbering.next_number(s, SETTINGS, DocumentKind.NOTICE, WHEN)[3] == 1
    with db.read() as s:
        assert s.execute(select(Counter.value).where(Counter.year == 2026)).scalar_one() == 1


def test_a_bad_pattern_in_the_settings_consumes_nothing(db: Database) -> None:
    bad = OfficeSettings(number_patterns={"notice": "{region}卫监意〔{year}〕号"})
    with pytest.raises(UserError, match="seq"), db.write() as s:
        numbering.next_number(s, bad, DocumentKind.NOTICE, WHEN)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Counter)).scalar_one() == 0


# --------------------------------------------------------------------------------------- concurrency


def _issue_many(db_url: str, data_dir: str, inspection_id: str, count: int, code: str | None) -> list[str]:
    """One process of the race: ``count`` transactions, each allocating a number and inserting the
    document row that carries it, as issuing does (an encrypted directory unlocked with ``code``)."""
    config = resolve(data_dir, db_url)
    if code:
        config = unlock_with_recovery(config, code)
    database = open_database(config, migrate=False)
    numbers = []
    try:
        for _ in range(count):
            with database.write() as s:
                number = numbering.next_number(s, SETTINGS, DocumentKind.NOTICE, WHEN)[0]
                s.add(
                    Document(
                        id=uuid.uuid4(),
                        kind=DocumentKind.NOTICE.value,
                        number=number,
                        inspection_id=uuid.UUID(inspection_id),
                        file_path=f"race/{number}.docx",
                        sha256="0" * 64,
                        template_name="race",
                        template_sha256="0" * 64,
                        context={},
                        issued_at=utcnow(),
                    )
                )
            numbers.append(number)
    finally:
        database.close()
    return numbers


@pytest.fixture(scope="module")
def spawn_pool() -> Iterator[Pool]:
    """Eight fresh interpreters (spawn, as on Windows), reused by the SQLite and the PostgreSQL run."""
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        yield pool


def _an_inspection(db: Database) -> uuid.UUID:
    with db.write() as s:
        site = Site(id=uuid.uuid4(), kind="clinic", name="并发测试诊所")
        s.add(site)
        s.add(FormSnapshot(sha256="f" * 64, form_id="race", version="1", content="{}"))
        s.flush()
        insp = Inspection(
            id=uuid.uuid4(),
            site_id=site.id,
            form_id="race",
            form_version="1",
            form_sha256="f" * 64,
            started_at=utcnow(),
        )
        s.add(insp)
        s.flush()
        return insp.id


@pytest.mark.slow
def test_eight_processes_get_800_distinct_consecutive_numbers(
    backend_config: Config, db: Database, spawn_pool: Pool
) -> None:
    inspection_id = _an_inspection(db)
    args = [
        (
            backend_config.db_url,
            str(backend_config.data_dir),
            str(inspection_id),
            PER_PROCESS,
            RECOVERY_CODES.get(backend_config.data_dir) if backend_config.key else None,
        )
    ] * PROCESSES
    results = spawn_pool.starmap(_issue_many, args)
    numbers = [n for chunk in results for n in chunk]
    assert len(numbers) == len(set(numbers)) == PROCESSES * PER_PROCESS
    seqs = sorted(int(re.fullmatch(r"示卫监意〔2026〕(\d+)号", n).group(1)) for n in numbers)  # type: ignore[union-attr]
    assert seqs == list(range(1, PROCESSES * PER_PROCESS + 1))
    for chunk in results:  # within one process the numbers only go up
        assert chunk == sorted(chunk)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Document)).scalar_one() == PROCESSES * PER_PROCESS
        assert (
            s.execute(select(Counter.value).where(Counter.year == 2026)).scalar_one()
            == PROCESSES * PER_PROCESS
        )


def test_patterns_are_data_per_kind_with_defaults_and_old_settings_kept() -> None:
    from inspector.domain import DEFAULT_NUMBER_PATTERNS
    from inspector.services.settings import from_stored, validate

    defaults = OfficeSettings(region="示")
    assert set(DEFAULT_NUMBER_PATTERNS) == {k.value for k in DocumentKind}  # one entry per kind
    numbers = {
        k: numbering.format_number(defaults.pattern(k), region="示", year=2026, seq=1) for k in DocumentKind
    }
    assert numbers[DocumentKind.SUPPLEMENT] == "示卫监补录〔2026〕001号"
    assert len(set(numbers.values())) == len(numbers)  # each kind its own series by default
    old = from_stored({"region": "京", "record_pattern": "{region}卫录〔{year}〕{seq}号", "unknown": 1})
    assert old.pattern(DocumentKind.RECORD) == "{region}卫录〔{year}〕{seq}号"
    assert old.pattern(DocumentKind.NOTICE) == DEFAULT_NUMBER_PATTERNS["notice"]
    wrong = validate(OfficeSettings(number_patterns={"supplement": "补录{year}"}))
    assert [field for field, _ in wrong] == ["supplement_pattern"]
