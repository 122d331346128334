"""An office confirms a legal catalogue entry in its own ``<data_dir>/forms/legal.toml``.

Confirming means a person in the office checked the article's number and whole text against the
official publication in force and says so: the entry is written to the office's file with
``verified = true`` and ``confirmed = { by, on, source }``, where it overrides the built-in one.
The built-in catalogue is never edited, so a new release cannot silently undo a confirmation, and
the office's file stays the record of who confirmed what.

The file is written atomically (``inspector.durable``) and only after the new content was read back
through the same validator as at start-up: a confirmation that would make the file unusable
changes nothing. A first confirmation of an entry is appended to the file as it is (the office's
comments stay); confirming an entry again rewrites the file, keeping its opening comment lines.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from inspector.domain import Role
from inspector.durable import write_atomic
from inspector.errors import UserError
from inspector.forms.legal import (
    article_to_dict,
    load_catalogue_bytes,
    load_legal_catalogue,
    read_file,
)
from inspector.forms.model import Article, Confirmation
from inspector.forms.reader import FormError
from inspector.i18n import tr

CONFIRMING_ROLES = (Role.OFFICE, Role.SUPERVISOR)
MAX_TEXT = 20_000


class Confirmer(Protocol):
    """Who confirms: :class:`inspector.services.actor.Actor` has this shape."""

    @property
    def user_id(self) -> uuid.UUID | None: ...

    @property
    def name(self) -> str: ...

    def require(self, *roles: Role) -> None: ...


def normalize_text(raw: str) -> str:
    """A statute text as pasted from the official publication: one line per paragraph (款) or point
    (项), no trailing spaces, no blank lines."""
    lines = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _confirmed(
    current: Article,
    actor: Confirmer,
    *,
    source: str,
    text: str | None,
    number: int | None,
    title: str | None,
) -> Article:
    new = replace(
        current,
        text=current.text if text is None else normalize_text(text),
        article=current.article if number is None else number,
        title=current.title if title is None else title.strip(),
        verified=True,
        confirmation=Confirmation(by=actor.name, on=dt.date.today().isoformat(), source=source.strip()),
    )
    if new.is_law and new.article is None:
        raise UserError(
            tr("{ref}: the article number is not known; give it with --article N.", ref=current.ref)
        )
    if new.is_law and not new.has_text:
        raise UserError(
            tr(
                "{ref}: the catalogue has no text for this article; give the official text with --text FILE.",
                ref=current.ref,
            )
        )
    if len(new.text) > MAX_TEXT:
        raise UserError(tr("{ref}: the text is too long for one article.", ref=current.ref))
    return new


def _toml_string(text: str) -> str:
    plain = all(ch in "\n\t" or (ch >= " " and ch != "\x7f") for ch in text)
    if "\n" in text and "'''" not in text and not text.endswith("'") and plain:
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()
            )
            + " }"
        )
    raise TypeError(type(value).__name__)


def _article_block(entry: Mapping[str, object]) -> str:
    lines = ["[[articles]]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


def _entry(article: Article) -> dict[str, object]:
    """The office file's entry: the keys of :func:`article_to_dict`, empty texts left out."""
    full = article_to_dict(article)
    order = ("ref", "law", "article", "paragraph", "point", "title", "text", "verified", "confirmed", "note")
    return {key: full[key] for key in order if key in full and full[key] != ""}


def _rewritten(old_text: str, data: Mapping[str, object], entry: dict[str, object]) -> str:
    """The whole file again, the entry replaced, the opening comment lines kept."""
    header = []
    for line in old_text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    parts = ["\n".join(header) + "\n\n" if header else "", f"format = {_toml_value(data.get('format', 1))}\n"]
    laws = data.get("laws", {})
    if isinstance(laws, Mapping):
        for key, law in laws.items():
            if isinstance(law, Mapping):
                body = "".join(f"{k} = {_toml_value(v)}\n" for k, v in law.items())
                parts.append(f"\n[laws.{json.dumps(str(key), ensure_ascii=False)}]\n{body}")
    articles = data.get("articles", [])
    for raw in articles if isinstance(articles, list) else []:
        if isinstance(raw, Mapping):
            parts.append("\n" + _article_block(entry if raw.get("ref") == entry["ref"] else raw))
    return "".join(parts)


def _new_content(user_file: Path, entry: dict[str, object]) -> str:
    if not user_file.exists():
        return "format = 1\n\n" + _article_block(entry)
    old_text = read_file(user_file).decode("utf-8-sig")
    data = tomllib.loads(old_text)  # the file was just loaded through the validator
    articles = data.get("articles", [])
    present = isinstance(articles, list) and any(
        isinstance(a, Mapping) and a.get("ref") == entry["ref"] for a in articles
    )
    if present:
        return _rewritten(old_text, data, entry)
    separator = "" if old_text.endswith("\n") or not old_text else "\n"
    return old_text + separator + "\n" + _article_block(entry)


def confirm_article(
    user_file: Path,
    actor: Confirmer,
    ref: str,
    *,
    source: str,
    text: str | None = None,
    article: int | None = None,
    title: str | None = None,
) -> Article:
    """Record in the office's ``legal.toml`` that ``actor`` checked entry ``ref`` against ``source``.

    ``text`` (the official wording), ``article`` (its number) and ``title`` (for a policy or local
    document: its name, 文号 and clause) replace what the catalogue holds when given. Returns the
    entry as the merged catalogue now has it. Raises :class:`UserError`
    (nothing written) when the person may not confirm, the entry is unknown, or number or text are
    missing; ``OSError`` when the file cannot be written.
    """
    actor.require(*CONFIRMING_ROLES)
    if actor.user_id is None:
        raise UserError(
            tr("A confirmation records who checked the text: run the command as yourself (--as USER).")
        )
    if not source.strip():
        raise UserError(tr("Say against which official text the entry was checked (--source)."))
    catalogue = load_legal_catalogue(user_file)
    new = _confirmed(catalogue.get(ref), actor, source=source, text=text, number=article, title=title)
    content = _new_content(user_file, _entry(new))
    builtin = load_legal_catalogue()
    try:
        checked = load_catalogue_bytes(content.encode("utf-8"), user_file.name, base=builtin)
    except FormError as err:
        raise UserError(
            tr("The confirmation would make {file} unusable; nothing was written:", file=user_file.name)
            + "\n"
            + "\n".join(err.problems)
        ) from None
    write_atomic(user_file, content.encode("utf-8"))
    return builtin.merged(checked).get(ref)
