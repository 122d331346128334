"""Where the data lives and which database to use.

Precedence, most specific first: command-line option, environment variable, default. The default is a
SQLite file in the platform's user data directory, so a laptop works with no set-up; an office points
``INSPECTOR_DB_URL`` at its PostgreSQL server and every laptop and desk shares one database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "inspector"


@dataclass(frozen=True)
class Config:
    data_dir: Path
    db_url: str

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
        """The database location with any password hidden, for status bars and logs."""
        if self.is_sqlite:
            return self.db_url.removeprefix("sqlite:///")
        from sqlalchemy.engine import make_url

        return make_url(self.db_url).render_as_string(hide_password=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def resolve(data_dir: str | Path | None = None, db_url: str | None = None) -> Config:
    """Build the configuration from options, then the environment, then defaults."""
    raw_dir = data_dir or os.environ.get("INSPECTOR_DATA_DIR") or user_data_path(APP_NAME, appauthor=False)
    base = Path(raw_dir).expanduser().resolve()
    url = db_url or os.environ.get("INSPECTOR_DB_URL") or sqlite_url(base / "inspector.sqlite3")
    return Config(data_dir=base, db_url=url)
