"""Frozen copies in the database (SQLite and PostgreSQL): what an inspection used never changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from inspector.errors import DatabaseError, NotFoundError
from inspector.forms import form_from_snapshot, load_registry
from inspector.services.form_snapshots import load_snapshot, store_snapshot
from inspector.storage.db import Database
from inspector.storage.models import FormSnapshot
from tests.forms.forms_helpers import builtin_data, dumps


def test_snapshot_round_trip_and_later_edits(db: Database, tmp_path: Path) -> None:
    forms_dir = tmp_path / "forms"
    forms_dir.mkdir()
    data = builtin_data("ultrasound.toml")
    data["version"] = "2"
    data["sections"][0]["items"][0]["question"] = "第一版的问题？"
    user_file = forms_dir / "us.toml"
    user_file.write_text(dumps(data), encoding="utf-8")
    form = load_registry(forms_dir).get("ultrasound")
    assert form.version == "2" and form.origin == "user"

    with db.write() as session:
        sha = store_snapshot(session, form)
        assert store_snapshot(session, form) == sha  # idempotent within a transaction
    with db.write() as session:
        assert store_snapshot(session, form) == sha  # and across transactions
    assert sha == form.sha256

    # The office edits the file afterwards: the stored copy is untouched.
    data["sections"][0]["items"][0]["question"] = "改过的问题？"
    user_file.write_text(dumps(data), encoding="utf-8")
    edited = load_registry(forms_dir).get("ultrasound")
    assert edited.items[0].question == "改过的问题？" and edited.sha256 != sha

    with db.read() as session:
        loaded = load_snapshot(session, sha)
        count = session.scalar(select(func.count()).select_from(FormSnapshot))
        row = session.get(FormSnapshot, sha)
        assert row is not None and row.form_id == "ultrasound" and row.version == "2"
    assert count == 1
    assert loaded == form
    assert loaded.items[0].question == "第一版的问题？"
    assert loaded.canonical_json() == form.canonical_json()
    assert loaded.article("人口与计划生育法-39").text.startswith("严禁利用超声技术")


def test_law_text_is_frozen_with_the_snapshot(db: Database, tmp_path: Path) -> None:
    form = load_registry(None).get("ultrasound")
    with db.write() as session:
        sha = store_snapshot(session, form)
    # The office later fills in the local rule; old inspections keep the empty reference.
    (tmp_path / "legal.toml").write_text(
        '[[articles]]\nref = "地方-孕情实名登记"\nlaw = "地方规定"\ntitle = "实名登记"\ntext = "新文本"\n'
        'verified = true\nconfirmed = { by = "王伟", on = "2026-03-01", source = "某县实施方案" }\n',
        encoding="utf-8",
    )
    updated = load_registry(tmp_path).get("ultrasound")
    assert updated.article("地方-孕情实名登记").text == "新文本"
    with db.read() as session:
        old = load_snapshot(session, sha)
    assert old.article("地方-孕情实名登记").text == "" and not old.article("地方-孕情实名登记").verified


def test_missing_and_tampered_snapshots(db: Database) -> None:
    form = load_registry(None).get("clinic")
    with db.read() as session, pytest.raises(NotFoundError):
        load_snapshot(session, "0" * 64)
    with db.write() as session:
        sha = store_snapshot(session, form)
        session.execute(
            update(FormSnapshot)
            .where(FormSnapshot.sha256 == sha)
            .values(content=form.canonical_json().replace("CL-01", "CL-1"))
        )
    with db.read() as session, pytest.raises(DatabaseError, match="校验值不一致"):
        load_snapshot(session, sha)


def test_damaged_snapshot_json_is_a_form_error() -> None:
    from inspector.forms import FormError

    for content in ("", "[]", "{", '{"legal": 3}', '{"id": "x"}'):
        with pytest.raises(FormError):
            form_from_snapshot(content)
