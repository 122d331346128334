"""The frozen copy of a form: deterministic JSON in, the identical :class:`Form` out.

An inspection must show, years later, exactly the questions and the law text it was carried out
with, even after the office edited the checklist or the catalogue. The snapshot is the form in the
same shape as its TOML file, every default written out, plus the cited articles under ``legal``;
it is read back through the same validator, so a damaged snapshot is reported, not trusted.
The JSON is canonical (sorted keys, no spaces), so equal forms have equal SHA-256 hashes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import cast

from inspector.forms.legal import LegalCatalogue, catalogue_to_dict, parse_catalogue
from inspector.forms.loader import build_form
from inspector.forms.model import FIRST_FORMAT, AnswerType, Form, Item, Law
from inspector.forms.reader import FormError, Problems
from inspector.i18n import tr

SNAPSHOT_SOURCE = "snapshot"


def _item_to_dict(item: Item, fmt: int) -> dict[str, object]:
    out: dict[str, object] = {
        "code": item.code,
        "question": item.question,
        "question_en": item.question_en,
        "guidance": item.guidance,
        "evidence": item.evidence,
        "guidance_en": item.guidance_en,
        "evidence_en": item.evidence_en,
        "answer": item.answer_type.value,
        "severity": item.severity.value,
        "photo_required": item.photo_required,
        "required": item.required,
        "correction": item.correction,
        "deadline_days": item.deadline_days,
    }
    if fmt == FIRST_FORMAT:
        out["legal"] = list(item.legal)
    else:
        out.update(
            {
                "fact": item.fact,
                "violates": list(item.violates),
                "basis": list(item.basis),
                "crime": list(item.crime),
                "grounds": list(item.grounds),
            }
        )
        if item.answer_type is AnswerType.CHECK:
            out["compliant_fact"] = item.compliant_fact
        if item.action is not None:
            out["action"] = item.action.value
            if not item.action.has_deadline:
                del out["deadline_days"]
    if item.short:  # written only when set, so copies made before it keep their hash
        out["short"] = item.short
    for key in ("guidance_en", "evidence_en"):  # written only when given: older copies keep their hash
        if not out[key]:
            del out[key]
    if out.get("deadline_days") is None:
        out.pop("deadline_days", None)  # the office's default applies
    if item.answer_for_site_kind:
        out["answer_for_site_kind"] = dict(item.answer_for_site_kind)
    if item.choices:
        out["choices"] = list(item.choices)
    if item.condition is not None:
        out["condition"] = {"item": item.condition.item, "answer": list(item.condition.answers)}
    return out


def form_to_dict(form: Form) -> dict[str, object]:
    """The whole form, defaults included, with the articles it cites (``legal``)."""
    laws = {
        a.law_key: Law(
            key=a.law_key,
            title=a.law,
            kind=a.law_kind,
            version_date=a.version_date,
            note=a.law_note,
            source=a.law_source,
            superseded=a.law_superseded,
        )
        for a in form.articles
    }
    legal = catalogue_to_dict(LegalCatalogue(laws=laws, articles={a.ref: a for a in form.articles}))
    return {
        "format": form.format,
        "id": form.id,
        "version": form.version,
        "title": {"zh": form.title, "en": form.title_en},
        "description": form.description,
        "site_kinds": [kind.value for kind in form.site_kinds],
        "designations": [d.value for d in form.designations],
        "sections": [
            {
                "id": section.id,
                "title": {"zh": section.title, "en": section.title_en},
                "items": [_item_to_dict(item, form.format) for item in section.items],
            }
            for section in form.sections
        ],
        "legal": legal,
    }


def form_to_json(form: Form) -> str:
    return json.dumps(form_to_dict(form), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def form_from_snapshot(content: str) -> Form:
    """Rebuild a form from :meth:`Form.canonical_json`; the cited law text comes from the snapshot."""
    problems = Problems(SNAPSHOT_SOURCE)
    try:
        data = json.loads(content)
    except (ValueError, RecursionError) as err:
        problems.add("", tr("the stored checklist copy is damaged: {reason}", reason=str(err)))
        raise FormError(SNAPSHOT_SOURCE, problems.items) from None
    if not isinstance(data, dict):
        problems.add("", tr("the stored checklist copy is damaged: {reason}", reason=type(data).__name__))
        raise FormError(SNAPSHOT_SOURCE, problems.items)
    raw = cast(Mapping[str, object], data)
    legal = raw.get("legal", {})
    if not isinstance(legal, dict):
        problems.add("legal", tr("the stored checklist copy is damaged: {reason}", reason="legal"))
        raise FormError(SNAPSHOT_SOURCE, problems.items)
    catalogue = parse_catalogue(cast(Mapping[str, object], legal), problems, path="legal", snapshot=True)
    problems.raise_if_any()
    return build_form(raw, source=SNAPSHOT_SOURCE, catalogue=catalogue, extra_keys=("legal",))
