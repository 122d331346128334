"""The user's actions that span several services, each one function and one transaction.

Issuing a notice opens the rectification; issuing the 复查意见书 moves the rectification on; serving
a notice serves its rectification. When such an action is two service calls made by whoever drives
it, one screen forgets the second call and a record is left stranded (a 复查意见书 issued from the
re-inspection's page once left its rectification "served" for ever). So every page, dialog and
command calls the function here, which calls the services in order inside the caller's transaction
(or :func:`perform`'s) and returns what it changed (:class:`Changes`), so the interface refreshes
exactly what depends on it.

Each takes ``(session, actor, ...)``; the services below never call each other in a circle, and
:mod:`inspector.services.documents` and :mod:`inspector.services.followup` never import each other.
"""

from __future__ import annotations

from inspector.workflows import cases
from inspector.workflows.cases import case_advice
from inspector.workflows.changes import Changes, perform
from inspector.workflows.issuing import complete_reinspection, issue_document, void_document
from inspector.workflows.rectifications import (
    change_deadline,
    close,
    escalate,
    escalation_advice,
    finalize_inspection,
    start_reinspection,
)
from inspector.workflows.serving import serve_document, serve_rectification

__all__ = [
    "Changes",
    "case_advice",
    "cases",
    "change_deadline",
    "close",
    "complete_reinspection",
    "escalate",
    "escalation_advice",
    "finalize_inspection",
    "issue_document",
    "perform",
    "serve_document",
    "serve_rectification",
    "start_reinspection",
    "void_document",
]
