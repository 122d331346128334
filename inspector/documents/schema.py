"""The placeholders a document template may use: the shape of the render context, per document kind.

One definition serves three purposes: ``inspector templates check`` compares an office's template
against it (a misspelt ``{{ site.nmae }}`` is reported before a notice is issued with a hole in it),
``inspector templates fields`` lists it for the person editing the template in Word, and the tests
check that the context the services build has exactly this shape.

A schema node is a type tag (``TEXT``, ``NUMBER``, ``FLAG``, ``IMAGE``), a ``dict`` of named fields,
or a one-element ``list`` holding the schema of every element.
"""

from __future__ import annotations

from typing import Any

from inspector.documents.case_schema import CASE_SCHEMAS
from inspector.documents.schema_types import FLAG, HEADER, IMAGE, NUMBER, TEXT, Schema
from inspector.domain import DocumentKind

__all__ = ["FLAG", "IMAGE", "NUMBER", "TEXT", "Schema"]

PARTY: dict[str, Schema] = {
    "name": TEXT,
    "is_person": FLAG,
    "id_label": TEXT,
    "id_no": TEXT,
    "licence_no": TEXT,
    "address": TEXT,
    "head_label": TEXT,
    "head": TEXT,
    "phone": TEXT,
}

SITE: dict[str, Schema] = {
    "name": TEXT,
    "kind_label": TEXT,
    "address": TEXT,
    "district": TEXT,
    "township": TEXT,
}

PHOTO: dict[str, Schema] = {
    "no": NUMBER,
    "photo_id": TEXT,
    "sha256": TEXT,
    "sha12": TEXT,
    "caption": TEXT,
    "subject": TEXT,
    "taken_by": TEXT,
    "captured": TEXT,
    "imported": TEXT,
    "annotated": FLAG,
    "image": IMAGE,
}

COMMON: dict[str, Schema] = {
    **HEADER,
    "party": PARTY,
    "site": SITE,
    "inspection": {
        "id": TEXT,
        "kind": TEXT,
        "date": TEXT,
        "start": TEXT,
        "end": TEXT,
        "period": TEXT,
        "location": TEXT,
    },
    "inspectors": [{"name": TEXT, "cert_no": TEXT}],
    "inspector_names": TEXT,
    "inspectors_text": TEXT,
    "photos": [PHOTO],
    "photo_count": NUMBER,
    "replaces": TEXT,
}

PRESENT: dict[str, Schema] = {"name": TEXT, "title": TEXT, "id_no": TEXT, "phone": TEXT, "companions": TEXT}
SIGNING: dict[str, Schema] = {"refused": FLAG, "note": TEXT, "witness": TEXT, "witness_detail": TEXT}

RECORD: dict[str, Schema] = {
    **COMMON,
    "present": PRESENT,
    "announcement": TEXT,
    "recusal": TEXT,
    "grounds": TEXT,
    "facts": [{"no": TEXT, "text": TEXT}],
    "facts_note": TEXT,
    "photos_note": TEXT,
    "additions": [{"no": TEXT, "text": TEXT, "reason": TEXT, "recorded": TEXT}],
    "signing": SIGNING,
}

SUPPLEMENT: dict[str, Schema] = {
    **COMMON,
    "present": PRESENT,
    "record": {"number": TEXT, "date": TEXT},
    "opening": TEXT,
    "additions": [{"no": TEXT, "text": TEXT, "reason": TEXT, "recorded": TEXT}],
    "signing": SIGNING,
}

ARTICLE: dict[str, Schema] = {"citation": TEXT, "text": TEXT}

NOTICE: dict[str, Schema] = {
    **COMMON,
    "opening": TEXT,
    "findings": [
        {
            "no": TEXT,
            "fact": TEXT,
            "violates": TEXT,
            "basis": TEXT,
            "violation": TEXT,
            "order": TEXT,
            "consequence": TEXT,
            "immediate": FLAG,
            "deadline_date": TEXT,
            "serious": FLAG,
        }
    ],
    "finding_count": NUMBER,
    "transfers": [{"fact": TEXT}],
    "transfer_note": TEXT,
    "closing": TEXT,
    "remedies": TEXT,
    "articles": [ARTICLE],
}

