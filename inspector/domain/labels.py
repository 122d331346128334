"""The one rule every label function of the vocabulary follows, kept in one place.

A concept's label function is declared as its table, ``labeller(lambda: {value: tr(word), ...})``:
the table is built when the function is called, so the words are translated into the current
language (``tr`` takes literals, which ``tests/test_i18n_core.py`` finds and checks). A concept a
document names in its own language (the site's kind and designations) takes a ``lang`` and calls
:func:`label_for` itself. Every label function behaves alike: no value shows as empty, and a value
the table does not know (a row written by a newer version, a choice a condition names) shows as
itself rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def label_for(value: str | None, labels: Mapping[str, str]) -> str:
    """``labels``' word for ``value``; the value itself when the table lacks it, "" for None."""
    if value is None:
        return ""
    return labels.get(str(value), str(value))


def labeller(table: Callable[[], Mapping[str, str]]) -> Callable[[str | None], str]:
    """The label function of a concept whose words ``table`` gives, in the current language."""

    def label(value: str | None) -> str:
        return label_for(value, table())

    return label
