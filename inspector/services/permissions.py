"""Who may do what: one rule per action, asked by every screen and enforced by every service.

Before this module the same question had several answers (the new-inspection dialog, the
re-inspection's inspector list, the random plan and the inspections service each decided who may
act as an inspector, differently), so a supervisor could start an inspection but not a
re-inspection. Now each action has exactly one row in :data:`ROLES`; a screen greys a button with
:func:`may`, a service refuses with :func:`require`, and both read the same row. Administrators may
do everything, as :meth:`~inspector.services.actor.Actor.require` has always said.

:func:`inspector_refusal` is the other half: who may be *listed* as one of the two officers of an
inspection or a re-inspection (an active account of a role that inspects, holding a 执法证号).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session

from inspector.domain import DocumentKind, Role, role_label
from inspector.domain.documents import CASE_DOCUMENT_KINDS
from inspector.domain.labels import labeller
from inspector.errors import PermissionDenied
from inspector.i18n import tr
from inspector.services import users
from inspector.services.actor import Actor
from inspector.services.users import UserView


class Action(StrEnum):
    INSPECT = "inspect"  # start, answer, finalize and correct an inspection
    REINSPECT = "reinspect"  # start a re-inspection of a served rectification
    ISSUE_RECORD = "issue_record"  # 现场检查笔录
    ISSUE_NOTICE = "issue_notice"  # 卫生监督意见书 / 整改通知书: opens the rectification
    ISSUE_REINSPECTION = "issue_reinspection"  # 复查意见书: records the re-inspection's result
    SERVE = "serve"  # record that a document was handed to the party (送达 / 签收)
    VOID_DOCUMENT = "void_document"  # 作废 an issued document (it stays in the register, marked)
    CLOSE = "close"  # 结案
    ESCALATE = "escalate"  # 立案 / 移送
    CHANGE_DEADLINE = "change_deadline"
    # Cases (立案查处): inspectors prepare, supervisors decide.
    PROPOSE_CASE = "propose_case"  # propose a case (待立案) and edit it until it is approved
    KEEP_EVIDENCE = "keep_evidence"  # 证据先行登记保存: the item list and its photos
    INTERVIEW = "interview"  # 询问笔录
    APPROVE_CASE = "approve_case"  # 立案 (or 不予立案)
    ISSUE_CASE_DOCUMENT = "issue_case_document"  # a case's documents, once what they record is done
    DECIDE_KEPT = "decide_kept"  # 先行登记保存处理决定: return, transfer, confiscate
    TRANSFER_CASE = "transfer_case"  # 移送 to the police or the drug regulator
    DECIDE_CASE = "decide_case"  # record the office's decision (已作出处理)
    CLOSE_CASE = "close_case"  # 结案


_FIELD = (Role.INSPECTOR, Role.SUPERVISOR)
_DESK = (Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)

# The whole rule book. Issuing the 复查意见书 moves the rectification on to re-inspected, so it is
# for those who re-inspect; the other documents any desk may issue.
ROLES: dict[Action, tuple[Role, ...]] = {
    Action.INSPECT: _FIELD,
    Action.REINSPECT: _FIELD,
    Action.ISSUE_RECORD: _DESK,
    Action.ISSUE_NOTICE: _DESK,
    Action.ISSUE_REINSPECTION: _FIELD,
    Action.SERVE: _DESK,
    Action.VOID_DOCUMENT: (Role.OFFICE, Role.SUPERVISOR),
    Action.CLOSE: (Role.SUPERVISOR,),
    Action.ESCALATE: (Role.SUPERVISOR,),
    Action.CHANGE_DEADLINE: (Role.SUPERVISOR,),
    Action.PROPOSE_CASE: _FIELD,
    Action.KEEP_EVIDENCE: _FIELD,
    Action.INTERVIEW: _FIELD,
    Action.APPROVE_CASE: (Role.SUPERVISOR,),
    Action.ISSUE_CASE_DOCUMENT: _DESK,
    Action.DECIDE_KEPT: (Role.SUPERVISOR,),
    Action.TRANSFER_CASE: (Role.SUPERVISOR,),
    Action.DECIDE_CASE: (Role.SUPERVISOR,),
    Action.CLOSE_CASE: (Role.SUPERVISOR,),
}

_ISSUING = {
    DocumentKind.RECORD: Action.ISSUE_RECORD,
    DocumentKind.NOTICE: Action.ISSUE_NOTICE,
    DocumentKind.REINSPECTION: Action.ISSUE_REINSPECTION,
    DocumentKind.SUPPLEMENT: Action.ISSUE_RECORD,
    **dict.fromkeys(CASE_DOCUMENT_KINDS, Action.ISSUE_CASE_DOCUMENT),
}


def issuing(kind: DocumentKind | str) -> Action:
    """The action of issuing a document of ``kind``."""
    return _ISSUING[DocumentKind(kind)]


def _allows(role: Role | str, action: Action) -> bool:
    return str(role) == Role.ADMIN.value or str(role) in {r.value for r in ROLES[action]}


def may(actor: Actor, action: Action) -> bool:
    """Whether ``actor``'s role allows ``action`` (a screen greys or hides what it does not)."""
    return _allows(actor.role, action)


