"""What every window and dialog of the app needs, passed in explicitly instead of a global.

``UiContext`` carries the configuration, the open database, the signed-in person (the
:class:`~inspector.services.actor.Actor` every service call is made as), the checklist registry,
loaded once on first use, and the hub on which actions announce what they changed
(:mod:`inspector.ui.changes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inspector.config import Config
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database

if TYPE_CHECKING:
    from inspector.forms import FormRegistry
    from inspector.ui.changes import ChangeHub
    from inspector.workflows import Changes


@dataclass
class UiContext:
    """The app's shared state for one data directory; widgets receive it in their constructor."""

    config: Config
    db: Database
    actor: Actor = SYSTEM
    _registry: FormRegistry | None = field(default=None, repr=False)
    _hub: ChangeHub | None = field(default=None, repr=False)

    def registry(self) -> FormRegistry:
        """The checklists (built-in and the office's), loaded on first use."""
        if self._registry is None:
            from inspector.forms import load_registry  # checklists are parsed only when needed

            self._registry = load_registry(self.config.forms_dir)
        return self._registry

    @property
    def changes(self) -> ChangeHub:
        """The hub every action announces its changes on (made on first use, on the UI thread)."""
        if self._hub is None:
            from inspector.ui.changes import ChangeHub

            self._hub = ChangeHub()
        return self._hub

    def announce(self, changes: Changes) -> None:
        """Tell the windows what an action changed (call on the UI thread, after the commit)."""
        self.changes.announce(changes)
