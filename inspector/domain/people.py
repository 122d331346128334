"""Who works with the app: the four roles an office gives its accounts."""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import label_for
from inspector.i18n import tr


class Role(StrEnum):
    INSPECTOR = "inspector"
    OFFICE = "office"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


def role_label(role: Role | str) -> str:
    labels = {
        Role.INSPECTOR.value: tr("inspector"),
        Role.OFFICE.value: tr("office staff"),
        Role.SUPERVISOR.value: tr("supervisor"),
        Role.ADMIN.value: tr("administrator"),
    }
    return label_for(role, labels)
