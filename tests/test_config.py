"""Configuration: where the data lives by default, and what overrides it."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_data_path

from inspector.config import APP_NAME, default_data_dir, resolve


@pytest.mark.parametrize("xdg", [None, "/srv/xdg-data", "relative/ignored"])
def test_default_data_dir_agrees_with_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_data_dir() == user_data_path(APP_NAME, appauthor=False)


def test_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(tmp_path / "env"))
    assert resolve().data_dir == tmp_path / "env"
    assert resolve(tmp_path / "opt").data_dir == tmp_path / "opt"
    assert resolve(tmp_path / "opt").db_url.endswith("opt/inspector.sqlite3")
    monkeypatch.setenv("INSPECTOR_DB_URL", "postgresql+psycopg://u:secret@h/db")
    cfg = resolve(tmp_path / "opt")
    assert cfg.db_url.startswith("postgresql") and "secret" not in cfg.describe_db()
