"""The type tags of a document schema (see :mod:`inspector.documents.schema`), and the fields every
issued document states about itself, apart so that the schemas of several modules can use them
without importing one another."""

from __future__ import annotations

from typing import Any

TEXT = "text"
NUMBER = "number"
FLAG = "flag"
IMAGE = "image"

Schema = Any  # str tag | dict[str, Schema] | list[Schema] (one element)

# What every issued document, of an inspection or of a case, says about itself: its kind and title,
# its number, who issues it and when.
HEADER: dict[str, Schema] = {
    "kind": TEXT,
    "kind_label": TEXT,
    "title": TEXT,
    "number": TEXT,
    "unit_name": TEXT,
    "region": TEXT,
    "issue_date": TEXT,
    "issued_at": TEXT,
}
