"""Which computers' packages this database accepts: enrolling, listing and revoking public keys.

A laptop and its office each export their public key to a small file (:func:`write_key_file`, the
command ``inspector exchange key --out FILE``), carry it over on a USB stick, and enrol the other's
(``inspector exchange enrol FILE --name NAME``, or Settings › Exchange). The fingerprint is printed on
both sides, so a person can compare it (read it over the telephone) before trusting the file.
Enrolling and revoking are for the office staff or an administrator, and are audited; a revoked key
stays revoked (a computer that needs trusting again makes a new key by moving its old one away).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector import durable
from inspector.config import Config
from inspector.domain import Role
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.exchange import device_key
from inspector.exchange.identity import install_id
from inspector.i18n import os_reason, tr
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.storage.exchange_models import DeviceKey
from inspector.storage.rows import view_of
from inspector.storage.types import utcnow

KEY_FORMAT = "inspector-device-key"
KEY_FILE_LIMIT = 64 * 1024


@dataclass(frozen=True)
class KeyFile:
    public_key: bytes
    fingerprint: str
    install_id: str | None
    label: str


@dataclass(frozen=True)
class DeviceKeyView:
    fingerprint: str
    name: str
    install_id: str | None
    enrolled_at: dt.datetime
    enrolled_by: str
    revoked_at: dt.datetime | None

    @property
    def shown(self) -> str:
        return device_key.show_fingerprint(self.fingerprint)

    @property
    def state(self) -> str:
        """ "trusted" or "revoked <date>", as the keys page and ``inspector exchange keys`` say it."""
        if self.revoked_at is None:
            return tr("trusted")
        return tr("revoked {date}", date=self.revoked_at.astimezone().strftime("%Y-%m-%d"))


def _view(row: DeviceKey) -> DeviceKeyView:
    return view_of(DeviceKeyView, row)


def own_key(config: Config) -> KeyFile:
    """This installation's public key (made on first use)."""
    public = device_key.public_key(config)
    return KeyFile(public, device_key.fingerprint(public), None, "")


def write_key_file(session: Session, config: Config, out: Path, label: str) -> KeyFile:
    """Write this installation's public key to ``out``; ``label`` says whose it is (the unit, a name)."""
    key = own_key(config)
    body = {
        "format": KEY_FORMAT,
        "version": 1,
        "algorithm": "ed25519",
        "public_key": device_key.b64(key.public_key),
        "fingerprint": key.fingerprint,
        "install_id": install_id(session),
        "label": label,
    }
    data = (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    try:
        durable.write_atomic(out.expanduser(), data, mode=0o644)
    except OSError as err:
        raise UserError(tr("Cannot write {path}: {reason}", path=str(out), reason=os_reason(err))) from err
    return KeyFile(key.public_key, key.fingerprint, install_id(session), label)


def read_key_file(path: Path) -> KeyFile:
    """A public key file as :func:`write_key_file` makes it; anything else is refused with a message."""
    try:
        if path.stat().st_size > KEY_FILE_LIMIT:
            raise ValueError
        body = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError as err:
        raise UserError(tr("The file {file} does not exist.", file=str(path))) from err
    except (OSError, ValueError) as err:
        raise UserError(tr("{file} is not a public key file of this app.", file=path.name)) from err
    if not isinstance(body, dict):
        raise UserError(tr("{file} is not a public key file of this app.", file=path.name))
    public = device_key.unb64(body.get("public_key"), device_key.PUBLIC_KEY_BYTES)
    if body.get("format") != KEY_FORMAT or public is None:
        raise UserError(tr("{file} is not a public key file of this app.", file=path.name))
    fp = device_key.fingerprint(public)
    if body.get("fingerprint") not in (None, fp):
        raise UserError(tr("{file} is damaged: its fingerprint does not match its key.", file=path.name))
    ident = body.get("install_id")
    label = body.get("label")
    return KeyFile(
        public_key=public,
        fingerprint=fp,
        install_id=ident[:36] if isinstance(ident, str) else None,
        label=label[:64] if isinstance(label, str) else "",
    )


def enrol(session: Session, actor: Actor, config: Config, key: KeyFile, name: str) -> DeviceKeyView:
    """Trust packages signed by ``key`` from now on, under ``name``."""
    actor.require(Role.OFFICE)
    name = name.strip()
    if not name or len(name) > 64:
        raise ValidationError([("name", tr("Give the computer a name of 1 to 64 characters."))])
    if key.fingerprint == own_key(config).fingerprint:
        raise UserError(tr("This is this computer's own key; enrol the key of the other computer."))
    row = session.get(DeviceKey, key.fingerprint)
    if row is not None and row.revoked_at is not None:
        raise UserError(
            tr(
                "This key was revoked on {date} and stays revoked; on that computer, move the key file "
                "away to make a new key, and enrol the new one.",
                date=row.revoked_at.astimezone().strftime("%Y-%m-%d"),
            )
        )
    if row is not None:
        raise UserError(tr("This key is already enrolled, as “{name}”.", name=row.name))
    row = DeviceKey(
        fingerprint=key.fingerprint,
        public_key=key.public_key.hex(),
        name=name,
        install_id=key.install_id,
        enrolled_at=utcnow(),
        enrolled_by=actor.name[:64],
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "exchange.enrol",
        "device_key",
        key.fingerprint,
        after=audit.state_of(row),
        detail={"name": name, "install_id": key.install_id},
    )
    return _view(row)


def list_keys(session: Session, *, include_revoked: bool = True) -> list[DeviceKeyView]:
    q = select(DeviceKey).order_by(DeviceKey.enrolled_at, DeviceKey.name)
    if not include_revoked:
        q = q.where(DeviceKey.revoked_at.is_(None))
    return [_view(r) for r in session.execute(q).scalars()]


def find_key(session: Session, ident: str) -> DeviceKey:
    """An enrolled key by its name or a fingerprint prefix (spaces ignored, at least 8 characters)."""
    text = ident.strip()
    rows = list(session.execute(select(DeviceKey)).scalars())
    compact = text.replace(" ", "").lower()
    matches = [r for r in rows if r.name == text]
    if not matches and len(compact) >= 8:
        matches = [r for r in rows if r.fingerprint.startswith(compact)]
    if not matches:
        raise NotFoundError(tr("No enrolled key is called or starts with “{key}”.", key=text))
    if len(matches) > 1:
        raise UserError(tr("Several enrolled keys match “{key}”; give more of the fingerprint.", key=text))
    return matches[0]


def revoke(session: Session, actor: Actor, ident: str) -> DeviceKeyView:
    """Stop accepting packages signed by a key (its past imports stay as they are)."""
    actor.require(Role.OFFICE)
    row = find_key(session, ident)
    if row.revoked_at is not None:
        return _view(row)
    before = audit.state_of(row)
    row.revoked_at = utcnow()
    row.revoked_by = actor.name[:64]
    session.flush()
    audit.record(
        session,
        actor,
        "exchange.revoke",
        "device_key",
        row.fingerprint,
        before=before,
        after=audit.state_of(row),
        detail={"name": row.name},
    )
    return _view(row)
