"""The data model, typed SQLAlchemy 2.0.

Keys are UUIDs because records are created offline on several laptops and merged in the office.
Times are UTC (:class:`UTCDateTime`). Enumerations are stored as short strings guarded by CHECK
constraints, which stay readable in the database file and survive an office's SQL reports.
Every change of this module needs an Alembic migration; ``tests/storage/test_migrations.py`` fails
when the models and the migrated schema differ.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from inspector.domain import (
    AnswerResult,
    DocumentKind,
    InspectionKind,
    InspectionStatus,
    RectificationStatus,
    Recusal,
    Role,
    SiteKind,
)
from inspector.storage.types import UTCDateTime, new_id, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON(),
    }


def _in(column: str, enum: type[StrEnum]) -> str:
    values = ", ".join(f"'{m.value}'" for m in enum)
    return f"{column} IN ({values})"


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Site(Timestamped, Base):
    __tablename__ = "sites"
    __table_args__ = (
        CheckConstraint(_in("kind", SiteKind), name="kind"),
        UniqueConstraint("licence_no"),
        Index("ix_sites_kind_district", "kind", "district"),
        # Browsing and searching walk this index in pinyin order of the name (``name_key``) and test
        # search_text inside it, so the first page of a common term comes without a sort and no table
        # row is read for non-matches.
        Index("ix_sites_browse", "active", "name_key", "id", "search_text"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    licence_no: Mapped[str | None] = mapped_column(String(64))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    address: Mapped[str] = mapped_column(String(300), default="")
    district: Mapped[str] = mapped_column(String(64), default="", index=True)
    township: Mapped[str] = mapped_column(String(64), default="")
    legal_rep: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    designated_ultrasound: Mapped[bool] = mapped_column(Boolean, default=False)
    designated_termination: Mapped[bool] = mapped_column(Boolean, default=False)
    designated_delivery: Mapped[bool] = mapped_column(Boolean, default=False)
    licence_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Lower-cased name, address, licence and credit code in one column: search scans one narrow
    # column instead of OR-ing LIKEs over four, which keeps 100,000-site search in a few ms.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The name's pinyin sort key (inspector/services/pinyin.py): lists sort by it, not by code point.
    name_key: Mapped[str] = mapped_column(String(200), default="")


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", Role), name="role"), UniqueConstraint("username"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    cert_no: Mapped[str | None] = mapped_column(String(32))  # 执法证号
    unit: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16), default=Role.INSPECTOR.value)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column()
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class FormSnapshot(Base):
    """A frozen copy of a checklist as an inspection used it: editing a form never changes the past."""

    __tablename__ = "form_snapshots"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Inspection(Timestamped, Base):
    __tablename__ = "inspections"
    __table_args__ = (
        CheckConstraint(_in("status", InspectionStatus), name="status"),
        CheckConstraint(_in("kind", InspectionKind), name="kind"),
        CheckConstraint("recusal IS NULL OR " + _in("recusal", Recusal), name="recusal"),
        Index("ix_inspections_status_started", "status", "started_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=InspectionKind.ROUTINE.value)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[str] = mapped_column(String(32))
    form_sha256: Mapped[str] = mapped_column(ForeignKey("form_snapshots.sha256"))
    status: Mapped[str] = mapped_column(String(16), default=InspectionStatus.DRAFT.value)
    started_at: Mapped[dt.datetime] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    finalized_at: Mapped[dt.datetime | None] = mapped_column()
    finalized_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    location_note: Mapped[str] = mapped_column(String(300), default="")
    party_name: Mapped[str] = mapped_column(String(64), default="")  # 被检查人 / 负责人
    party_title: Mapped[str] = mapped_column(String(64), default="")
    party_phone: Mapped[str] = mapped_column(String(32), default="")
    companions: Mapped[str] = mapped_column(String(200), default="")  # 陪同人
    # What the 现场检查笔录 records about the people on site and its signing: the 身份证号 of the
    # person in charge (where the site is unlicensed), the answer to the 回避 question, a refusal to
    # sign and the witness (见证人) who then signs.
    party_id_no: Mapped[str] = mapped_column(String(32), default="")
    recusal: Mapped[str | None] = mapped_column(String(16))
    signature_refused: Mapped[bool] = mapped_column(Boolean, default=False)
    witness_name: Mapped[str] = mapped_column(String(64), default="")
    witness_detail: Mapped[str] = mapped_column(String(200), default="")  # 身份证号 or 工作单位
    # A re-inspection points at the rectification it checks (set by the follow-up services).
    rectification_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("rectifications.id", use_alter=True), index=True
    )
    plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    last_item_code: Mapped[str | None] = mapped_column(String(32))  # where the walk-through was

    site: Mapped[Site] = relationship(lazy="raise")
    inspectors: Mapped[list[InspectionInspector]] = relationship(
        cascade="all, delete-orphan", order_by="InspectionInspector.position", lazy="selectin"
    )


class InspectionInspector(Base):
    """The (at least two) law-enforcement officers of an inspection, in signing order."""

    __tablename__ = "inspection_inspectors"
    __table_args__ = (UniqueConstraint("inspection_id", "user_id"),)

    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("inspection_id", "item_code"),
        CheckConstraint(_in("result", AnswerResult), name="result"),
        Index("ix_answers_item_result", "item_code", "result"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(32))
    result: Mapped[str] = mapped_column(String(16), default=AnswerResult.UNANSWERED.value)
    value: Mapped[str | None] = mapped_column(Text)  # number, text, date or choice items
    finding: Mapped[str] = mapped_column(Text, default="")
    correction: Mapped[str | None] = mapped_column(Text)  # overrides the form's demanded correction
    deadline_days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Addendum(Base):
    """The only way to correct a finalized inspection: who, when, why, appended, never edited."""

    __tablename__ = "addenda"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Photo(Base):
    __tablename__ = "photos"
    __table_args__ = (Index("ix_photos_inspection_item", "inspection_id", "item_code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"))
    item_code: Mapped[str | None] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    original_filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    captured_at: Mapped[dt.datetime | None] = mapped_column()  # EXIF time in UTC when offset known
    captured_local: Mapped[str | None] = mapped_column(String(32))  # EXIF wall-clock text as written
    captured_offset: Mapped[str | None] = mapped_column(String(8))
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    camera_model: Mapped[str | None] = mapped_column(String(128))
    caption: Mapped[str] = mapped_column(Text, default="")
    annotation: Mapped[dict[str, Any] | None] = mapped_column()
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[dt.datetime | None] = mapped_column()
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(_in("kind", DocumentKind), name="kind"),
        UniqueConstraint("number"),
        Index("ix_documents_issued_at", "issued_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str | None] = mapped_column(String(64))
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"), index=True)
    rectification_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("rectifications.id", use_alter=True)
    )
    file_path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    template_name: Mapped[str] = mapped_column(String(128))
    template_sha256: Mapped[str] = mapped_column(String(64))
    context: Mapped[dict[str, Any]] = mapped_column()  # the data it was rendered from, to reproduce it
    issued_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    served_at: Mapped[dt.datetime | None] = mapped_column()
    # A document is never deleted: a voided one stays in the register, marked 作废 with who, when and
    # why; the corrected document (a new number) names the one it replaces. Plain ids, not foreign
    # keys: an exchange package may bring the two in either order.
    voided_at: Mapped[dt.datetime | None] = mapped_column()
    voided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    replaces: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class Rectification(Timestamped, Base):
    __tablename__ = "rectifications"
    __table_args__ = (
        CheckConstraint(_in("status", RectificationStatus), name="status"),
        Index("ix_rectifications_status_deadline", "status", "deadline"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sites.id"), index=True)
    notice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))
    items: Mapped[dict[str, Any]] = mapped_column()  # {"items": [{"code", "correction", ...}]}
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=RectificationStatus.ISSUED.value)
    served_at: Mapped[dt.datetime | None] = mapped_column()
    result: Mapped[str | None] = mapped_column(String(24))  # corrected / partly / not_corrected
    # When the re-inspection that gave ``result`` took place (its start): kept on the row so the
    # statistics read "corrected by the deadline" and "days to correct" without a join.
    reinspected_at: Mapped[dt.datetime | None] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()


class StateChange:
    """The columns of one change of a record's state (a rectification's, a case's): from which state
    to which, why, who made it and when. They follow the table's own columns."""

    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RectificationEvent(StateChange, Base):
    """One state transition of a rectification: who moved it, when, and why."""

    __tablename__ = "rectification_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    rectification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rectifications.id"), index=True)


