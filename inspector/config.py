"""Where the data lives and which database to use.

Precedence, most specific first: command-line option, environment variable, default. The default is a
SQLite file in the platform's user data directory, so a laptop works with no set-up; an office points
``INSPECTOR_DB_URL`` at its PostgreSQL server and every laptop and desk shares one database.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

APP_NAME = "inspector"
# driver://[user[:password]@][host][:port][/database], every part but the password in characters
# that SQLAlchemy neither escapes nor unescapes; a password is never shown, whatever it holds.
_PLAIN_URL = (
    r"(?P<scheme>[A-Za-z0-9_+]+://)"
    r"(?:(?P<user>[A-Za-z0-9_.~-]*)(?P<password>:[^@]*)?@)?"
    r"(?P<location>[A-Za-z0-9_.-]*(?::[1-9][0-9]*)?(?:/[A-Za-z0-9_.~-]*)?)"
)


class Config(NamedTuple):
    """Immutable, compared and hashed by value. A named tuple rather than a frozen dataclass: this is
    on the desktop app's start-up path, where ``dataclasses`` and the methods it generates cost
    ~3 ms before the first window (the tuple behaviour itself is not used)."""

    data_dir: Path
    db_url: str
    # The unlocked data key of an encrypted (SQLite) data directory, None for plain files and for a
    # server database. Set by signing in (``config.with_key``), never read from the environment.
    key: DataKey | None = None

    def with_key(self, key: DataKey | None) -> Config:
        return self._replace(key=key)

    @property
    def key_file(self) -> Path:
        """Where an encrypted data directory keeps its wrapped keys (:mod:`inspector.crypto.keyfile`)."""
        return self.data_dir / "inspector.keys"

    @property
    def photo_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def forms_dir(self) -> Path:
        return self.data_dir / "forms"

    @property
    def templates_dir(self) -> Path:
        return self.data_dir / "templates"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    def describe_db(self) -> str:
        """The database location with any password hidden, for status bars and logs.

        The main window's first frame shows it before SQLAlchemy is imported, so a server URL of
        plain words (no %-escapes, no query, no IPv6 address) is rendered here, exactly as
        SQLAlchemy renders it (``tests/test_config.py`` compares them); any other asks SQLAlchemy.
        """
        if self.is_sqlite:
            return self.db_url.removeprefix("sqlite:///")
        plain = re.fullmatch(_PLAIN_URL, self.db_url)
        if plain is not None:
            if plain["user"] is None:
                return plain["scheme"] + plain["location"]
            password = "" if plain["password"] is None else ":***"
            return f"{plain['scheme']}{plain['user']}{password}@{plain['location']}"
        from sqlalchemy.engine import make_url

        return make_url(self.db_url).render_as_string(hide_password=True)


def default_data_dir() -> Path:
    """The platform's user data directory for the app, as platformdirs defines it.

    Linux (XDG) and Windows (LOCALAPPDATA) are answered directly, because importing platformdirs
    costs about 25 ms of the window's start-up; other platforms, and a Windows without the
    variable, ask platformdirs. ``tests/test_config.py`` checks both answers agree.
    """
    platform = sys.platform  # a variable, so type checkers keep every branch
    if platform.startswith("linux"):
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
        return base / APP_NAME
    if platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / APP_NAME
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def resolve(data_dir: str | Path | None = None, db_url: str | None = None) -> Config:
    """Build the configuration from options, then the environment, then defaults."""
    raw_dir = data_dir or os.environ.get("INSPECTOR_DATA_DIR") or default_data_dir()
    base = Path(raw_dir).expanduser().resolve()
    url = db_url or os.environ.get("INSPECTOR_DB_URL") or sqlite_url(base / "inspector.sqlite3")
    return Config(data_dir=base, db_url=url)
