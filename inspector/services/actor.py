"""Who is acting. Every mutating service takes an :class:`Actor` so permissions and the audit trail
are decided in the core, identically for the UI and the CLI."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from inspector.errors import PermissionDenied
from inspector.i18n import tr
from inspector.storage.models import Role


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


def role_label(role: Role) -> str:
    labels = {
        Role.INSPECTOR: tr("inspector"),
        Role.OFFICE: tr("office staff"),
        Role.SUPERVISOR: tr("supervisor"),
        Role.ADMIN: tr("administrator"),
    }
    return labels[role]
