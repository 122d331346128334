"""The type tags of a document schema (see :mod:`inspector.documents.schema`), apart so that the
schemas of several modules can use them without importing one another."""

from __future__ import annotations

from typing import Any

TEXT = "text"
NUMBER = "number"
FLAG = "flag"
IMAGE = "image"

Schema = Any  # str tag | dict[str, Schema] | list[Schema] (one element)
