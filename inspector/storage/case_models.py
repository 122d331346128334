"""Tables of the case capability (立案查处): the case, its history, the inspections it came from, the
evidence kept at the site (证据先行登记保存) with the photos of each item, and the interviews (询问笔录).

Kept beside :mod:`inspector.storage.models` (which imports this module at its end so that
``Base.metadata`` and the migrations agree); migration ``0012_cases`` creates them.

- ``cases``: the record of its own the issue asks for. The party is copied onto the case when it is
  proposed (an institution from the registry, or a person with 身份证号 for an unlicensed operator),
  so a later edit of the registry never changes what a case document said.
- ``case_events``: every change of state, who, when and why (the case's timeline).
- ``case_inspections``: the inspections that belong to the case (the one that found it, the
  re-inspection that found the findings not corrected, later visits). Photos belong to inspections,
  so a case's photos are those of its inspections.
- ``kept_items`` and ``kept_item_photos``: the 物品清单 of 先行登记保存 and the photos linked to each
  item; the decision on an item (返还, 移送, 没收) is recorded on its row.
- ``interviews``: one 询问笔录 each, the questions and answers as pairs in order.
- ``case_documents``: the documents issued for the case (the documents table has no column for it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inspector.domain import CaseSource, CaseStatus, KeptDecision, PartyKind, TransferTarget
from inspector.storage.models import Base, StateChange, Timestamped, _in
from inspector.storage.types import new_id, utcnow


def _no_pairs() -> dict[str, Any]:
    return {"pairs": []}


class Case(Timestamped, Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(_in("status", CaseStatus), name="status"),
        CheckConstraint(_in("source", CaseSource), name="source"),
        CheckConstraint(_in("party_kind", PartyKind), name="party_kind"),
        CheckConstraint(f"transfer_to IS NULL OR {_in('transfer_to', TransferTarget)}", name="transfer_to"),
        Index("ix_cases_status_discovered", "status", "discovered_at"),
        Index("ix_cases_created_stats", "created_at", "status", "transfer_to", "site_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.PROPOSED.value)
    source: Mapped[str] = mapped_column(String(16), default=CaseSource.INSPECTION.value)
    cause: Mapped[str] = mapped_column(String(200))  # 案由
    source_note: Mapped[str] = mapped_column(Text, default="")  # who reported, which letter
    summary: Mapped[str] = mapped_column(Text, default="")  # 简要案情
    opinion: Mapped[str] = mapped_column(Text, default="")  # 承办人意见
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sites.id"), index=True)
    rectification_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rectifications.id"))
    party_kind: Mapped[str] = mapped_column(String(8), default=PartyKind.SITE.value)
    party_name: Mapped[str] = mapped_column(String(200))
    party_id_number: Mapped[str] = mapped_column(String(32), default="")  # 身份证号 of a person
    party_credit_code: Mapped[str] = mapped_column(String(18), default="")  # 统一社会信用代码
    party_legal_rep: Mapped[str] = mapped_column(String(64), default="")
    party_address: Mapped[str] = mapped_column(String(300), default="")
    party_phone: Mapped[str] = mapped_column(String(32), default="")
    discovered_at: Mapped[dt.datetime] = mapped_column()  # the 7 days to 立案 run from here
    officer1_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    officer2_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    proposed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column()
    approval_note: Mapped[str] = mapped_column(Text, default="")  # 负责人审批意见
    transfer_to: Mapped[str | None] = mapped_column(String(16))
    transfer_body: Mapped[str] = mapped_column(String(200), default="")  # the receiving body's name
    transfer_reason: Mapped[str] = mapped_column(Text, default="")
    transferred_at: Mapped[dt.datetime | None] = mapped_column()
    result: Mapped[str] = mapped_column(Text, default="")  # 处理结果
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    close_note: Mapped[str] = mapped_column(Text, default="")


class CaseEvent(StateChange, Base):
    """One change of a case's state: who, when, and why."""

    __tablename__ = "case_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)


class CaseInspection(Base):
    """An inspection that belongs to a case (its photos are the case's evidence photos)."""

    __tablename__ = "case_inspections"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id"), primary_key=True, index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CaseDocument(Base):
    """A document issued for the case (立案报告, 证据先行登记保存决定书, …): a link of its own, so the
    documents table and its rows' seals stay as they were; its inspection is the case's first."""

    __tablename__ = "case_documents"

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)


class KeptItem(Timestamped, Base):
    """One line of the 物品清单 of 证据先行登记保存, and what was decided about it."""

    __tablename__ = "kept_items"
    __table_args__ = (
        CheckConstraint(f"decision IS NULL OR {_in('decision', KeptDecision)}", name="decision"),
        CheckConstraint("quantity >= 0", name="quantity"),
        # The board's undecided lists and the statistics (kept per month, decided in time).
        Index("ix_kept_items_kept_stats", "kept_at", "decided_at", "case_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100), default="")
    brand: Mapped[str] = mapped_column(String(100), default="")
    model: Mapped[str] = mapped_column(String(100), default="")
    serial_no: Mapped[str] = mapped_column(String(100), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str] = mapped_column(String(16), default="")
    condition: Mapped[str] = mapped_column(String(200), default="")  # 状况
    storage_place: Mapped[str] = mapped_column(String(200), default="")  # 存放地点
    kept_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # the 7 days to decide run from here
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # The 证据先行登记保存决定书 that listed the item, and the 处理决定书 that recorded its decision: from
    # then on the line is a legal record and never changes.
    preservation_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))
    decision_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))


class KeptItemPhoto(Base):
    """A photo (of one of the case's inspections) showing a kept item."""

    __tablename__ = "kept_item_photos"

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kept_items.id"), primary_key=True)
    photo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("photos.id"), primary_key=True, index=True)


class Interview(Timestamped, Base):
    """One 询问笔录: who was questioned, when and where, by whom, and the questions and answers."""

    __tablename__ = "interviews"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column()
    place: Mapped[str] = mapped_column(String(300), default="")
    person_name: Mapped[str] = mapped_column(String(64), default="")
    person_id_number: Mapped[str] = mapped_column(String(32), default="")
    person_sex: Mapped[str] = mapped_column(String(8), default="")
    person_phone: Mapped[str] = mapped_column(String(32), default="")
    person_address: Mapped[str] = mapped_column(String(300), default="")
    person_work: Mapped[str] = mapped_column(String(200), default="")  # 工作单位及职务
    relation: Mapped[str] = mapped_column(String(64), default="")  # 与本案关系
    officer1_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    officer2_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    qa: Mapped[dict[str, Any]] = mapped_column(default=_no_pairs)  # {"pairs": [{"q": .., "a": ..}]}
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # The issued 询问笔录: from then on the interview is a legal record and never changes.
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))
