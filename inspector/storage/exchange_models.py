"""Tables of the trust capability: what was exchanged between a laptop and the office, and the
conflicts a person has to resolve.

Kept beside :mod:`inspector.storage.models` (which imports this module at its end so that
``Base.metadata`` and the migrations agree); migration ``0004`` creates them.

- ``exchange_state`` remembers, per record, the digest of the version last exported or imported. An
  incoming version says which version it was derived from; when that is not what this database has,
  both sides changed the record and the import lists a conflict instead of overwriting.
- ``exchange_log`` lists every package made or imported, so importing one twice changes nothing.
- ``exchange_conflicts`` holds the incoming version of every record that was not applied.
- ``exchange_audit_events`` keeps the audit trail of other databases as it came, with its own hashes,
  outside the local hash chain (which only ever proves what happened here).
- ``device_keys`` holds the public keys this database accepts packages from (a laptop enrolled by the
  office, the office's key enrolled on a laptop); migration ``0007_device_keys`` creates it. It is
  sealed by the audit trail like a record and never travels in a package.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from inspector.storage.models import AuditRecord, Base
from inspector.storage.types import new_id, utcnow


class ExchangeState(Base):
    __tablename__ = "exchange_state"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    exchanged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ExchangeLog(Base):
    __tablename__ = "exchange_log"
    __table_args__ = (CheckConstraint("direction IN ('export', 'import')", name="direction"),)

    package_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))
    origin: Mapped[str] = mapped_column(String(36))  # the install id of the database that made it
    created_at: Mapped[dt.datetime] = mapped_column()  # when the package was made
    logged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    counts: Mapped[dict[str, Any]] = mapped_column()


class ExchangeConflict(Base):
    __tablename__ = "exchange_conflicts"
    __table_args__ = (
        CheckConstraint("kind IN ('changed', 'unique')", name="kind"),
        CheckConstraint("resolution IS NULL OR resolution IN ('mine', 'theirs')", name="resolution"),
        Index("ix_exchange_conflicts_entity_record", "entity", "record_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exchange_log.package_id"), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(64))  # the colliding column of a 'unique' conflict
    other_id: Mapped[str | None] = mapped_column(String(160))  # the local record it collides with
    mine_digest: Mapped[str | None] = mapped_column(String(64))
    theirs_digest: Mapped[str] = mapped_column(String(64))
    theirs: Mapped[dict[str, Any]] = mapped_column()  # the incoming version, as exchanged
    detail: Mapped[dict[str, Any] | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    resolution: Mapped[str | None] = mapped_column(String(8))


class ExchangeAuditEvent(AuditRecord, Base):
    __tablename__ = "exchange_audit_events"
    __table_args__ = (Index("ix_exchange_audit_events_origin_seq", "origin", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the event's id where it was made
    origin: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exchange_log.package_id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[dt.datetime] = mapped_column()


class DeviceKey(Base):
    """A public key whose signed packages this database imports, until it is revoked."""

    __tablename__ = "device_keys"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the raw key, hex
    public_key: Mapped[str] = mapped_column(String(64))  # the raw 32-byte Ed25519 key, hex
    name: Mapped[str] = mapped_column(String(64))  # what a person called it when enrolling
    install_id: Mapped[str | None] = mapped_column(String(36))  # the database it said it belongs to
    enrolled_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    enrolled_by: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_by: Mapped[str | None] = mapped_column(String(64))
