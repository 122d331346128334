"""``inspector document ID --kind preservation|preservation-decision|interview|case-report|transfer``:
a case's documents without the desktop app (ID is the case's; for ``interview`` the interview's).

When the document can be issued now, it is, through the same workflow the case page calls; when there
is nothing new to record and one was issued already, the issued one is written again (regenerated
from its stored data and checked against its SHA-256), as ``document`` does for an inspection's.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from inspector import workflows
from inspector.cli import issued_files
from inspector.cli.context import Context
from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.services.cases import documents as case_docs
from inspector.services.cases import views as case_views
from inspector.services.documents import views as doc_views
from inspector.storage.case_models import CaseDocument
from inspector.storage.models import Document

# The command line's names of the case documents (the issue's spelling) and their kinds.
CLI_KINDS: dict[str, DocumentKind] = {
    "case-report": DocumentKind.CASE_REPORT,
    "preservation": DocumentKind.PRESERVATION,
    "preservation-decision": DocumentKind.KEPT_DECISION,
    "interview": DocumentKind.INTERVIEW,
    "transfer": DocumentKind.TRANSFER,
}


def correction_target(session: Session, view: doc_views.DocumentView) -> tuple[str, str] | None:
    """For a voided case document: the id and the ``--kind`` its correction is issued with (the
    interview's for a 询问笔录, else the case's); ``None`` for an inspection's document."""
    link = session.get(CaseDocument, view.id)
    if link is None:
        return None
    kind = next(name for name, k in CLI_KINDS.items() if k.value == view.kind)
    if view.kind == DocumentKind.INTERVIEW.value:
        row = session.get(Document, view.id)
        talk = ((row.context if row is not None else None) or {}).get("interview", {}).get("id")
        return str(talk or link.case_id), kind
    return str(link.case_id), kind


def _ids(ctx: Context, given: uuid.UUID, kind: DocumentKind) -> tuple[uuid.UUID, uuid.UUID | None]:
    """The case and (for a 询问笔录) the interview that ``given`` names."""
    if kind is not DocumentKind.INTERVIEW:
        return given, None
    with ctx.db.read() as s:
        talk = case_views.get_interview(s, given)
    return talk.case_id, talk.id


def run(ctx: Context, args: argparse.Namespace, given: uuid.UUID) -> Path:
    """Issue or write again the case document ``args.kind`` to ``args.out``; returns the path."""
    kind = CLI_KINDS[args.kind]
    out: Path = args.out
    case_id, interview_id = _ids(ctx, given, kind)
    with ctx.db.read() as s:
        case = case_views.get_case(s, case_id)
        refused = case_docs.refusal(s, case, kind, interview_id)
        issued = case_docs.existing(s, ctx.config, case, kind, interview_id)
        replaces = doc_views.by_number(s, args.replaces).id if getattr(args, "replaces", None) else None
    if refused is None:
        changes = workflows.perform(
            ctx.db,
            lambda s: workflows.cases.issue_case_document(
                s, ctx.actor, ctx.config, case_id, kind, interview_id=interview_id, replaces=replaces
            ),
        )
        assert changes.created is not None
        issued_files.write_new(ctx, changes.created, out)
        return out
    if issued is None:
        raise UserError(refused)
    issued_files.write_again(ctx, issued, out)
    return out