action_label = labeller(
    lambda: {
        Action.INSPECT: tr("record inspections"),
        Action.REINSPECT: tr("re-inspect a rectification"),
        Action.ISSUE_RECORD: tr("issue an on-site record"),
        Action.ISSUE_NOTICE: tr("issue a rectification notice"),
        Action.ISSUE_REINSPECTION: tr("issue a re-inspection opinion"),
        Action.SERVE: tr("record the service of a document"),
        Action.VOID_DOCUMENT: tr("void an issued document"),
        Action.CLOSE: tr("close a rectification"),
        Action.ESCALATE: tr("escalate a rectification"),
        Action.CHANGE_DEADLINE: tr("change a rectification's deadline"),
        Action.PROPOSE_CASE: tr("propose a case"),
        Action.KEEP_EVIDENCE: tr("keep evidence (先行登记保存)"),
        Action.INTERVIEW: tr("record an interview"),
        Action.APPROVE_CASE: tr("approve a case (立案)"),
        Action.ISSUE_CASE_DOCUMENT: tr("issue a case document"),
        Action.DECIDE_KEPT: tr("decide on kept evidence"),
        Action.TRANSFER_CASE: tr("transfer a case"),
        Action.DECIDE_CASE: tr("record a case's decision"),
        Action.CLOSE_CASE: tr("close a case"),
    }
)


def require(actor: Actor, action: Action) -> None:
    """Refuse with a message naming the action and who may take it, unless :func:`may` allows it."""
    if may(actor, action):
        return
    raise PermissionDenied(
        tr(
            "Your role ({role}) may not {action}. Ask a {needed}.",
            role=role_label(actor.role),
            action=action_label(action),
            needed=" / ".join(role_label(r) for r in ROLES[action]),
        )
    )


class Officer(Protocol):
    """What decides whether an account may be listed as an inspection's officer."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def active(self) -> bool: ...
    @property
    def cert_no(self) -> str | None: ...


def inspector_refusal(user: Officer) -> str | None:
    """Why ``user`` cannot be one of the two officers of an inspection (``None``: they can)."""
    if not user.active:
        return tr("{name}'s account is deactivated.", name=user.name)
    if not _allows(user.role, Action.INSPECT):
        return tr(
            "{name} is {role}; only {needed} carry out inspections.",
            name=user.name,
            role=role_label(user.role),
            needed=" / ".join(role_label(r) for r in ROLES[Action.INSPECT]),
        )
    if not (user.cert_no or "").strip():
        return tr("{name} has no 执法证号; add it in the settings first.", name=user.name)
    return None


def may_act_as_inspector(user: Officer) -> bool:
    return inspector_refusal(user) is None


def officers(session: Session) -> list[UserView]:
    """Every account that may be listed as an inspection's officer, by name (the choices a screen
    offers for the two inspectors, and the people a random plan draws from)."""
    return [u for u in users.list_users(session) if may_act_as_inspector(u)]
