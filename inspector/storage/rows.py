"""Frozen views made from ORM rows: every field the view shares with the row, by name.

A service hands the UI and the CLI a frozen view rather than a live row (a row outlives its session
badly). Most views repeat many of their row's columns under the same names; written out by hand, each
``to_view`` was twenty lines of ``name=row.name`` that had to change with every column. ``view_of``
copies the shared fields and takes the rest (derived or joined values) as keywords, so adding a column
to both the row and the view is enough.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

V = TypeVar("V")

_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _field_names(view_type: type[Any]) -> tuple[str, ...]:
    names = _FIELDS.get(view_type)
    if names is None:
        names = _FIELDS[view_type] = tuple(f.name for f in dataclasses.fields(view_type))
    return names


def view_of(view_type: type[V], row: object, **given: Any) -> V:
    """``view_type`` with each field taken from ``given`` when there, else from the row's attribute."""
    values = {name: given[name] if name in given else getattr(row, name) for name in _field_names(view_type)}
    return view_type(**values)
