"""Whatever an office puts in a checklist file, the loader either returns a form or raises its own
FormError with messages; never any other exception. Property tests with a fixed, modest budget."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.forms import Form, FormError, form_from_snapshot, load_form_bytes
from tests.forms.forms_helpers import BUILTIN_FILES, builtin_data, dumps, minimal_form

FUZZ = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

REAL_KEYS = [
    "id",
    "version",
    "title",
    "zh",
    "en",
    "site_kinds",
    "designations",
    "sections",
    "items",
    "code",
    "question",
    "answer",
    "choices",
    "severity",
    "legal",
    "condition",
    "item",
    "required",
    "photo_required",
    "deadline_days",
    "correction",
    "format",
    "description",
    "fact",
    "compliant_fact",
    "violates",
    "basis",
    "crime",
    "grounds",
    "action",
]

scalars = st.one_of(
    st.none(),  # dropped by the writer's callers below; stands for "delete"
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "check",
            "choice",
            "serious",
            "一般",
            "non_compliant",
            "clinic",
            "US-01",
            "1",
            "2",
            "人口与计划生育法-39",
            "专项要求-三禁止",
            "stop_now",
            "transfer_drug",
            "{value}",
        ]
    ),
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC)),
)
keys = st.one_of(st.sampled_from(REAL_KEYS), st.text(min_size=1, max_size=8))


def _no_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_none(v) for v in value if v is not None]
    return value


values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
# What the TOML writer can write: no None anywhere.
toml_values = values.filter(lambda v: v is not None).map(_no_none)


def check_outcome(raw: bytes) -> None:
    try:
        form = load_form_bytes(raw, "fuzz.toml")
    except FormError as err:
        assert err.problems and all(
            p.startswith("fuzz.toml: ") and len(p) > len("fuzz.toml: ") for p in err.problems
        )
        assert str(err)
        return
    assert isinstance(form, Form)
    again = form_from_snapshot(form.canonical_json())
    assert again == form and again.sha256 == form.sha256


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(raw: bytes) -> None:
    check_outcome(raw)


@FUZZ
@given(st.dictionaries(keys, toml_values, max_size=8))
def test_random_valid_toml(data: dict[str, Any]) -> None:
    check_outcome(dumps(data).encode("utf-8"))


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every dict and list inside ``node``."""
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict | list):
        found.append(path)
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in children:
            found.extend(_containers(child, (*path, key)))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The item tables still recognisable after earlier mutations."""
    sections = data.get("sections")
    found: list[dict[str, Any]] = []
    for section in sections if isinstance(sections, list) else []:
        items = section.get("items") if isinstance(section, dict) else None
        found.extend(i for i in (items if isinstance(items, list) else []) if isinstance(i, dict))
    return found


@st.composite
def mutated_forms(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from([*BUILTIN_FILES, "minimal"]))
    data = minimal_form() if name == "minimal" else builtin_data(name)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["delete", "retype", "add", "duplicate", "cycle", "condition"]))
        items = _items(data)
        if kind in ("duplicate", "cycle", "condition") and len(items) >= 2:
            a, b = draw(st.sampled_from(items)), draw(st.sampled_from(items))
            if kind == "duplicate":
                for section in data["sections"]:
                    if isinstance(section, dict) and isinstance(section.get("items"), list):
                        section["items"].append(copy.deepcopy(a))
                        break
            elif kind == "cycle":
                a["condition"] = {"item": b.get("code", "?"), "answer": "compliant"}
                b["condition"] = {"item": a.get("code", "?"), "answer": "non_compliant"}
            else:
                a["condition"] = {
                    "item": draw(st.sampled_from([b.get("code", "?"), "ZZ-99"])),
                    "answer": draw(st.sampled_from(["compliant", "药品批发", "x", ["non_compliant"]])),
                }
            continue
        path = draw(st.sampled_from(_containers(data)))
        node = _at(data, path)
        if isinstance(node, dict):
            if kind == "delete" and node:
                del node[draw(st.sampled_from(sorted(node)))]
            elif kind == "retype" and node:
                node[draw(st.sampled_from(sorted(node)))] = draw(toml_values)
            else:
                node[draw(keys)] = draw(toml_values)
        elif isinstance(node, list):
            if kind == "delete" and node:
                node.pop(draw(st.integers(min_value=0, max_value=len(node) - 1)))
            elif kind == "retype" and node:
                node[draw(st.integers(min_value=0, max_value=len(node) - 1))] = draw(toml_values)
            else:
                node.append(draw(toml_values))
    return data


@FUZZ
@given(mutated_forms())
def test_mutated_builtin_forms(data: dict[str, Any]) -> None:
    check_outcome(dumps(data).encode("utf-8"))


@FUZZ
@given(mutated_forms())
def test_mutated_snapshots(data: dict[str, Any]) -> None:
    """A damaged snapshot is reported as a FormError too (load_snapshot turns it into a DatabaseError)."""
    content = json.dumps(data, ensure_ascii=False, default=str)
    try:
        form = form_from_snapshot(content)
    except FormError as err:
        assert err.problems
        return
    assert form_from_snapshot(form.canonical_json()) == form


def test_unmutated_files_load() -> None:
    """Guard for the generators above: the starting points themselves are valid."""
    for name in BUILTIN_FILES:
        load_form_bytes(dumps(builtin_data(name)).encode("utf-8"), name)
    load_form_bytes(dumps(minimal_form()).encode("utf-8"), "minimal.toml")
