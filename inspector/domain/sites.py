"""What kind of place a site is (the registry's institution kinds)."""

from __future__ import annotations

from enum import StrEnum

from inspector.i18n import tr


class SiteKind(StrEnum):
    ULTRASOUND = "ultrasound"
    TERMINATION_DELIVERY = "termination_delivery"
    CLINIC = "clinic"
    PHARMACY = "pharmacy"
    WHOLESALER = "wholesaler"
    UNLICENSED = "unlicensed"


def site_kind_label(kind: SiteKind | str) -> str:
    labels = {
        SiteKind.ULTRASOUND.value: tr("ultrasound / chromosome site"),
        SiteKind.TERMINATION_DELIVERY.value: tr("termination / delivery site"),
        SiteKind.CLINIC.value: tr("clinic"),
        SiteKind.PHARMACY.value: tr("pharmacy"),
        SiteKind.WHOLESALER.value: tr("drug wholesaler"),
        SiteKind.UNLICENSED.value: tr("unlicensed site"),
    }
    return labels.get(str(kind), str(kind))