REINSPECTION: dict[str, Schema] = {
    **COMMON,
    "notice": {"number": TEXT, "title": TEXT, "issue_date": TEXT},
    "opening": TEXT,
    "items": [
        {
            "no": NUMBER,
            "required": TEXT,
            "found": TEXT,
            "result": TEXT,
            "result_label": TEXT,
            "corrected": FLAG,
        }
    ],
    "corrected_count": NUMBER,
    "not_corrected_count": NUMBER,
    "unchecked_count": NUMBER,
    "all_corrected": FLAG,
    "conclusion": TEXT,
}

SCHEMAS: dict[DocumentKind, dict[str, Schema]] = {
    DocumentKind.RECORD: RECORD,
    DocumentKind.NOTICE: NOTICE,
    DocumentKind.REINSPECTION: REINSPECTION,
    DocumentKind.SUPPLEMENT: SUPPLEMENT,
    **{DocumentKind(kind): schema for kind, schema in CASE_SCHEMAS.items()},
}


def schema_for(kind: DocumentKind | str | None) -> dict[str, Schema]:
    """The schema of ``kind``; ``None`` gives the union of all kinds (a template of unknown purpose)."""
    if kind is None:
        merged: dict[str, Schema] = {}
        for schema in SCHEMAS.values():
            merged.update(schema)
        return merged
    return SCHEMAS[DocumentKind(kind)]


def field_paths(schema: Schema, prefix: str = "") -> list[tuple[str, str]]:
    """Every placeholder path with its type, e.g. ``("findings[].legal[].citation", "text")``."""
    if isinstance(schema, dict):
        out: list[tuple[str, str]] = []
        for key, sub in schema.items():
            out.extend(field_paths(sub, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(schema, list):
        return [(f"{prefix}[]", "list"), *field_paths(schema[0], f"{prefix}[]")]
    return [(prefix, str(schema))]


def _sample(schema: Schema, name: str) -> Any:
    if isinstance(schema, dict):
        return {key: _sample(sub, key) for key, sub in schema.items()}
    if isinstance(schema, list):
        return [_sample(schema[0], name), _sample(schema[0], name)]
    if schema == NUMBER:
        return 1
    if schema == FLAG:
        return True
    if schema == IMAGE:
        return None  # replaced by the renderer with a real picture
    return f"示例{name}"


def sample_context(kind: DocumentKind | str | None) -> dict[str, Any]:
    """A context with every field filled, to test-render a template."""
    context = dict(_sample(schema_for(kind), ""))
    context["issued_at"] = "2026-01-01T00:00:00+00:00"
    return context


def conforms(value: Any, schema: Schema, path: str = "") -> list[str]:
    """Paths where ``value`` differs from ``schema`` (missing or extra keys, wrong types); for tests and
    for refusing a stored context that was tampered with."""
    problems: list[str] = []
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"{path or '.'}: expected an object"]
        for key in schema.keys() - value.keys():
            if schema[key] != IMAGE:
                problems.append(f"{path}.{key}: missing" if path else f"{key}: missing")
        for key in value.keys() - schema.keys():
            problems.append(f"{path}.{key}: not in the schema" if path else f"{key}: not in the schema")
        for key in schema.keys() & value.keys():
            problems.extend(conforms(value[key], schema[key], f"{path}.{key}" if path else key))
        return problems
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        for i, element in enumerate(value):
            problems.extend(conforms(element, schema[0], f"{path}[{i}]"))
        return problems
    expected: dict[str, type | tuple[type, ...]] = {TEXT: str, NUMBER: int, FLAG: bool, IMAGE: object}
    if schema == NUMBER and isinstance(value, bool):
        return [f"{path}: expected a number"]
    if not isinstance(value, expected[schema]):
        return [f"{path}: expected {schema}"]
    return []
