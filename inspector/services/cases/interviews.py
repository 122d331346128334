"""询问笔录: questioning a person about the case, as pairs of question and answer (问/答).

An interview is typed at the site like the findings: :func:`start_interview` creates it and
:func:`update_interview` saves each field (and the pairs) as typed, so a crash loses at most the last
two seconds. Several interviews belong to one case (the operator, a patient, a witness). Once its
询问笔录 is issued the interview is a legal record and never changes; what the person adds later is a
new interview.

:func:`parse_qa` reads the 问/答 text file of ``inspector cases interview --qa-file``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, permissions
from inspector.services.actor import Actor
from inspector.services.cases.identity import id_number_problem
from inspector.services.cases.machine import refuse_finished, start_investigation
from inspector.services.cases.typed_fields import field_text, save_changes
from inspector.services.cases.views import InterviewView, QAPair, get_interview, interview_row, load
from inspector.services.permissions import Action
from inspector.storage.case_models import Case, Interview
from inspector.storage.types import utcnow

TEXT_FIELDS = {
    "place": 300,
    "person_name": 64,
    "person_id_number": 32,
    "person_sex": 8,
    "person_phone": 32,
    "person_address": 300,
    "person_work": 200,
    "relation": 64,
}
MAX_PAIRS = 500
MAX_PAIR_TEXT = 10_000
_QUESTION = re.compile(r"^\s*(问|Q)\s*[:：]\s*(.*)$", re.IGNORECASE)
_ANSWER = re.compile(r"^\s*(答|A)\s*[:：]\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class InterviewInput:
    """Who is questioned, where and when; the pairs may follow as typed."""

    person_name: str = ""
    person_id_number: str = ""
    relation: str = ""
    place: str = ""
    started_at: dt.datetime | None = None
    officer_ids: tuple[uuid.UUID, ...] = ()
    pairs: tuple[QAPair, ...] = ()
    person_sex: str = ""
    person_phone: str = ""
    person_address: str = ""
    person_work: str = ""


def _pairs_json(pairs: Sequence[QAPair]) -> dict[str, Any]:
    if len(pairs) > MAX_PAIRS:
        raise ValidationError([("pairs", tr("At most {n} questions in one interview.", n=MAX_PAIRS))])
    out = []
    for p in pairs:
        if len(p.question) > MAX_PAIR_TEXT or len(p.answer) > MAX_PAIR_TEXT:
            raise ValidationError(
                [("pairs", tr("A question or an answer is longer than {n} characters.", n=MAX_PAIR_TEXT))]
            )
        out.append({"q": p.question, "a": p.answer})
    return {"pairs": out}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            given = str(value or "").upper() if name == "person_id_number" else value
            out[name] = field_text(name, given, TEXT_FIELDS[name], problems)
        elif name == "pairs":
            out["qa"] = _pairs_json(value)
        elif name in ("started_at", "ended_at"):
            if value is not None and (not isinstance(value, dt.datetime) or value.tzinfo is None):
                problems.append((name, tr("The time needs a time zone.")))
            out[name] = value
        else:
            raise ValueError(f"not a field of an interview: {name}")
    if problems:
        raise ValidationError(problems)
    return out


def _officers(case: Case, given: Sequence[uuid.UUID]) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    ids = list(given) or [i for i in (case.officer1_id, case.officer2_id) if i is not None]
    if len(ids) != 2 or ids[0] == ids[1]:
        raise ValidationError([("officers", tr("An interview is made by two different officers."))])
    return ids[0], ids[1]


def start_interview(
    session: Session, actor: Actor, case_id: uuid.UUID | str, data: InterviewInput
) -> InterviewView:
    """A new interview of the case (its officers by default, now by default)."""
    permissions.require(actor, Action.INTERVIEW)
    case = load(session, case_id, for_update=True)
    refuse_finished(case)
    fields = {name: getattr(data, name) for name in TEXT_FIELDS}
    values = _clean({**fields, "pairs": data.pairs, "started_at": data.started_at})
    when = values.pop("started_at") or utcnow()
    first, second = _officers(case, data.officer_ids)
    row = Interview(
        id=uuid.uuid4(),
        case_id=case.id,
        started_at=when,
        officer1_id=first,
        officer2_id=second,
        created_by=actor.user_id,
        created_at=utcnow(),
        updated_at=utcnow(),
        **values,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "case.interview", "interview", row.id, after=audit.state_of(row))
    start_investigation(session, actor, case, tr("Interview recorded (询问笔录)."), when)
    return get_interview(session, row.id)


def update_interview(
    session: Session, actor: Actor, interview_id: uuid.UUID | str, **fields: Any
) -> InterviewView:
    """Save typed fields (``person_name=``, ``place=``, ``pairs=`` …) of an interview not yet issued."""
    permissions.require(actor, Action.INTERVIEW)
    row = interview_row(session, interview_id)
    refuse_finished(load(session, row.case_id))
    if row.document_id is not None:
        raise UserError(
            tr("Its 询问笔录 was issued; the interview no longer changes. Record a new interview.")
        )
    changed = save_changes(row, _clean(fields))
    if changed:
        session.flush()
        audit.record(
            session, actor, "case.interview_edit", "interview", row.id, after={"fields": sorted(changed)}
        )
    return get_interview(session, row.id)


def issue_problems(view: InterviewView) -> list[str]:
    """What keeps an interview from being issued as a 询问笔录."""
    problems: list[str] = []
    if not view.person_name.strip():
        problems.append(tr("Name the person questioned."))
    problem = id_number_problem(view.person_id_number)
    if problem is not None:
        problems.append(problem)
    if not view.pairs or not any(p.question.strip() and p.answer.strip() for p in view.pairs):
        problems.append(tr("The interview has no question with its answer yet."))
    if any(p.question.strip() and not p.answer.strip() for p in view.pairs):
        problems.append(tr("A question has no answer; write the answer, or 未回答 if the person refused."))
    if len(view.officers) != 2:
        problems.append(tr("An interview is made by two different officers."))
    return problems


def input_problems(data: InterviewInput) -> list[str]:
    """What is wrong with an interview given whole (from a file): the person and the 身份证号."""
    problems = [] if data.person_name.strip() else [tr("Name the person questioned.")]
    problem = id_number_problem(data.person_id_number)
    return problems + ([problem] if problem is not None else [])


def parse_qa(text: str) -> tuple[QAPair, ...]:
    """Pairs from lines ``问：…`` and ``答：…`` (or ``Q:`` / ``A:``); a line that starts with neither
    continues the question or answer above it. Every question needs its answer."""
    pairs: list[list[str]] = []
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        q, a = _QUESTION.match(raw), _ANSWER.match(raw)
        if q:
            pairs.append([q.group(2).strip(), ""])
            current = "q"
        elif a:
            if current != "q":
                raise ValidationError(
                    [("qa", tr("Line {n}: an answer (答) without its question (问).", n=number))]
                )
            pairs[-1][1] = a.group(2).strip()
            current = "a"
        elif current is None:
            raise ValidationError(
                [("qa", tr("Line {n}: start a question with 问： and an answer with 答：.", n=number))]
            )
        else:
            slot = 0 if current == "q" else 1
            pairs[-1][slot] = (pairs[-1][slot] + "\n" + raw.strip()).strip()
    if not pairs:
        raise ValidationError([("qa", tr("The file has no question (问：) and answer (答：)."))])
    missing = [i + 1 for i, (_, ans) in enumerate(pairs) if not ans]
    if missing:
        raise ValidationError([("qa", tr("Question {n} has no answer (答：).", n=missing[0]))])
    return tuple(QAPair(question=q, answer=ans) for q, ans in pairs)
