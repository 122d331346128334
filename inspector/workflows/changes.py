"""What a workflow changed, so the interface refreshes exactly what depends on it.

Modelled on Anki's ``OpChanges``: an action does not tell each screen to reload; it returns a frozen
value naming the records it touched and the derived figures it moved, and the main window hands that
value to every page, which decides for itself whether it shows any of it. Issuing a notice names the
rectification it opened, so the follow-up board and its count in the navigation update without a
Refresh button, and no screen has to know which others care.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from sqlalchemy.orm import Session

from inspector.storage.db import Database

Ids = frozenset[uuid.UUID]


def ids(*values: uuid.UUID | None) -> Ids:
    """The given ids, leaving out ``None`` (a rectification or notice that is not there)."""
    return frozenset(v for v in values if v is not None)


@dataclass(frozen=True)
class Changes:
    """Records an action changed, by kind, and flags for what is derived from them.

    ``registry``: sites changed in bulk (an import), too many to name; ``statistics``: the
    dashboard's figures may differ; ``board``: the follow-up board's rows or its counts may differ.
    ``created`` is the record the action made (the issued document, the started re-inspection), for
    the caller to show. ``escalation_proposed`` names rectifications whose
    re-inspection found them not corrected: a supervisor should decide on 立案 or 移送.
    ``cases`` names the cases changed (their kept items and interviews included);
    ``case_proposed`` names finalized inspections whose findings call for a case that none was
    proposed for yet: a screen offers 立案. ``files`` were written by the action; :func:`perform`
    removes them again if its transaction does not commit.
    """

    sites: Ids = field(default_factory=frozenset)
    inspections: Ids = field(default_factory=frozenset)
    documents: Ids = field(default_factory=frozenset)
    rectifications: Ids = field(default_factory=frozenset)
    registry: bool = False
    statistics: bool = False
    board: bool = False
    created: uuid.UUID | None = None
    escalation_proposed: Ids = field(default_factory=frozenset)
    cases: Ids = field(default_factory=frozenset)
    case_proposed: Ids = field(default_factory=frozenset)
    files: tuple[Path, ...] = ()

    def __or__(self, other: Changes) -> Changes:
        """Both actions' changes (``created`` from ``other`` when it made something)."""
        merged: dict[str, object] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "created":
                merged[f.name] = theirs if theirs is not None else mine
            elif isinstance(mine, bool):
                merged[f.name] = mine or theirs
            elif isinstance(mine, tuple):
                merged[f.name] = mine + tuple(p for p in theirs if p not in mine)
            else:
                merged[f.name] = mine | theirs
        return Changes(**merged)  # type: ignore[arg-type]

    @property
    def sites_changed(self) -> bool:
        """Whether a list of sites (their names, districts, kinds) may show something else now."""
        return bool(self.sites) or self.registry

    @property
    def empty(self) -> bool:
        return not (
            self.sites
            or self.inspections
            or self.documents
            or self.rectifications
            or self.cases
            or self.registry
            or self.statistics
            or self.board
        )

    def discard_files(self) -> None:
        """Remove the files the action wrote (its transaction did not commit)."""
        remove_files(self.files)


def remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def perform(db: Database, action: Callable[[Session], Changes]) -> Changes:
    """Run one workflow in a transaction of its own; the files it wrote go again if the commit fails.

    ``action`` is a workflow bound to its arguments, e.g.
    ``perform(db, lambda s: workflows.close(s, actor, rectification_id, note))``.
    """
    changes: Changes | None = None
    try:
        with db.write() as session:
            changes = action(session)
    except BaseException:
        if changes is not None:
            changes.discard_files()
        raise
    return changes
