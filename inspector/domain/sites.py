"""What kind of institution a site is, and what it is designated for.

Two independent words, because a county's registry says both: the *kind* is what the institution is
(医院, 乡镇卫生院, 个体诊所, 零售药店…, the categories a county lists), the *designations* are the
three 三定点 approvals (定点B超/染色体, 定点终止妊娠, 定点分娩) some of them hold. A 乡镇卫生院 may be
designated for deliveries and not for terminations; a hospital may hold none. Which checklist fits
a site follows from both (the checklists say so, see ``inspector/forms/FORMAT.md``).

Earlier versions mixed the two in the kind (``ultrasound`` and ``termination_delivery`` were kinds);
:data:`LEGACY_SITE_KINDS` says what those old values are now, for packages, backups and office
checklists written before the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from inspector.domain.labels import label_for
from inspector.i18n import tr


class SiteKind(StrEnum):
    """The institution categories of a county's registry, in the order a county lists them."""

    HOSPITAL = "hospital"
    MATERNAL_CHILD = "maternal_child"
    TOWNSHIP_HEALTH_CENTRE = "township_health_centre"
    COMMUNITY_HEALTH = "community_health"
    VILLAGE_CLINIC = "village_clinic"
    OUTPATIENT = "outpatient"
    CLINIC = "clinic"
    FAMILY_PLANNING = "family_planning"
    UNLICENSED = "unlicensed"
    PHARMACY = "pharmacy"
    WHOLESALER = "wholesaler"


class Designation(StrEnum):
    """The 三定点 approvals; a site holds any of them whatever its kind."""

    ULTRASOUND = "ultrasound"
    TERMINATION = "termination"
    DELIVERY = "delivery"


# Kinds of earlier versions that are no longer kinds, and the kind such a site is now. Their
# designation was always also stored in its own flag, which stays what it was.
LEGACY_SITE_KINDS: dict[str, SiteKind] = {
    "ultrasound": SiteKind.HOSPITAL,
    "termination_delivery": SiteKind.HOSPITAL,
}
# What an old checklist's ``site_kinds`` value meant, as designations.
LEGACY_KIND_DESIGNATIONS: dict[str, tuple[Designation, ...]] = {
    "ultrasound": (Designation.ULTRASOUND,),
    "termination_delivery": (Designation.TERMINATION, Designation.DELIVERY),
}


def current_site_kind(value: str) -> str:
    """``value`` as a kind of this version: an old kind becomes its successor, anything else is kept
    (and refused later by whoever validates it)."""
    legacy = LEGACY_SITE_KINDS.get(value)
    return legacy.value if legacy is not None else value


def site_kind_label(kind: SiteKind | str, lang: str | None = None) -> str:
    """The kind's name in the current language, or in ``lang`` (documents are always Chinese)."""
    labels = {
        SiteKind.HOSPITAL.value: tr("hospital", lang=lang),
        SiteKind.MATERNAL_CHILD.value: tr("maternal and child health hospital", lang=lang),
        SiteKind.TOWNSHIP_HEALTH_CENTRE.value: tr("township health centre", lang=lang),
        SiteKind.COMMUNITY_HEALTH.value: tr("community health service centre / station", lang=lang),
        SiteKind.VILLAGE_CLINIC.value: tr("village clinic", lang=lang),
        SiteKind.OUTPATIENT.value: tr("outpatient department", lang=lang),
        SiteKind.CLINIC.value: tr("private clinic", lang=lang),
        SiteKind.FAMILY_PLANNING.value: tr("family planning service institution", lang=lang),
        SiteKind.UNLICENSED.value: tr("unlicensed practice", lang=lang),
        SiteKind.PHARMACY.value: tr("retail pharmacy", lang=lang),
        SiteKind.WHOLESALER.value: tr("drug wholesaler", lang=lang),
    }
    value = current_site_kind(str(kind))
    return labels.get(value, value)


def designation_label(designation: Designation | str, lang: str | None = None) -> str:
    """What the site is designated for, short (a list of them follows "designated for")."""
    labels = {
        Designation.ULTRASOUND.value: tr("ultrasound/chromosome", lang=lang),
        Designation.TERMINATION.value: tr("termination", lang=lang),
        Designation.DELIVERY.value: tr("delivery", lang=lang),
    }
    return label_for(designation, labels)


def designations_of(ultrasound: bool, termination: bool, delivery: bool) -> frozenset[Designation]:
    """The designations a site's three flags (columns, checkboxes) say it holds."""
    flags = zip(Designation, (ultrasound, termination, delivery), strict=True)
    return frozenset(d for d, held in flags if held)


def ordered(designations: Iterable[Designation | str]) -> tuple[Designation, ...]:
    """Designations in their fixed order (ultrasound, termination, delivery), each once."""
    held = {Designation(d) for d in designations}
    return tuple(d for d in Designation if d in held)
