"""The placeholders of the case documents (立案报告, 证据先行登记保存决定书, 先行登记保存处理决定书, 询问笔录,
案件移送书): the shape of their render context, as :mod:`inspector.documents.schema` states it for the
inspection's documents (which merges these into its table of schemas).

A case document names its party (当事人: an institution with its 统一社会信用代码, or a person with
身份证号), the case (案由, 来源, 简要案情), the officers in charge with their 执法证号, and the articles it
rests on, each quoted verbatim from the verified catalogue (``basis``). No photo is embedded: a kept
item's photos are listed by file and hash, so an issued document regenerates from its stored context
alone.
"""

from __future__ import annotations

from inspector.documents.schema_types import FLAG, HEADER, NUMBER, TEXT, Schema

ARTICLE: dict[str, Schema] = {"citation": TEXT, "text": TEXT, "verified": FLAG, "law": TEXT, "note": TEXT}

PARTY: dict[str, Schema] = {
    "kind_label": TEXT,
    "name": TEXT,
    "ident_label": TEXT,  # 身份证号 or 统一社会信用代码
    "ident": TEXT,
    "id_number": TEXT,
    "credit_code": TEXT,
    "legal_rep": TEXT,
    "address": TEXT,
    "phone": TEXT,
}

CASE_COMMON: dict[str, Schema] = {
    **HEADER,
    "party": PARTY,
    "case": {
        "cause": TEXT,
        "source_label": TEXT,
        "discovered": TEXT,
        "place": TEXT,
        "summary": TEXT,
        "opinion": TEXT,
    },
    "officers": [{"name": TEXT, "cert_no": TEXT}],
    "officer_names": TEXT,
    "cert_nos_text": TEXT,
    "basis": [ARTICLE],
    "basis_citations": TEXT,
    "replaces": TEXT,  # a correction: the voided document it replaces
}

ITEM: dict[str, Schema] = {
    "no": NUMBER,
    "name": TEXT,
    "brand": TEXT,
    "model": TEXT,
    "serial_no": TEXT,
    "quantity": NUMBER,
    "unit": TEXT,
    "quantity_text": TEXT,
    "condition": TEXT,
    "storage_place": TEXT,
    "photos_text": TEXT,
    "decision_label": TEXT,
}

CASE_REPORT: dict[str, Schema] = {
    **CASE_COMMON,
    "inspections_text": TEXT,
    "proposed_date": TEXT,
    "proposed_by": TEXT,
    "approval_note": TEXT,
    "approved_by": TEXT,
    "approved_date": TEXT,
    "late_note": TEXT,
}

PRESERVATION: dict[str, Schema] = {
    **CASE_COMMON,
    "kept_date": TEXT,
    "due_date": TEXT,
    "items": [ITEM],
    "item_count": NUMBER,
}

KEPT_DECISION: dict[str, Schema] = {
    **CASE_COMMON,
    "kept_date": TEXT,
    "preservation_numbers": TEXT,
    "items": [ITEM],
    "item_count": NUMBER,
}

INTERVIEW: dict[str, Schema] = {
    **CASE_COMMON,
    "interview": {
        "id": TEXT,
        "period": TEXT,
        "place": TEXT,
        "recorder": TEXT,
        "person": {
            "name": TEXT,
            "sex": TEXT,
            "id_number": TEXT,
            "phone": TEXT,
            "address": TEXT,
            "work": TEXT,
            "relation": TEXT,
        },
    },
    "pairs": [{"no": NUMBER, "question": TEXT, "answer": TEXT}],
}

TRANSFER: dict[str, Schema] = {
    **CASE_COMMON,
    "transfer": {"body": TEXT, "target_label": TEXT, "reason": TEXT, "date": TEXT},
    "crimes": [ARTICLE],  # the suspected crime (a transfer to the police), apart from the basis
    "crime_citations": TEXT,
    "materials": [{"no": NUMBER, "name": TEXT, "ref": TEXT, "count": TEXT}],
    "material_count": NUMBER,
}

CASE_SCHEMAS: dict[str, dict[str, Schema]] = {
    "case_report": CASE_REPORT,
    "preservation": PRESERVATION,
    "kept_decision": KEPT_DECISION,
    "interview": INTERVIEW,
    "transfer": TRANSFER,
}
