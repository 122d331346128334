"""``inspector rectifications reinspect``: the re-inspection without the desktop app.

A re-inspection checks only the items that failed, and each can only have been corrected or not, so
the answers read as a person would say them: ``--corrected "T-01=已悬挂" --not-corrected "T-05=仍未张贴"``
(the 复查意见书 states what was found for every item, corrected ones too).
Given answers, the command starts the re-inspection (or continues the one in progress), records
them and finalizes it, all in one transaction: a missing or unknown item refuses everything. Without
answers it only starts the re-inspection, to be walked through in the app or given photos with
``inspector photos add`` first (a not-corrected item of some kinds needs one); running it again with
the answers finishes it. Then ``inspector document ID --kind reinspection`` issues the 复查意见书,
which records the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.cli.context import Context
from inspector.domain import AnswerResult, InspectionStatus, rectification_result_label
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import inspections, users
from inspector.services.actor import Actor
from inspector.services.followup import reinspection, views
from inspector.storage.models import Inspection

DESCRIPTION = """Re-inspect a served rectification: only the items that failed are checked again.
With answers, the re-inspection is started (or the one in progress continued), answered and
finalized in one step; a missing or unknown item changes nothing. Without answers it is only
started: add photos first if a still non-compliant item needs one (inspector photos add
REINSPECTION_ID FILE --item CODE), then run this again with the answers."""

EPILOG = """answers:
  --corrected CODE[=TEXT]     the item is now compliant; TEXT says what was found (the 复查意见书
                              states it for every item); repeatable, CODE,CODE also works
  --not-corrected CODE=TEXT   the item is still not compliant; TEXT says what was found
                              (repeatable; without =TEXT the --note is the finding)

examples:
  inspector rectifications reinspect RECT --inspectors zhang,li \\
      --corrected "T-01=已在大厅悬挂许可证正本" --corrected "T-05=候诊区已张贴禁止“两非”标志"
  inspector rectifications reinspect RECT --inspectors zhang,li --corrected "T-01=已悬挂许可证" \\
      --not-corrected "T-05=候诊区仍未张贴禁止“两非”标志"
  inspector rectifications reinspect RECT --inspectors zhang,li     (start only; answer later)
then: inspector document REINSPECTION_ID --kind reinspection --out 复查意见书.docx"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.description = DESCRIPTION
    p.epilog = EPILOG
    p.add_argument(
        "--inspectors",
        default=None,
        metavar="USER1,USER2",
        help="the two officers' user names (needed unless a re-inspection is already in progress)",
    )
    p.add_argument(
        "--corrected", action="append", default=[], metavar="CODE[=TEXT]", help="item now compliant"
    )
    p.add_argument(
        "--not-corrected",
        dest="not_corrected",
        action="append",
        default=[],
        metavar="CODE=FINDING",
        help="item still not compliant, with what was found",
    )
    p.add_argument(
        "--at", default=None, metavar="DATETIME", help="when the re-inspection began (ISO; default now)"
    )


@dataclass(frozen=True)
class Answers:
    corrected: tuple[str, ...]
    not_corrected: dict[str, str]  # code -> finding
    seen: dict[str, str] = field(default_factory=dict)  # corrected code -> what was found

    @property
    def given(self) -> bool:
        return bool(self.corrected or self.not_corrected)


def parse_answers(corrected: list[str], not_corrected: list[str], note: str) -> Answers:
    """The answers as typed; a code given twice or a not-corrected item with no finding is refused."""
    seen: dict[str, str] = {}
    good: list[str] = []
    for raw in corrected:
        if "=" in raw:
            code, _, text = raw.partition("=")
            good.append(code.strip())
            seen[code.strip()] = text.strip()
        else:
            good.extend(c.strip() for c in raw.split(",") if c.strip())
    bad: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for raw in not_corrected:
        code, _, finding = raw.partition("=")
        finding = finding.strip() or note.strip()
        if not code.strip():
            problems.append(("--not-corrected", tr("“{value}”: write CODE=FINDING.", value=raw)))
        elif not finding:
            problems.append(
                ("--not-corrected", tr("{code}: say what was found (CODE=FINDING, or --note).", code=code))
            )
        else:
            bad[code.strip()] = finding
    twice = sorted({c for c in good if good.count(c) > 1} | (set(good) & set(bad)))
    if twice:
        problems.append(("--corrected", tr("Each item is answered once: {codes}.", codes=", ".join(twice))))
    if problems:
        raise ValidationError(problems)
    return Answers(tuple(good), bad, seen)


