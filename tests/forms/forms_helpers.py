"""Helpers for the checklist tests: a tiny TOML writer (the stdlib only reads TOML) and a small valid
form to mutate."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import tomllib
from importlib import resources
from typing import Any

BUILTIN_FILES = ("clinic.toml", "pharmacy.toml", "termination_delivery.toml", "ultrasound.toml")


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def dump_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(dump_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k))} = {dump_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def dumps(data: dict[str, Any]) -> str:
    """TOML text for ``data``: every top-level key on one line, nested values inline."""
    return "".join(f"{_string(str(k))} = {dump_value(v)}\n" for k, v in data.items())


def builtin_data(name: str) -> dict[str, Any]:
    raw = (resources.files("inspector.forms") / "builtin" / name).read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def minimal_form() -> dict[str, Any]:
    """A small valid form: two sections, a conditional item, a choice item and a legal reference."""
    return copy.deepcopy(
        {
            "id": "test",
            "version": "1",
            "title": {"zh": "测试检查表", "en": "Test checklist"},
            "site_kinds": ["clinic"],
            "sections": [
                {
                    "id": "first",
                    "title": {"zh": "资质", "en": "Licences"},
                    "items": [
                        {
                            "code": "T-01",
                            "question": "有许可证？",
                            "legal": ["人口与计划生育法-39"],
                            "severity": "serious",
                            "photo_required": True,
                            "correction": "办证",
                            "deadline_days": 7,
                        },
                        {
                            "code": "T-02",
                            "question": "许可证有效？",
                            "condition": {"item": "T-01", "answer": "compliant"},
                        },
                    ],
                },
                {
                    "id": "second",
                    "title": {"zh": "其他", "en": "Other"},
                    "items": [
                        {"code": "T-03", "question": "类型", "answer": "choice", "choices": ["零售", "批发"]},
                        {
                            "code": "T-04",
                            "question": "批发记录？",
                            "condition": {"item": "T-03", "answer": ["批发"]},
                        },
                        {"code": "T-05", "question": "备注", "answer": "text", "required": False},
                    ],
                },
            ],
        }
    )