class AuditRecord:
    """The columns of an audit event, here or as another database exchanged it: who did what to which
    record, its digests before and after, and the hash chain. They follow the table's own columns."""

    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before_digest: Mapped[str | None] = mapped_column(String(64))
    after_digest: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column()
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(AuditRecord, Base):
    """Append-only log. ``seq`` orders the hash chain; ``hash`` covers the event and ``prev_hash``."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity_id", "entity_id"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(default=new_id, unique=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Counter(Base):
    """Document number sequences, one row per (series, year), bumped inside the issuing transaction."""

    __tablename__ = "counters"

    series: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """Office-wide settings (unit name, region abbreviation, number patterns) shared by every desk."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Plan(Base):
    """One 双随机 draw: the seed and every input it was drawn from, and what it drew.

    Every draw is stored, also one that never becomes inspections, so nobody can redraw quietly until
    the result suits them; ``inputs`` holds the eligible sites and inspectors so the draw can be
    repeated and checked years later whatever happened to the registry since.
    """

    __tablename__ = "plans"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    seed: Mapped[int] = mapped_column(BigInteger)
    inputs: Mapped[dict[str, Any]] = mapped_column()
    result: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RectificationEscalation(Base):
    """Which way an escalated rectification went (立案 or 移送), pointing at the transition event."""

    __tablename__ = "rectification_escalations"
    __table_args__ = (CheckConstraint("kind IN ('case', 'transfer')", name="kind"),)

    rectification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rectifications.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rectification_events.id"))


# Later capabilities keep their tables in their own modules; importing them here makes the metadata
# complete for Alembic's comparison and for every query that joins across them.
from inspector.storage import case_models, exchange_models, local_models, stats_models  # noqa: E402, F401