def _started_at(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC)
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            tr("--at: “{value}” is not a date and time; write e.g. 2026-11-30T15:00+08:00.", value=text)
        ) from None
    return when if when.tzinfo is not None else when.astimezone()


def _running(session: Session, rectification_id: uuid.UUID) -> uuid.UUID | None:
    return session.execute(
        select(Inspection.id).where(
            Inspection.rectification_id == rectification_id,
            Inspection.status == InspectionStatus.DRAFT.value,
        )
    ).scalar()


def _start(session: Session, actor: Actor, rid: uuid.UUID, names: str | None, at: str | None) -> uuid.UUID:
    people = [n.strip() for n in (names or "").split(",") if n.strip()]
    if not people:
        raise UserError(tr("--inspectors: name the two officers of the re-inspection, e.g. zhang,li."))
    ids = [users.find_user(session, n).id for n in people]
    changes = workflows.start_reinspection(session, actor, rid, ids, _started_at(at))
    assert changes.created is not None
    return changes.created


def _answer(session: Session, actor: Actor, inspection_id: uuid.UUID, answers: Answers) -> None:
    codes = [i.code for i in inspections.form_of(session, inspection_id).items]
    unknown = sorted(set(answers.corrected) - set(codes) | set(answers.not_corrected) - set(codes))
    missing = [c for c in codes if c not in answers.corrected and c not in answers.not_corrected]
    problems = []
    if unknown:
        problems.append(("--corrected", tr("Not an item to re-inspect: {codes}.", codes=", ".join(unknown))))
    if missing:
        problems.append(
            ("--corrected", tr("Answer every item: {codes} not answered.", codes=", ".join(missing)))
        )
    if problems:
        raise ValidationError(problems)
    for code in answers.corrected:
        inspections.record_answer(
            session,
            actor,
            inspection_id,
            code,
            result=AnswerResult.COMPLIANT,
            finding=answers.seen.get(code, ""),
        )
    for code, finding in answers.not_corrected.items():
        inspections.record_answer(
            session, actor, inspection_id, code, result=AnswerResult.NON_COMPLIANT, finding=finding
        )


def run(ctx: Context, args: argparse.Namespace, actor: Actor, rectification_id: uuid.UUID) -> int:
    answers = parse_answers(args.corrected, args.not_corrected, args.note)
    with ctx.db.write() as s:
        views.load(s, rectification_id)
        running = _running(s, rectification_id)
        iid = running or _start(s, actor, rectification_id, args.inspectors, args.at)
        result = None
        if answers.given:
            _answer(s, actor, iid, answers)
            workflows.finalize_inspection(s, actor, iid)
            result = reinspection.reinspection_result(s, iid)
            recorded = views.load(s, rectification_id).result is not None
    if args.json:
        ctx.out_json({"inspection_id": str(iid), "finalized": result is not None, "result": result})
    elif result is None:
        started = tr("Re-inspection {id} started with the items that failed.", id=iid)
        ctx.out(
            tr("Re-inspection {id} is in progress; give the answers to finish it.", id=iid)
            if running
            else started
        )
    elif recorded:
        ctx.out(
            tr("Re-inspection {id} finalized: {result}.", id=iid, result=rectification_result_label(result))
        )
    else:
        ctx.out(
            tr(
                "Re-inspection {id} finalized: {result}. Issue the re-inspection opinion with "
                "“inspector document {id} --kind reinspection --out FILE.docx”.",
                id=iid,
                result=rectification_result_label(result),
            )
        )
    return 0
