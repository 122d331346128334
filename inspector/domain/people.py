"""Who works with the app: the four roles an office gives its accounts."""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import labeller
from inspector.i18n import tr


class Role(StrEnum):
    INSPECTOR = "inspector"
    OFFICE = "office"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


role_label = labeller(
    lambda: {
        Role.INSPECTOR.value: tr("inspector"),
        Role.OFFICE.value: tr("office staff"),
        Role.SUPERVISOR.value: tr("supervisor"),
        Role.ADMIN.value: tr("administrator"),
    }
)
