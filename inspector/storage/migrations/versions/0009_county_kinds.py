"""County site kinds, designation apart from kind; names sorted by pinyin; statistics by township.

Revision ID: 0009_county_kinds
Revises: 0008_repair_stranded
Create Date: 2026-12-01 09:00:00.000000

- Kinds: the registry now lists what a county lists (医院, 乡镇卫生院, 村卫生室…). The old kinds
  ``ultrasound`` and ``termination_delivery`` were designations posing as kinds: such sites become
  ``hospital`` (the office corrects the few that are something else) and keep their three
  designation flags, which alone say what a site is designated for from now on.
- ``sites.name_key``: the name's pinyin sort key; the browse index walks it instead of the name.
- ``stat_days`` gains ``township``: inspections and findings are counted per 乡镇 within its 区县
  (``finding_district`` becomes ``finding_place``). The summary is derived data, so the table is
  rebuilt and recounted here in its own SQL, in the days of the time zone it was kept in.
- The statistics indexes carry the township (findings per township) and the inspection kind (first
  inspections and re-inspections per site, counted apart).

Its own SQL and its own copy of the sort key, importing no service: a migration stays what it was.
"""
import datetime as dt
import json
import re
from importlib import util
from pathlib import Path
from typing import Sequence, Union
import unicodedata
import uuid

from alembic import op
import sqlalchemy as sa

import inspector.storage.types
from inspector.storage.migrations import audit_rules_v1, stat_days_by_district


revision: str = '0009_county_kinds'
down_revision: Union[str, None] = '0008_repair_stranded'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

NEW_KINDS = (
    'hospital', 'maternal_child', 'township_health_centre', 'community_health', 'village_clinic',
    'outpatient', 'clinic', 'family_planning', 'unlicensed', 'pharmacy', 'wholesaler',
)
OLD_KINDS = ('ultrasound', 'termination_delivery', 'clinic', 'pharmacy', 'wholesaler', 'unlicensed')


def _kind_check(kinds: Sequence[str]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade() -> None:
    moved = _intact(_ids("kind IN ('ultrasound', 'termination_delivery')"), name_key=False)
    _set_kinds(NEW_KINDS, ["UPDATE sites SET kind = 'hospital' WHERE kind IN ('ultrasound', 'termination_delivery')"])
    op.add_column('sites', sa.Column('name_key', sa.String(length=200), nullable=False, server_default=''))
    if op.get_bind().dialect.name != "sqlite":  # SQLite keeps it: a NOT NULL column added needs one
        op.alter_column('sites', 'name_key', server_default=None)
    _fill_name_keys()
    _seal_sites(moved, "old kinds (ultrasound, termination_delivery) became hospital; designations kept")
    op.drop_index('ix_sites_browse', table_name='sites')
    op.create_index('ix_sites_browse', 'sites', ['active', 'name_key', 'id', 'search_text'], unique=False)
    op.drop_index('ix_sites_id_district', table_name='sites')
    op.create_index('ix_sites_id_place', 'sites', ['id', 'district', 'township'], unique=False)
    op.drop_index('ix_inspections_site_stats', table_name='inspections')
    op.create_index('ix_inspections_site_stats', 'inspections', ['site_id', 'status', 'kind', 'started_at'],
                    unique=False)
    op.drop_table('stat_days')
    op.create_table('stat_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('dim', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('township', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.CheckConstraint("dim IN ('routine', 'reinspection', 'finding_item', 'finding_place')",
                       name=op.f('ck_stat_days_dim')),
    sa.PrimaryKeyConstraint('day', 'dim', 'key', 'township', name=op.f('pk_stat_days'))
    )
    _recount(_COUNTS_BY_TOWNSHIP)


def downgrade() -> None:
    op.drop_index('ix_inspections_site_stats', table_name='inspections')
    op.create_index('ix_inspections_site_stats', 'inspections', ['site_id', 'status', 'started_at'], unique=False)
    op.drop_index('ix_sites_id_place', table_name='sites')
    op.create_index('ix_sites_id_district', 'sites', ['id', 'district'], unique=False)
    op.drop_index('ix_sites_browse', table_name='sites')
    op.create_index('ix_sites_browse', 'sites', ['active', 'name', 'id', 'search_text'], unique=False)
    op.execute("ALTER TABLE sites DROP COLUMN name_key")
    moved = _intact(_ids("NOT " + _kind_check(OLD_KINDS)), name_key=False)
    # The old kinds cannot say "hospital": a designated one is what it is designated for first.
    _set_kinds(OLD_KINDS, [
        "UPDATE sites SET kind = CASE"
        " WHEN designated_ultrasound AND NOT designated_termination AND NOT designated_delivery"
        " THEN 'ultrasound' ELSE 'termination_delivery' END"
        " WHERE kind IN ('hospital', 'maternal_child', 'township_health_centre', 'community_health',"
        " 'family_planning')",
        "UPDATE sites SET kind = 'clinic' WHERE kind IN ('village_clinic', 'outpatient')",
    ])
    _seal_sites(moved, "kinds of this version back to the previous version's", name_key=False)
    op.drop_table('stat_days')
    stat_days_by_district.create_table()  # migration 0005's
    _recount(stat_days_by_district.COUNTS_BY_DISTRICT)


