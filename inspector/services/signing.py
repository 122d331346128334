"""Who was present and how the 现场检查笔录 is signed: recorded in the inspection, required before the
笔录 is issued.

The 笔录 is evidence in a 行政复议 or a court only when it names the person in charge present (name,
position, and the 身份证号 where the site is unlicensed: there is no registered unit to name),
records the party's answer to the 回避 question, and, when the party refuses to sign, says so with a
witness. These are recorded while the inspection is a draft (the finalize dialog asks for them, where
the inspector is); a finalized inspection changes only by addendum. :func:`signing_problems` is the
one rule, asked by the dialog and by issuing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from inspector.documents.inputs import InspectionFacts
from inspector.domain import InspectionStatus, Recusal, SiteKind
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, permissions
from inspector.services.actor import Actor
from inspector.services.inspections import load_inspection
from inspector.services.permissions import Action
from inspector.storage.rows import view_of

ID_NO = re.compile(r"^\d{17}[\dXx]$")
LIMITS = {"party_name": 64, "party_title": 64, "party_phone": 32, "witness_name": 64, "witness_detail": 200}


@dataclass(frozen=True)
class SigningDetails:
    """The people on site and the signing, as the finalize dialog collects them."""

    party_name: str = ""
    party_title: str = ""
    party_phone: str = ""
    party_id_no: str = ""
    recusal: str | None = None
    signature_refused: bool = False
    witness_name: str = ""
    witness_detail: str = ""

    @classmethod
    def of(cls, view: InspectionFacts) -> SigningDetails:
        return view_of(cls, view)


def needs_id_no(site_kind: str) -> bool:
    """An unlicensed site has no registered unit: the person in charge is named by 身份证号."""
    return site_kind == SiteKind.UNLICENSED.value


def signing_problems(details: SigningDetails, site_kind: str) -> list[tuple[str, str]]:
    """What the 笔录 still lacks, by field; empty when it can be issued."""
    problems: list[tuple[str, str]] = []
    if not details.party_name.strip():
        problems.append(("party_name", tr("Name the person in charge present (现场负责人).")))
    if not details.party_title.strip():
        problems.append(("party_title", tr("Give the position of the person in charge present.")))
    id_no = details.party_id_no.strip()
    if needs_id_no(site_kind) and not id_no:
        problems.append(
            ("party_id_no", tr("The site is unlicensed: record the 身份证号 of the person in charge."))
        )
    elif id_no and not ID_NO.match(id_no):
        problems.append(("party_id_no", tr("A 身份证号 has 18 characters: 17 digits and a digit or X.")))
    if details.recusal not in {r.value for r in Recusal}:
        problems.append(("recusal", tr("Record whether the party asks for recusal (回避).")))
    if details.signature_refused and not details.witness_name.strip():
        problems.append(
            ("witness_name", tr("The party refused to sign: name the witness who signs instead."))
        )
    for name, limit in LIMITS.items():
        if len(getattr(details, name)) > limit:
            problems.append((name, tr("Too long: at most {limit} characters.", limit=limit)))
    return problems


def record_signing(session: Session, actor: Actor, inspection_id: uuid.UUID, details: SigningDetails) -> None:
    """Store the details in a draft inspection (checked for length and form; what is still missing
    is reported by :func:`signing_problems`, not refused here: a draft may be incomplete)."""
    permissions.require(actor, Action.INSPECT)
    insp = load_inspection(session, inspection_id)
    if insp.status != InspectionStatus.DRAFT.value:
        raise UserError(tr("This inspection is finalized and read-only. Add an addendum to correct it."))
    wrong = [
        p
        for p in signing_problems(details, "")
        if p[0] in LIMITS or (p[0] == "party_id_no" and details.party_id_no.strip())
    ]
    if wrong:
        raise ValidationError(wrong)
    values = {
        "party_name": details.party_name.strip(),
        "party_title": details.party_title.strip(),
        "party_phone": details.party_phone.strip(),
        "party_id_no": details.party_id_no.strip().upper(),
        "recusal": details.recusal if details.recusal in {r.value for r in Recusal} else None,
        "signature_refused": details.signature_refused,
        "witness_name": details.witness_name.strip(),
        "witness_detail": details.witness_detail.strip(),
    }
    for key, value in values.items():
        setattr(insp, key, value)
    session.flush()
    audit.record(session, actor, "signing", "inspection", inspection_id, after=values)
