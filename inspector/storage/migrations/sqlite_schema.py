"""Changing a constraint of a SQLite table in place, by editing its CREATE TABLE text: one copy.

SQLite cannot alter a constraint. Rebuilding the table (create, copy, drop, rename) inside a
migration's transaction trips the foreign keys of the rows that refer to it, so migrations 0010 and
0012 edit the text of the table in the schema table instead, as SQLite documents for a change that
leaves the stored rows valid ("Making Other Kinds Of Table Schema Changes",
https://sqlite.org/lang_altertable.html), and bump the schema version so every connection reads the
new text. A migration stays what it was the day it shipped, so this module never changes; it lives
outside ``versions/`` because Alembic loads every file there as a revision.
"""

from __future__ import annotations

from alembic import op


def replace_in_table_sql(table: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``table``'s CREATE TABLE text (a constraint change only)."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"{table}: the schema is not the one this migration expects ({old!r} missing)")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
        (sql.replace(old, new, 1), table),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
