"""Who is acting. Every mutating service takes an :class:`Actor` so permissions and the audit trail
are decided in the core, identically for the UI and the CLI."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from inspector.domain import Role, role_label
from inspector.errors import PermissionDenied
from inspector.i18n import tr


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    name: str
    role: Role

    def require(self, *roles: Role) -> None:
        """Refuse unless the actor has one of ``roles`` (admins may do everything)."""
        if self.role is Role.ADMIN or self.role in roles:
            return
        raise PermissionDenied(
            tr(
                "Your role ({role}) does not allow this action. Ask a {needed}.",
                role=role_label(self.role),
                needed=" / ".join(role_label(r) for r in roles),
            )
        )


SYSTEM = Actor(user_id=None, name="system", role=Role.ADMIN)
