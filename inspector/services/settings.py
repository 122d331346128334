"""Office-wide settings kept in the database, so every desk and laptop of an office agrees on the unit
name, the region abbreviation, the document number patterns and what its documents state.

Settings stored before number patterns were kept per kind (``record_pattern``, ``notice_pattern``,
``reinspection_pattern``) are read into ``number_patterns``, so an office's own pattern survives the
upgrade."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import DocumentKind, Role
from inspector.domain.office import CertFormat, OfficeSettings
from inspector.errors import ValidationError
from inspector.i18n import tr
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.storage.models import Setting

KEY = "office"
_LEGACY_PATTERNS = {f"{kind.value}_pattern": kind.value for kind in DocumentKind}
MAX_BODY = 100


def from_stored(stored: dict[str, Any]) -> OfficeSettings:
    """Settings from their stored JSON (older keys read into their present place)."""
    known = {f.name for f in fields(OfficeSettings)}
    patterns = {str(k): str(v) for k, v in dict(stored.get("number_patterns") or {}).items()}
    for old, kind in _LEGACY_PATTERNS.items():
        if isinstance(stored.get(old), str) and kind not in patterns:
            patterns[kind] = stored[old]
    values = {k: v for k, v in stored.items() if k in known and k != "number_patterns"}
    return replace(OfficeSettings(), **values, number_patterns=patterns)


def load(session: Session) -> OfficeSettings:
    row = session.get(Setting, KEY)
    if row is None:
        return OfficeSettings()
    return from_stored(json.loads(row.value))


def pattern_field(kind: DocumentKind | str) -> str:
    """The field name a pattern's problem is reported under (``notice_pattern``)."""
    return f"{DocumentKind(kind).value}_pattern"


def validate(s: OfficeSettings) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not s.unit_name.strip():
        problems.append(("unit_name", tr("The unit name is required.")))
    if not 1 <= len(s.region.strip()) <= 8:
        problems.append(("region", tr("The region abbreviation must be 1 to 8 characters, e.g. 京 or 海淀.")))
    for kind in DocumentKind:
        name, pattern = pattern_field(kind), s.pattern(kind)
        try:
            sample = pattern.format(region="X", year=2026, seq=1)
        except (KeyError, ValueError, IndexError):
            problems.append(
                (
                    name,
                    tr("The number pattern may use only {region}, {year} and {seq} (e.g. {seq:03d})."),
                )
            )
            continue
        if "{seq" not in pattern or sample == pattern.format(region="X", year=2026, seq=2):
            problems.append((name, tr("The number pattern must contain {seq}, or numbers would repeat.")))
    if not 1 <= s.default_deadline_days <= 365:
        problems.append(("default_deadline_days", tr("The default deadline must be 1 to 365 days.")))
    for name, limit in (("review_body", MAX_BODY), ("court", MAX_BODY)):
        if len(getattr(s, name)) > limit:
            problems.append((name, tr("Too long: at most {limit} characters.", limit=limit)))
    try:
        re.compile(s.cert_no_pattern)
    except re.error:
        problems.append(
            ("cert_no_pattern", tr("The 执法证号 form cannot be used; set it again in the settings."))
        )
    fmt = CertFormat.from_pattern(s.cert_no_pattern)
    if fmt is not None and not 1 <= fmt.min_length <= fmt.max_length <= 64:
        problems.append(
            ("cert_no_pattern", tr("The 执法证号 length must be from 1 to 64 characters, the shorter first."))
        )
    return problems


def save(session: Session, actor: Actor, new: OfficeSettings) -> OfficeSettings:
    actor.require(Role.OFFICE, Role.SUPERVISOR)
    problems = validate(new)
    if problems:
        raise ValidationError(problems)
    before = _plain(load(session))
    row = session.get(Setting, KEY)
    blob = json.dumps(_plain(new), ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(Setting(key=KEY, value=blob))
    else:
        row.value = blob
    session.flush()
    audit.record(session, actor, "update", "settings", KEY, before=before, after=_plain(new))
    return new


def _plain(s: OfficeSettings) -> dict[str, Any]:
    data = asdict(s)
    data["number_patterns"] = dict(s.number_patterns)
    return data


def all_keys(session: Session) -> list[str]:
    return list(session.execute(select(Setting.key)).scalars())