_KIND_CHECK_SQL = re.compile(r"CONSTRAINT ck_sites_kind CHECK \(kind IN \([^)]*\)\)")


def _set_kinds(kinds: Sequence[str], updates: Sequence[str]) -> None:
    """Let ``sites.kind`` take ``kinds`` and run ``updates`` that move the rows to them.

    On SQLite the table is not rebuilt: dropping it would delete every site under the inspections
    that reference it (foreign keys are on during migrations), so the CHECK clause is rewritten in the
    schema, as SQLite documents for changing a CHECK constraint (https://sqlite.org/lang_altertable.html,
    "otheralter"); SQLite checks the rows as they are written, so the updates follow.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f('ck_sites_kind'), 'sites', type_='check')
        for update in updates:
            op.execute(update)
        op.create_check_constraint(op.f('ck_sites_kind'), 'sites', _kind_check(kinds))
        return
    table_sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sites'")
    ).scalar_one()
    new_sql, found = _KIND_CHECK_SQL.subn(f"CONSTRAINT ck_sites_kind CHECK ({_kind_check(kinds)})", table_sql)
    if found != 1:
        raise RuntimeError("sites: the kind CHECK constraint is not where this migration expects it")
    version = int(bind.execute(sa.text("PRAGMA schema_version")).scalar_one())
    bind.execute(sa.text("PRAGMA writable_schema = ON"))
    bind.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'sites'"), {"sql": new_sql}
    )
    bind.execute(sa.text(f"PRAGMA schema_version = {version + 1}"))
    bind.execute(sa.text("PRAGMA writable_schema = OFF"))
    for update in updates:
        op.execute(update)


# --------------------------------------------------------------------------------- the summary

_COUNTS_BY_TOWNSHIP = (
    "INSERT INTO stat_days (day, dim, key, township, n)"
    " SELECT {day}, i.kind, s.district, s.township, count(*) FROM inspections i"
    " JOIN sites s ON s.id = i.site_id"
    " WHERE i.status = 'finalized' GROUP BY {day}, i.kind, s.district, s.township",
    "INSERT INTO stat_days (day, dim, key, township, n)"
    " SELECT {day}, 'finding_item', a.item_code, '', count(*) FROM answers a"
    " JOIN inspections i ON i.id = a.inspection_id"
    " WHERE a.result = 'non_compliant' AND i.status = 'finalized' AND i.kind = 'routine'"
    " GROUP BY {day}, a.item_code",
    "INSERT INTO stat_days (day, dim, key, township, n)"
    " SELECT {day}, 'finding_place', s.district, s.township, count(*) FROM answers a"
    " JOIN inspections i ON i.id = a.inspection_id JOIN sites s ON s.id = i.site_id"
    " WHERE a.result = 'non_compliant' AND i.status = 'finalized' AND i.kind = 'routine'"
    " GROUP BY {day}, s.district, s.township",
)


def _recount(statements: Sequence[str]) -> None:
    """Count the summary in the days of the zone it was kept in (none kept: nothing to count);
    SQLite's date() rounds microseconds, so its instants are cut to milliseconds first."""
    bind = op.get_bind()
    minutes = bind.execute(sa.text("SELECT utc_offset_minutes FROM stat_summary WHERE id = 1")).scalar()
    if minutes is None:
        return
    stat_days_by_district.count_days(bind, statements, int(minutes))


# --------------------------------------------------------------------------------- the audit trail
# A site whose kind the migration changed is sealed by an audit event of the migration's own, so
# ``inspector verify`` sees a recorded change, not a record edited behind the app's back. The sort key
# is derived data, not sealed (like updated_at). The trail's rules as they are at this revision are
# frozen in ``audit_rules_v1``; the columns not sealed at this revision:

_UTC = inspector.storage.types.UTCDateTime(timezone=True)
_VOLATILE = frozenset({'updated_at', 'last_item_code', 'failed_logins', 'locked_until', 'name_key'})


