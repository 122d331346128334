"""Reading untrusted nested tables (parsed TOML or snapshot JSON) while collecting every problem.

The validator never stops at the first mistake: an office editing a checklist wants the whole list
at once, each line naming the file and the key (``clinic.toml: sections[1].items[3].legal: ...``).
Readers return a harmless default after recording a problem, so the walk can go on; the caller
raises :class:`FormError` at the end if anything was recorded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from enum import StrEnum
from types import NoneType, UnionType
from typing import TypeVar, cast

from inspector.errors import UserError
from inspector.i18n import tr

V = TypeVar("V")
E = TypeVar("E", bound=StrEnum)


class FormError(UserError):
    """A checklist or legal catalogue file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        header = tr(
            "{source} cannot be used ({count} problem(s)); correct the file and try again:",
            source=source,
            count=len(self.problems),
        )
        super().__init__("\n".join([header, *self.problems]))


def type_name(value: object) -> str:
    """The kind of a parsed value, in the words a person editing the file would use."""
    names: dict[type | UnionType, str] = {  # true/false before numbers: a bool is an int to Python
        bool: tr("true/false"),
        int: tr("a whole number"),
        float: tr("a decimal number"),
        str: tr("text"),
        list: tr("a list"),
        dict: tr("a table"),
        dt.date | dt.time: tr("a date or time"),
        NoneType: tr("nothing (null)"),
    }
    return next((name for kind, name in names.items() if isinstance(value, kind)), type(value).__name__)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class Problems:
    """The problems found in one file, each prefixed with the file name and the key path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{self.source}: {path}: {message}" if path else f"{self.source}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise FormError(self.source, self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class Table:
    """One table of the file at ``path``; unknown keys are reported as soon as it is opened."""

    def __init__(
        self, problems: Problems, data: Mapping[str, object], path: str, allowed: Collection[str]
    ) -> None:
        self.problems = problems
        self.data = data
        self.path = path
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                if close:
                    problems.add(
                        join(path, str(key)),
                        tr(
                            'unknown key "{key}" (did you mean "{suggestion}"?)', key=key, suggestion=close[0]
                        ),
                    )
                else:
                    problems.add(join(path, str(key)), tr('unknown key "{key}"', key=key))

    def at(self, key: str) -> str:
        return join(self.path, key)

    def wrong_type(self, key: str, expected: str, value: object) -> None:
        self.wrong_type_at(self.at(key), expected, value)

    def wrong_type_at(self, where: str, expected: str, value: object) -> None:
        """The value at the path ``where`` (a key, or an entry of a list or a table) is not ``expected``."""
        self.problems.add(
            where, tr("expected {expected}, found {found}", expected=expected, found=type_name(value))
        )

    def missing(self, key: str) -> None:
        self.problems.add(self.at(key), tr("this required key is missing"))

    def has(self, key: str) -> bool:
        return key in self.data

    def _value(self, key: str, kind: type[V], expected: str, *, required: bool = False) -> V | None:
        """The value under ``key`` if it is a ``kind`` (``expected`` names one in the message); else
        None, with the wrong type recorded, or the missing key when it is ``required``."""
        if key not in self.data:
            if required:
                self.missing(key)
            return None
        value = self.data[key]
        # true/false is a number to Python, never to the person who wrote the file
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.wrong_type(key, expected, value)
            return None
        return value

    def text(self, key: str, *, required: bool = False, default: str = "", nonempty: bool = False) -> str:
        value = self._value(key, str, tr("text"), required=required)
        if value is None:
            return default
        if (required or nonempty) and not value.strip():
            self.problems.add(self.at(key), tr("must not be empty"))
        return value

    def member(
        self, key: str, enum: type[E], unknown: Callable[[str, str], str], *, default: str = ""
    ) -> E | None:
        """The member of ``enum`` that the text under ``key`` (``default`` when absent) names; None
        when it names none, recorded with the ``unknown`` message (given the text and the choices)."""
        raw = self.text(key, default=default)
        try:
            return enum(raw)
        except ValueError:
            self.problems.add(self.at(key), unknown(raw, ", ".join(m.value for m in enum)))
            return None

    def identifier(self, key: str, shape: re.Pattern[str], invalid: Callable[[str], str]) -> str:
        """The required text under ``key``, recorded with the ``invalid`` message unless it has the
        ``shape`` of an identifier (a form id, a section id, an item code)."""
        value = self.text(key, required=True)
        if value and not shape.match(value):
            self.problems.add(self.at(key), invalid(value))
        return value

    def flag(self, key: str, *, default: bool) -> bool:
        value = self._value(key, bool, tr("true/false"))
        return default if value is None else value

    def whole(
        self, key: str, *, low: int, high: int, default: int | None = None, required: bool = False
    ) -> int | None:
        value = self._value(key, int, tr("a whole number"), required=required)
        if value is None:
            return default
        if not low <= value <= high:
            self.problems.add(self.at(key), tr("must be between {low} and {high}", low=low, high=high))
            return default
        return value

    def texts(
        self, key: str, *, required: bool = False, allow_single: bool = False, nonempty: bool = False
    ) -> tuple[str, ...]:
        """A list of non-empty texts; with ``allow_single`` one text counts as a list of one."""
        return tuple(
            text
            for _, text in self.indexed_texts(
                key, required=required, allow_single=allow_single, nonempty=nonempty
            )
        )

    def indexed_texts(
        self, key: str, *, required: bool = False, allow_single: bool = False, nonempty: bool = False
    ) -> list[tuple[int, str]]:
        """Like :meth:`texts`, each usable entry with its index in the file (for messages)."""
        if key not in self.data:
            if required:
                self.missing(key)
            return []
        value = self.data[key]
        if allow_single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.wrong_type(key, tr("a list"), value)
            return []
        if nonempty and not value:
            self.problems.add(self.at(key), tr("must not be empty"))
        out: list[tuple[int, str]] = []
        for i, entry in enumerate(value):
            where = f"{self.at(key)}[{i}]"
            if not isinstance(entry, str):
                self.wrong_type_at(where, tr("text"), entry)
            elif not entry.strip():
                self.problems.add(where, tr("must not be empty"))
            else:
                out.append((i, entry))
        return out

    def table(self, key: str, allowed: Collection[str], *, required: bool = False) -> Table | None:
        value = self._value(key, dict, tr("a table"), required=required)
        if value is None:
            return None
        return Table(self.problems, cast(Mapping[str, object], value), self.at(key), allowed)

    def tables(
        self, key: str, allowed: Collection[str], *, required: bool = False
    ) -> Iterator[tuple[int, Table]]:
        """Each table of an array of tables (``[[key]]``), with its index."""
        value = self._value(key, list, tr("a list of tables"), required=required)
        if value is None:
            return
        if required and not value:
            self.problems.add(self.at(key), tr("must not be empty"))
        for i, entry in enumerate(value):
            where = f"{self.at(key)}[{i}]"
            if not isinstance(entry, dict):
                self.wrong_type_at(where, tr("a table"), entry)
                continue
            yield i, Table(self.problems, cast(Mapping[str, object], entry), where, allowed)

    def mapping(self, key: str, *, required: bool = False) -> Iterator[tuple[str, Mapping[str, object]]]:
        """The entries of a table of tables (``[key.name]``), each with its name."""
        value = self._value(key, dict, tr("a table"), required=required)
        if value is None:
            return
        for name, entry in value.items():
            if not isinstance(entry, dict):
                self.wrong_type_at(join(self.at(key), str(name)), tr("a table"), entry)
                continue
            yield str(name), cast(Mapping[str, object], entry)
