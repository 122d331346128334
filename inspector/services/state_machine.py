"""What the two state machines share: a rectification's (:mod:`inspector.services.followup.machine`)
and a case's (:mod:`inspector.services.cases.machine`).

Each machine is a table of the allowed steps, each with the permission it needs; a status changes only
by a step of its table, with a note, and leaves an event row saying who moved it, from what to what,
and when. Reading the table, checking the note, making the event row and showing it as JSON are the
same for both and live here, so the two machines cannot drift apart in how they guard a step; each
keeps its own table, its own words and what its audit event records.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from inspector.errors import UserError, ValidationError
from inspector.services import permissions
from inspector.services.actor import Actor
from inspector.services.permissions import Action

S = TypeVar("S", bound=StrEnum)
E = TypeVar("E")
# Every allowed step (from, to) and the permission it needs; ``None`` as "from" creates the record.
Steps = Mapping[tuple[S | None, S], Action]


def offered(steps: Steps[S], actor: Actor, status: str) -> list[str]:
    """The statuses ``actor`` may move a record in ``status`` to (what a screen offers)."""
    return [
        dst.value
        for (src, dst), action in steps.items()
        if src is not None and src.value == status and permissions.may(actor, action)
    ]


def require_step(
    steps: Steps[S],
    actor: Actor,
    src: str | None,
    dst: S,
    *,
    label: Callable[[str], str],
    refusal: Callable[[str, str], str],
) -> None:
    """Refuse a step that is not in ``steps`` or that ``actor`` may not take. ``refusal`` words the
    first, given the two statuses' labels (``label``)."""
    action = steps.get((type(dst)(src) if src is not None else None, dst))
    if action is None:
        raise UserError(refusal(label(src or ""), label(dst.value)))
    permissions.require(actor, action)


def clean_note(value: str, field: str, *, required: bool, limit: int, missing: str, too_long: str) -> str:
    """The note of a step, stripped; refused with ``missing`` when ``required`` and empty, with
    ``too_long`` when longer than ``limit``."""
    text_ = (value or "").strip()
    if required and not text_:
        raise ValidationError([(field, missing)])
    if len(text_) > limit:
        raise ValidationError([(field, too_long)])
    return text_


def step_event(
    model: Callable[..., E],
    actor: Actor,
    src: str | None,
    dst: str,
    *,
    note: str,
    at: dt.datetime,
    **owner: Any,
) -> E:
    """A new event row of ``model`` for one step (``owner`` names the record it belongs to)."""
    return model(
        id=uuid.uuid4(), from_status=src, to_status=dst, note=note, actor_id=actor.user_id, at=at, **owner
    )


class Step:
    """A step of a record's history as its frozen view shows it; the view derives from this."""

    from_status: str | None
    to_status: str
    note: str
    actor_name: str
    at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        """The step as the command line's JSON shows it."""
        return {
            "from": self.from_status,
            "to": self.to_status,
            "note": self.note,
            "by": self.actor_name,
            "at": self.at.isoformat(),
        }