def _sites_table(name_key: bool) -> sa.Table:
    """The sites table as it is at this revision (with its sort key) or the one before (without)."""
    columns = [
        sa.Column('id', sa.Uuid(), primary_key=True),
        sa.Column('kind', sa.String(32)),
        sa.Column('name', sa.String(200)),
        sa.Column('licence_no', sa.String(64)),
        sa.Column('credit_code', sa.String(18)),
        sa.Column('address', sa.String(300)),
        sa.Column('district', sa.String(64)),
        sa.Column('township', sa.String(64)),
        sa.Column('legal_rep', sa.String(64)),
        sa.Column('phone', sa.String(32)),
        sa.Column('designated_ultrasound', sa.Boolean()),
        sa.Column('designated_termination', sa.Boolean()),
        sa.Column('designated_delivery', sa.Boolean()),
        sa.Column('licence_valid_until', sa.Date()),
        sa.Column('latitude', sa.Float()),
        sa.Column('longitude', sa.Float()),
        sa.Column('notes', sa.Text()),
        sa.Column('active', sa.Boolean()),
        sa.Column('search_text', sa.Text()),
        sa.Column('created_at', _UTC),
        sa.Column('updated_at', _UTC),
    ]
    if name_key:
        columns.append(sa.Column('name_key', sa.String(200)))
    return sa.Table('sites', sa.MetaData(), *columns)


def _ids(where: str) -> list[uuid.UUID]:
    """The ids of the sites ``where`` says (SQL), as UUIDs on both databases."""
    ids = sa.table('sites', sa.column('id', sa.Uuid()))
    return list(op.get_bind().execute(sa.select(ids.c.id).where(sa.text(where))).scalars())


def _site_digests(ids: list[uuid.UUID], *, name_key: bool) -> dict[str, str]:
    """``"sites:<id>"`` → the digest of the row as stored now (the seal it would get)."""
    conn = op.get_bind()
    table = _sites_table(name_key)
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        for row in conn.execute(sa.select(table).where(table.c.id.in_(ids[i : i + 500]))).mappings():
            out[f'sites:{row["id"]}'] = audit_rules_v1.row_digest(table, row, _VOLATILE)
    return out


def _intact(ids: list[uuid.UUID], *, name_key: bool) -> list[uuid.UUID]:
    """Of ``ids``, the sites whose row still equals its latest seal. Only those are sealed again after
    the change: a row edited behind the app's back before the upgrade stays flagged by verify."""
    intact = audit_rules_v1.intact(op.get_bind(), _site_digests(ids, name_key=name_key))
    return [i for i in ids if f'sites:{i}' in intact]


def _seal_sites(ids: list[uuid.UUID], note: str, *, name_key: bool = True) -> None:
    """One audit event by the system that seals the sites ``ids`` as they now are."""
    if not ids:
        return
    audit_rules_v1.append_event(
        op.get_bind(), dt.datetime.now(dt.UTC), action='migrate', entity='site', entity_id=revision,
        detail={'note': note, 'migration': revision, 'rows': _site_digests(ids, name_key=name_key)},
    )


# --------------------------------------------------------------------------------- name keys

_TONED = {
    **dict.fromkeys("āēīōūǖ", 1),
    **dict.fromkeys("áéíóúǘń", 2),
    **dict.fromkeys("ǎěǐǒǔǚň", 3),
    **dict.fromkeys("àèìòùǜǹ", 4),
}
_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ", "aaaaeeeeiiiioooouuuuvvvvvnnn")


def _readings() -> dict[int, str]:
    spec = util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            return {int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    from pypinyin.pinyin_dict import pinyin_dict

    return dict(pinyin_dict)


def _name_key(name: str, readings: dict[int, str]) -> str:
    """The sort key as the app computed it the day this migration shipped (services/pinyin.py)."""
    parts = []
    for char in unicodedata.normalize("NFKC", name).lower():
        if char.isascii():
            if char.isdigit():
                parts.append(char)
            elif char.isalpha():
                parts.append("zz" + char)
            continue
        found = readings.get(ord(char))
        if found:
            first = found.split(",")[0]
            tone = next((_TONED[c] for c in first if c in _TONED), 5)
            parts.append(first.translate(_PLAIN) + str(tone))
    return "".join(parts)[:200]


def _fill_name_keys() -> None:
    bind = op.get_bind()
    sites = sa.table(
        "sites", sa.column("id", sa.Uuid()), sa.column("name", sa.String()), sa.column("name_key", sa.String())
    )
    rows = bind.execute(sa.select(sites.c.id, sites.c.name)).all()
    if not rows:
        return
    readings = _readings()
    update = sites.update().where(sites.c.id == sa.bindparam("site_id")).values(name_key=sa.bindparam("key"))
    keys = [{"site_id": row.id, "key": _name_key(row.name, readings)} for row in rows]
    for i in range(0, len(keys), 1000):
        bind.execute(update, keys[i : i + 1000])
