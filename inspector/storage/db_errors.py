"""What a database failure means to the person in front of the screen, in their words.

A failure the environment causes (the file locked, damaged, full or read-only; the server
unreachable) is not a bug: it becomes a :class:`~inspector.errors.DatabaseError` with a translated
message that says what to do. Anything else stays an exception and looks like the bug it is. Apart
from :mod:`inspector.storage.db` so the rules for telling the two apart sit in one short place; a
laptop's full disk is never blamed on "the server".
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import exc

from inspector.config import Config
from inspector.errors import DatabaseError
from inspector.i18n import tr

_DAMAGED = (
    "not a database",
    "malformed",
    "disk image",
    "file is encrypted",
    "database corrupt",
    "could not decode to utf-8",  # a text cell whose bytes were damaged
)
_FULL = ("database or disk is full", "no space left", "disk full", "diskfull", "could not extend file")


def friendly(err: BaseException, where: str, *, server: bool = False) -> DatabaseError:
    """The translated message for a database failure the environment caused (never a bug's)."""
    found = environment_error(err, where, server=server)
    if found is not None:
        return found
    reason = (str(err).splitlines() or [type(err).__name__])[0]
    if server:
        return DatabaseError(
            tr(
                "Cannot open the database {where}: {reason}. "
                "Check the address, the server and your access rights.",
                where=where,
                reason=reason,
            )
        )
    return DatabaseError(
        tr(
            "Cannot use the database file {where}: {reason}. Check that the folder exists and that you "
            "may read and write there.",
            where=where,
            reason=reason,
        )
    )


def environment_error(err: BaseException, where: str, *, server: bool = False) -> DatabaseError | None:
    """A translated message when ``err`` says the database is locked, damaged, full or unreadable;
    None for anything else (which is a bug, and must look like one)."""
    text = str(err).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            tr(
                "The database {where} is locked by another program. "
                "Close the other copy of the app and try again.",
                where=where,
            )
        )
    if any(word in text for word in _DAMAGED):
        return damaged_database(where)
    if any(word in text for word in _FULL):
        if server:
            return DatabaseError(
                tr(
                    "The database server of {where} has no space left; the last change was not saved. "
                    "Ask the server's administrator to free space.",
                    where=where,
                )
            )
        return DatabaseError(
            tr(
                "The disk holding {where} is full; the last change was not saved. Free some space on "
                "this computer and try again.",
                where=where,
            )
        )
    if "readonly database" in text or "read-only" in text:
        return DatabaseError(
            tr(
                "The database {where} cannot be written (the file or its folder is read-only). "
                "Check the permissions, or copy the data directory to a place you may write.",
                where=where,
            )
        )
    if "disk i/o error" in text:
        return DatabaseError(
            tr(
                "The disk failed while reading or writing {where} (I/O error). Check the disk, then "
                'run "inspector db check".',
                where=where,
            )
        )
    return None


def damaged_database(where: str) -> DatabaseError:
    return DatabaseError(
        tr(
            "The file {where} is not a readable database (it may be damaged). It was left untouched; "
            "restore it from a backup or choose another data directory.",
            where=where,
        )
    )


def explain(err: BaseException, config: Config) -> DatabaseError | None:
    """The message for an unexpected failure that the database's state explains, else None (a bug).

    Damage that SQLite notices raises "malformed"; damage it does not notice can still make a row
    unreadable (garbled text, an id that is no longer one), and the code that reads it then fails
    in ways that look like bugs. Three signs tell them apart: an environment error anywhere in the
    chain of causes, a failure inside the conversion of a stored value, or a structural check of
    the file (read-only) that fails.
    """
    where = config.describe_db()
    server = not config.is_sqlite
    seen: BaseException | None = err
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, exc.DBAPIError):
            found = environment_error(seen.orig or seen, where, server=server)
            if found is not None:
                return found
        if isinstance(seen, ValueError | TypeError | LookupError) and _in_result_conversion(seen):
            return DatabaseError(
                tr(
                    "A value stored in the database {where} cannot be read: the file is damaged. Nothing "
                    "was changed. Restore the database from a backup.",
                    where=where,
                )
            )
        seen = seen.__cause__ or seen.__context__
    return diagnose(config)


def _in_result_conversion(err: BaseException) -> bool:
    """Whether ``err`` was raised while converting a value read from the database into Python."""
    tb = err.__traceback__
    while tb is not None:
        name = getattr(tb.tb_frame.f_code, "co_qualname", tb.tb_frame.f_code.co_name)
        if "result_processor" in name or name.endswith("process_result_value"):
            return True
        tb = tb.tb_next
    return False


def diagnose(config: Config) -> DatabaseError | None:
    """The message to show when the SQLite database fails SQLite's structural check, else None (also
    None for an encrypted file without its key: nothing can be said about it then)."""
    from inspector.storage.db import _sqlite_path, connect_file, file_errors, is_plain_sqlite

    path = _sqlite_path(config.db_url)
    if path is None or not path.is_file() or (config.key is None and not is_plain_sqlite(path)):
        return None
    where = config.describe_db()
    try:
        conn = connect_file(Path(f"file:{path}?mode=ro"), config.key, timeout=5, uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except file_errors() as err:
        return environment_error(err, where) or damaged_database(where)
    except UnicodeDecodeError:  # SQLite's own message quotes damaged bytes (a garbled schema)
        return damaged_database(where)
    return None if [tuple(r) for r in rows] == [("ok",)] else damaged_database(where)
