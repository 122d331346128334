"""Office-wide settings kept in the database, so every desk and laptop of an office agrees on the unit
name, the region abbreviation and the document number patterns."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.domain.office import OfficeSettings
from inspector.errors import ValidationError
from inspector.i18n import tr
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.storage.models import Setting

KEY = "office"


def load(session: Session) -> OfficeSettings:
    row = session.get(Setting, KEY)
    if row is None:
        return OfficeSettings()
    stored: dict[str, Any] = json.loads(row.value)
    known = {f.name for f in fields(OfficeSettings)}
    return replace(OfficeSettings(), **{k: v for k, v in stored.items() if k in known})


def validate(s: OfficeSettings) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not s.unit_name.strip():
        problems.append(("unit_name", tr("The unit name is required.")))
    if not 1 <= len(s.region.strip()) <= 8:
        problems.append(("region", tr("The region abbreviation must be 1 to 8 characters, e.g. 京 or 海淀.")))
    for name in ("record_pattern", "notice_pattern", "reinspection_pattern"):
        pattern = getattr(s, name)
        try:
            sample = pattern.format(region="X", year=2026, seq=1)
        except (KeyError, ValueError, IndexError):
            problems.append(
                (
                    name,
                    tr(
                        "The number pattern may use only {{region}}, {{year}} and {{seq}} (e.g. {{seq:03d}})."
                    ),
                )
            )
            continue
        if "{seq" not in pattern or sample == pattern.format(region="X", year=2026, seq=2):
            problems.append((name, tr("The number pattern must contain {{seq}}, or numbers would repeat.")))
    if not 1 <= s.default_deadline_days <= 365:
        problems.append(("default_deadline_days", tr("The default deadline must be 1 to 365 days.")))
    try:
        re.compile(s.cert_no_pattern)
    except re.error:
        problems.append(("cert_no_pattern", tr("The 执法证号 pattern is not a valid regular expression.")))
    return problems


def save(session: Session, actor: Actor, new: OfficeSettings) -> OfficeSettings:
    actor.require(Role.OFFICE, Role.SUPERVISOR)
    problems = validate(new)
    if problems:
        raise ValidationError(problems)
    before = asdict(load(session))
    row = session.get(Setting, KEY)
    blob = json.dumps(asdict(new), ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(Setting(key=KEY, value=blob))
    else:
        row.value = blob
    session.flush()
    audit.record(session, actor, "update", "settings", KEY, before=before, after=asdict(new))
    return new


def all_keys(session: Session) -> list[str]:
    return list(session.execute(select(Setting.key)).scalars())
