"""Issuing a document, with what issuing it means for the rectification, in one transaction.

- a 现场检查笔录 is only issued;
- a 卫生监督意见书 / 整改通知书 opens the rectification of the findings it orders corrected (or is
  attached to the one already opened without a notice);
- a 复查意见书 records the re-inspection's result and moves the rectification on to re-inspected;
  when the result is "not corrected" the change proposes escalation (立案 / 移送) to the supervisor;
- a corrected document replaces a voided one (new number, naming the old); a corrected notice
  takes the place of the voided one in its rectification, as long as that was not served yet;
- a 补充笔录 states the addenda made after the 笔录 was issued.

Every page, dialog and command that issues calls :func:`issue_document`, so no path can issue the
opinion and leave the rectification where it was.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import local
from inspector.documents.notice import FindingOverride, NoticeItem
from inspector.domain import DocumentKind, RectificationResult, rectification_result_label
from inspector.i18n import tr
from inspector.services import permissions
from inspector.services.actor import Actor
from inspector.services.cases import issuing as case_issuing
from inspector.services.documents import issuing, voiding
from inspector.services.documents.views import DocumentView, find_issued, kind_of
from inspector.services.followup import machine, reinspection
from inspector.services.followup.views import rectification_for_inspection
from inspector.workflows.changes import Changes, ids, remove_files


def _rectification_items(items: Sequence[NoticeItem], issued: dt.date) -> dict[str, Any]:
    """The notice's findings as the rectification stores them, each with its own deadline."""
    entries = [
        {
            "code": it.code,
            "question": it.question,
            "finding": it.finding,
            "correction": it.correction,
            "deadline_days": it.deadline_days,
            "deadline": it.deadline(issued).isoformat(),
            "serious": it.serious,
            "legal": [a.ref for a in it.articles],
        }
        for it in items
    ]
    return {"items": entries}


def _open_rectification(
    session: Session, actor: Actor, config: Config, notice: DocumentView, items: Sequence[NoticeItem]
) -> Changes:
    """Open the notice's rectification, or attach the notice to one opened without a notice, or (a
    corrected notice) put it in the place of the voided one."""
    rid = rectification_for_inspection(session, notice.inspection_id)
    issued = local(notice.issued_at).date()
    deadline = issued + dt.timedelta(days=max(it.deadline_days for it in items))
    if rid is not None and notice.replaces is not None:
        machine.replace_notice(
            session,
            actor,
            rid,
            notice.id,
            notice.number,
            items=_rectification_items(items, issued),
            deadline=deadline,
        )
    elif rid is not None:
        machine.attach_notice(session, actor, rid, notice.id, notice.number)
    else:
        rid = machine.open_rectification(
            session,
            actor,
            notice.inspection_id,
            deadline=deadline,
            notice_id=notice.id,
            items=_rectification_items(items, issued),
            note=notice.number,
            issued_at=notice.issued_at,
        ).id
    issuing.link_rectification(session, actor, config, notice.id, rid)
    return Changes(rectifications=ids(rid), board=True, statistics=True)


def _record_result(
    session: Session, actor: Actor, reinspection_id: uuid.UUID, opinion: DocumentView, note: str
) -> Changes:
    """Move the rectification on with the re-inspection's result, the opinion named in its history."""
    result = reinspection.reinspection_result(session, reinspection_id)
    text = note.strip() or tr(
        "Re-inspection opinion {number}: {result}",
        number=opinion.number,
        result=rectification_result_label(result),
    )
    view = reinspection.record_result(session, actor, reinspection_id, note=text)
    proposed = ids(view.id) if view.result == RectificationResult.NOT_CORRECTED.value else frozenset()
    return Changes(rectifications=ids(view.id), board=True, statistics=True, escalation_proposed=proposed)


def issue_document(
    session: Session,
    actor: Actor,
    config: Config,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
    issued_at: dt.datetime | None = None,
    note: str = "",
    replaces: uuid.UUID | None = None,
) -> Changes:
    """Issue the document of ``kind`` for a finalized inspection and do what it means for the
    rectification (see the module). ``note`` (复查意见书 only) goes into the rectification's history;
    ``replaces`` is the voided document this one corrects.
    ``created`` is the document; its file is in ``files`` until the caller's transaction commits."""
    kind = kind_of(kind)
    permissions.require(actor, permissions.issuing(kind))
    if kind is DocumentKind.REINSPECTION:  # refused before a number is taken and a file written
        issuing.check_can_issue(session, config, inspection_id, kind)
        reinspection.check_result_can_be_recorded(session, actor, inspection_id)
    issued = issuing.issue_document(
        session,
        config,
        actor,
        inspection_id,
        kind,
        overrides=overrides,
        issued_at=issued_at,
        replaces=replaces,
    )
    doc = issued.document
    try:
        follow = Changes()
        if kind is DocumentKind.NOTICE:
            follow = _open_rectification(session, actor, config, doc, issued.items)
        elif kind is DocumentKind.REINSPECTION and replaces is None:
            follow = _record_result(session, actor, inspection_id, doc, note)
    except BaseException:
        remove_files([doc.file_path])
        raise
    done = Changes(
        sites=ids(doc.site_id),
        inspections=ids(inspection_id),
        documents=ids(doc.id),
        created=doc.id,
        files=(doc.file_path,),
    )
    return done | follow


def complete_reinspection(
    session: Session, actor: Actor, config: Config, reinspection_id: uuid.UUID, *, note: str = ""
) -> Changes:
    """Issue the 复查意见书 of a finalized re-inspection (the follow-up dialog's and the command line's
    "complete"). When the opinion was already issued but the rectification left where it was (by an
    older version), record the result from it now instead of refusing: that is how one recovers."""
    opinion = find_issued(session, config, reinspection_id, DocumentKind.REINSPECTION)
    if opinion is None:
        return issue_document(session, actor, config, reinspection_id, DocumentKind.REINSPECTION, note=note)
    permissions.require(actor, permissions.Action.ISSUE_REINSPECTION)
    reinspection.check_result_can_be_recorded(session, actor, reinspection_id)
    follow = _record_result(session, actor, reinspection_id, opinion, note)  # the opinion stays as issued
    return Changes(sites=ids(opinion.site_id), inspections=ids(reinspection_id)) | follow


def void_document(session: Session, actor: Actor, config: Config, number_or_id: str, reason: str) -> Changes:
    """Void (作废) an issued document: it stays in the register, marked; its correction is issued with
    ``issue_document(..., replaces=…)``."""
    view = voiding.void_document(session, actor, config, number_or_id, reason)
    case_id = case_issuing.release(session, actor, view.id)  # a case document frees what it fixed
    return Changes(
        sites=ids(view.site_id),
        inspections=ids(view.inspection_id),
        documents=ids(view.id),
        cases=ids(case_id) if case_id else frozenset(),
    )
