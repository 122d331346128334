"""Correcting a voided case document from the documents page: the case document is issued from its
case (not from an inspection, as the page's own correction dialog does), through the same workflow
as the case page, with ``replaces`` naming the voided one. Apart from the case page's tab so that the
documents page can use it without importing the case screens."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from inspector.domain import DocumentKind
from inspector.services.cases import documents as case_docs
from inspector.services.documents.views import DocumentView
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.workflow_run import run_workflow
from inspector.workflows import cases as flows


def correct_case_document(ctx: UiContext, parent: QWidget, view: DocumentView) -> uuid.UUID | None:
    """From the documents page: issue the correction of a voided case document (a new number, naming
    the voided one); the new document's id, or None."""
    with ctx.db.read() as s:
        found = case_docs.case_of_document(s, view.id)
    if found is None:
        return None
    case_id, talk = found
    question = QCoreApplication.translate(
        "CaseDocumentsTab", "Issue the correction of %1 now? It gets a new number and names the voided one."
    ).replace("%1", view.number)
    if not messages.confirm(
        parent, QCoreApplication.translate("CaseDocumentsTab", "Issue a document"), question
    ):
        return None
    actor, config, kind = ctx.actor, ctx.config, DocumentKind(view.kind)
    changes = run_workflow(
        parent,
        ctx.db,
        lambda s: flows.issue_case_document(
            s, actor, config, case_id, kind, interview_id=talk, replaces=view.id
        ),
    )
    if changes is None:
        return None
    ctx.announce(changes)
    return changes.created
