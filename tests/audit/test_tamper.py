"""Tamper evidence: the audit chain, every record against its seal, photo originals, documents.

The changes are made the way someone with a SQLite editor or a file manager would make them: a raw
``UPDATE`` on the file, bytes written over a stored photo. ``inspector verify`` must name each one and
exit non-zero, and must stay quiet about the app's own ordinary changes.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector.cli import main
from inspector.config import Config
from inspector.domain import AnswerResult
from inspector.photos import store
from inspector.services import audit, inspections, photos, verify
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.storage.models import Answer, AuditEvent, Setting
from tests.world import World, raw_sql


def _verify(config: Config, db: Database) -> verify.VerifyReport:
    with db.read() as s:
        return verify.verify_all(s, config)


def test_a_clean_world_verifies_and_ordinary_use_keeps_it_clean(
    world: World, sqlite_config: Config, sqlite_db: Database
) -> None:
    assert _verify(sqlite_config, sqlite_db).ok
    with sqlite_db.write() as s:  # walking through the checklist is not a change of the record
        inspections.set_position(s, world.inspection_id, world.item_codes[1])
    with sqlite_db.write() as s:
        inspections.record_answer(s, SYSTEM, world.inspection_id, world.item_codes[1], finding="补充说明")
    with sqlite_db.write() as s:
        photos.set_caption(s, SYSTEM, photos.list_photos(s, world.inspection_id)[0].id, "诊室全景")
    with sqlite_db.write() as s:  # a change a service forgot to audit is sealed at commit, not flagged
        s.add(Setting(key="some.flag", value="1"))
    report = _verify(sqlite_config, sqlite_db)
    assert report.ok, report.problems
    with sqlite_db.read() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "seal" and "settings:some.flag" in last.detail["rows"]


def test_direct_update_of_an_answer_is_detected(
    world: World, sqlite_config: Config, sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_db.read() as s:
        answer_id = s.execute(
            select(Answer.id).where(
                Answer.inspection_id == world.inspection_id, Answer.item_code == world.item_codes[0]
            )
        ).scalar_one()
    raw_sql(
        sqlite_config,
        "UPDATE answers SET finding = '未发现问题', result = 'compliant' WHERE id = ?",
        answer_id.hex,
    )
    report = _verify(sqlite_config, sqlite_db)
    assert [(p.area, p.subject) for p in report.problems] == [("record", f"answers:{answer_id}")]
    assert "绕过程序修改" in report.problems[0].reason
    code = main(["verify", "--data-dir", str(sqlite_config.data_dir)])
    out = capsys.readouterr().out
    assert code == 1 and f"answers:{answer_id}" in out and "发现 1 个问题" in out


def test_inserted_deleted_and_event_tampering_are_detected(
    world: World, sqlite_config: Config, sqlite_db: Database
) -> None:
    raw_sql(sqlite_config, "DELETE FROM rectification_events")
    raw_sql(sqlite_config, "INSERT INTO settings (key, value) VALUES ('smuggled', 'x')")
    report = _verify(sqlite_config, sqlite_db)
    reasons = {p.subject: p.reason for p in report.problems}
    assert "settings:smuggled" in reasons and "添加" in reasons["settings:smuggled"]
    assert any(k.startswith("rectification_events:") and "删除" in r for k, r in reasons.items())
    raw_sql(sqlite_config, "UPDATE audit_events SET actor_name = 'someone else' WHERE seq = 2")
    raw_sql(sqlite_config, "DELETE FROM audit_events WHERE seq = 4")
    areas = [(p.area, p.subject) for p in _verify(sqlite_config, sqlite_db).problems if p.area == "chain"]
    assert ("chain", "#2") in areas and ("chain", "#5") in areas


def test_photo_and_document_tampering_is_detected(
    world: World, sqlite_config: Config, sqlite_db: Database
) -> None:
    original = store.original_path(sqlite_config.photo_dir, world.photo_sha)
    os.chmod(original, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(original.read_bytes())
    data[-10] ^= 0xFF
    original.write_bytes(bytes(data))
    doc = next((sqlite_config.documents_dir / "notices").iterdir())
    doc.write_bytes(doc.read_bytes() + b" edited")
    problems = {p.area: p for p in _verify(sqlite_config, sqlite_db).problems}
    assert set(problems) == {"photo", "document"}
    assert world.photo_sha[:16] in problems["photo"].subject and "被改动" in problems["photo"].reason
    assert "SHA-256 不符" in problems["document"].reason
    doc.unlink()
    problems = {p.area: p for p in _verify(sqlite_config, sqlite_db).problems}
    assert "缺失" in problems["document"].reason


def test_verify_json_and_head(
    world: World, sqlite_config: Config, sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", "--json", "--data-dir", str(sqlite_config.data_dir)])
    data = json.loads(capsys.readouterr().out)
    with sqlite_db.read() as s:
        seq, head = audit.head(s)
    assert code == 0 and data["ok"] and data["audit_head"] == {"seq": seq, "hash": head}
    assert data["counts"]["photos"] == 1 and data["counts"]["documents"] == 1


def test_state_of_matches_the_sealed_digest(world: World, sqlite_db: Database) -> None:
    with sqlite_db.read() as s:
        answer = s.execute(
            select(Answer).where(
                Answer.inspection_id == world.inspection_id, Answer.item_code == world.item_codes[0]
            )
        ).scalar_one()
        seals = audit.expected_seals(s)
        assert seals[f"answers:{answer.id}"] == audit.digest(audit.state_of(answer))
        assert answer.result == AnswerResult.NON_COMPLIANT.value


def test_tamper_test_would_fail_without_seals(tmp_path: Path) -> None:
    """Guard against a vacuous pass: seals must exist for the records the services write."""
    from inspector.config import resolve
    from inspector.storage.db import open_database
    from tests.world import build_world

    cfg = resolve(tmp_path / "d")
    db = open_database(cfg)
    try:
        build_world(db, cfg, tmp_path)
        with db.read() as s:
            keys = audit.expected_seals(s)
        for table in (
            "sites",
            "users",
            "inspections",
            "answers",
            "photos",
            "documents",
            "rectifications",
            "inspection_inspectors",
            "rectification_events",
        ):
            assert any(k.startswith(table + ":") for k in keys), table
    finally:
        db.close()
