"""The one rule every label function of the vocabulary follows, kept in one place.

Each concept's label function builds its table when called (the words are translated into the
current language, or the ``lang`` a document asks for) and hands it here: no value shows as empty,
and a value the table does not know (a row written by a newer version, a choice a condition names)
shows as itself rather than failing.
"""

from __future__ import annotations

from collections.abc import Mapping


def label_for(value: str | None, labels: Mapping[str, str]) -> str:
    """``labels``' word for ``value``; the value itself when the table lacks it, "" for None."""
    if value is None:
        return ""
    return labels.get(str(value), str(value))
