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


SERVER_URLS = [
    # Rendered without SQLAlchemy (the main window's first frame shows them):
    "postgresql+psycopg://u:secret@h/db",
    "postgresql+psycopg://postgres@127.0.0.1:55432/postgres",
    "postgresql+psycopg://office.lan/inspections",
    "postgresql+psycopg://u:@h/db",
    "postgresql+psycopg://:secret@h/db",
    "postgresql+psycopg://@h",
    "postgresql://u:p/w?d#x@h:5432/",
    "postgresql://u.name~1:s3cr3t!@db-1.example.org:5432/inspector_2026",
    "postgresql://h",
    "postgresql:///db",
    # Left to SQLAlchemy:
    "postgresql://u%40x:p%2Fw@h/db",
    "postgresql://u:secret@h/db?sslmode=require&application_name=inspector",
    "postgresql://u:secret@[::1]:5432/db",
    "postgresql://u:secret@h:0123/db",
    "postgresql://u:p@x@h/db",
    "postgresql://u ser:secret@h/db",
    "postgresql://u:secret@h/da%20ta",
    "postgresql://u:secret@h/d b",
    "mysql+pymysql://用户:密码@主机/库",
]


@pytest.mark.parametrize("url", SERVER_URLS)
def test_a_server_location_reads_as_sqlalchemy_renders_it(url: str, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    shown = resolve(tmp_path, url).describe_db()
    assert shown == make_url(url).render_as_string(hide_password=True)
    password = make_url(url).password
    assert not password or password not in shown.split("@")[0].split("//")[-1]
