"""The legal catalogue: every article a checklist may cite, kept as data (``legal.toml``).

Why data and not code: statutes get revised and renumbered (医疗机构管理条例 2016 → 2022), some
article numbers are inferences still to be confirmed, and local rules differ by county. An office
corrects ``<data_dir>/forms/legal.toml`` (same format, merged over the built-in file) instead of
waiting for a release. Statute ``text`` is verbatim or empty, never paraphrased; explanations go in
``note``.

Only a verified entry may be cited in a document. The built-in file marks verified exactly the
articles whose text was checked against the statute texts in force (a test compares them with the
files of ``shared/domain/laws``); an office verifies the others in its own file, recording who
confirmed them, when and against which source (``confirmed``), so the rules for a file are stricter
than for the frozen copy of an old inspection, which is read as it was stored.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

from inspector.errors import NotFoundError
from inspector.forms.model import EXCERPT_MARKS, Article, Confirmation, Law, LawKind, Renumbering
from inspector.forms.reader import FormError, Problems, Table
from inspector.i18n import os_reason, tr

BUILTIN_NAME = "legal.toml"
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
_REF = re.compile(r"^\S{1,64}$")

_LAW_KEYS = ("title", "kind", "version_date", "note", "source", "superseded")
_ARTICLE_KEYS = (
    "ref",
    "law",
    "article",
    "paragraph",
    "point",
    "title",
    "text",
    "verified",
    "confirmed",
    "note",
    "renumbered",
)
_CONFIRMED_KEYS = ("by", "on", "source")


@dataclass(frozen=True)
class LegalCatalogue:
    """Articles by reference (e.g. ``"人口与计划生育法-39"``)."""

    laws: Mapping[str, Law]
    articles: Mapping[str, Article]

    def get(self, ref: str) -> Article:
        try:
            return self.articles[ref]
        except KeyError:
            raise NotFoundError(
                tr('The legal reference "{ref}" is not in the legal catalogue.', ref=ref)
            ) from None

    def __contains__(self, ref: object) -> bool:
        return ref in self.articles

    def __iter__(self) -> Iterator[Article]:
        return iter(sorted(self.articles.values(), key=lambda a: a.ref))

    def __len__(self) -> int:
        return len(self.articles)

    def subset(self, refs: Iterable[str]) -> LegalCatalogue:
        """Only the articles ``refs`` and their laws: what a form's snapshot freezes."""
        articles = {ref: self.articles[ref] for ref in refs}
        laws = {a.law_key: self.laws[a.law_key] for a in articles.values() if a.law_key in self.laws}
        return LegalCatalogue(laws=laws, articles=articles)

    def merged(self, other: LegalCatalogue) -> LegalCatalogue:
        """This catalogue with ``other``'s laws and articles added or replacing same-named ones."""
        laws = {**self.laws, **other.laws}
        articles: dict[str, Article] = {}
        for ref, article in self.articles.items():
            law = laws.get(article.law_key)
            articles[ref] = _with_law(article, law) if law is not None else article
        articles.update(other.articles)
        return LegalCatalogue(laws=laws, articles=articles)


def _with_law(article: Article, law: Law) -> Article:
    return replace(
        article,
        law=law.title,
        law_kind=law.kind,
        version_date=law.version_date,
        law_note=law.note,
        law_source=law.source,
        law_superseded=law.superseded,
    )


def _date_text(table: Table, key: str) -> str:
    """A version date: ``""`` (unknown), ``"2016"`` or ``"2016-02-06"`` (a TOML date is accepted too)."""
    if not table.has(key):
        return ""
    value = table.data[key]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        table.wrong_type(key, tr("a date"), value)
        return ""
    if value and not _DATE.match(value):
        table.problems.add(
            table.at(key),
            tr('"{value}" is not a date; write "2016-02-06", "2016" or leave it empty', value=value),
        )
        return ""
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            table.problems.add(table.at(key), tr('"{value}" is not a real calendar date', value=value))
            return ""
    return value


def _law_kind(table: Table) -> LawKind:
    kind = table.member(
        "kind",
        LawKind,
        lambda value, choices: tr(
            'unknown kind "{value}"; use one of: {choices}', value=value, choices=choices
        ),
        default=LawKind.STATUTE.value,
    )
    return LawKind.STATUTE if kind is None else kind


def _confirmation(table: Table) -> Confirmation | None:
    """``confirmed = { by = "…", on = "2026-03-01", source = "…" }``: all three are required."""
    entry = table.table("confirmed", _CONFIRMED_KEYS)
    if entry is None:
        return None
    by = entry.text("by", required=True)
    on = _date_text(entry, "on")
    if not entry.has("on"):
        entry.missing("on")
    elif on and len(on) != 10:
        entry.problems.add(entry.at("on"), tr('"{value}" is not a full date; write "2026-03-01"', value=on))
    source = entry.text("source", required=True)
    return Confirmation(by=by, on=on, source=source)


def _check_verified(table: Table, article: Article, *, office: bool) -> None:
    """The rules a catalogue file must keep for an entry it marks verified (not applied to the
    frozen copy of an old inspection, which is read as it was stored)."""
    if not article.verified:
        if article.confirmation is not None:
            table.problems.add(table.at("confirmed"), tr("a confirmed entry must also say verified = true"))
        return
    if article.is_law:
        if article.article is None:
            table.problems.add(table.at("verified"), tr("a verified article needs its number (article = …)"))
        if not article.has_text:
            table.problems.add(
                table.at("verified"),
                tr("a verified article needs its whole text (text = …) as in the official publication"),
            )
        elif not article.is_whole_text:
            table.problems.add(
                table.at("text"),
                tr(
                    "a verified text is quoted whole, without {marks}: quote the whole article or "
                    "the whole paragraph (款) cited",
                    marks=" / ".join(EXCERPT_MARKS),
                ),
            )
    if article.confirmation is None and (office or article.law_superseded):
        reason = (
            tr("an office's verified entry records who confirmed it, when and against which source")
            if office
            else tr(
                "the text in force ({superseded}) is not in the catalogue: only an office's "
                "confirmation can verify this article",
                superseded=article.law_superseded,
            )
        )
        table.problems.add(
            table.at("verified"),
            reason + tr("; add confirmed with by, on and source, or run inspector forms confirm-article"),
        )


def _parse_laws(root: Table) -> dict[str, Law]:
    laws: dict[str, Law] = {}
    for key, entry in root.mapping("laws"):
        table = Table(root.problems, entry, f"{root.at('laws')}.{key}", _LAW_KEYS)
        laws[key] = Law(
            key=key,
            title=table.text("title", required=True),
            kind=_law_kind(table),
            version_date=_date_text(table, "version_date"),
            note=table.text("note"),
            source=table.text("source"),
            superseded=table.text("superseded"),
        )
    return laws


def _renumbered(table: Table) -> tuple[Renumbering, ...]:
    renumbered: list[Renumbering] = []
    for _, later in table.tables("renumbered", ("version_date", "article")):
        date = _date_text(later, "version_date")
        if not later.has("version_date"):
            later.missing("version_date")
        moved = later.whole("article", low=1, high=999, required=True)
        if date and moved is not None:
            renumbered.append(Renumbering(version_date=date, article=moved))
    return tuple(renumbered)


def _parse_article(table: Table, known_laws: Mapping[str, Law], *, strict: bool, office: bool) -> Article:
    ref = table.text("ref", required=True)
    law_key = table.text("law", required=True)
    law = known_laws.get(law_key)
    if law_key and law is None:
        table.problems.add(
            table.at("law"), tr('unknown law "{key}"; define it under [laws."{key}"]', key=law_key)
        )
    law = law or Law(key=law_key, title=law_key)
    number = table.whole("article", low=1, high=999)
    paragraph = table.whole("paragraph", low=1, high=99)
    point = table.whole("point", low=1, high=99)
    if point is not None and paragraph is None:
        table.problems.add(
            table.at("point"), tr("a point (项) is cited within its paragraph: add paragraph = …")
        )
    if not table.has("verified"):
        table.missing("verified")
    article = _with_law(
        Article(
            ref=ref,
            law_key=law_key,
            law=law.title,
            law_kind=law.kind,
            version_date="",
            article=number,
            paragraph=paragraph,
            point=point,
            title=table.text("title"),
            text=table.text("text"),
            verified=table.flag("verified", default=False),
            confirmation=_confirmation(table),
            note=table.text("note"),
            renumbered=_renumbered(table),
        ),
        law,
    )
    if strict:
        _check_verified(table, article, office=office)
    return article


def parse_catalogue(
    data: Mapping[str, object],
    problems: Problems,
    *,
    base: LegalCatalogue | None = None,
    path: str = "",
    snapshot: bool = False,
) -> LegalCatalogue:
    """Read ``laws`` and ``articles`` tables from ``data`` (a legal.toml file or a form snapshot).

    ``base`` supplies laws that articles may refer to without redefining them (an office's file adds
    a local rule to a built-in law); a file read with a ``base`` is an office's, whose verified
    entries must say who confirmed them. ``snapshot`` reads a frozen copy as it was stored. Problems
    are recorded, not raised.
    """
    root = Table(problems, data, path, ("format", "laws", "articles"))
    root.whole("format", low=1, high=1, default=1)
    laws = _parse_laws(root)
    known_laws = {**(base.laws if base else {}), **laws}
    articles: dict[str, Article] = {}
    first_seen: dict[str, str] = {}
    for _, table in root.tables("articles", _ARTICLE_KEYS):
        article = _parse_article(table, known_laws, strict=not snapshot, office=base is not None)
        ref = article.ref
        if ref and not _REF.match(ref):
            problems.add(
                table.at("ref"),
                tr('"{value}" is not a usable reference: no spaces, at most 64 characters', value=ref),
            )
        elif ref in first_seen:
            problems.add(
                table.at("ref"),
                tr('duplicate reference "{ref}" (first defined at {where})', ref=ref, where=first_seen[ref]),
            )
        elif ref:
            first_seen[ref] = table.path
            articles[ref] = article
    return LegalCatalogue(laws=laws, articles=articles)


def law_to_dict(law: Law) -> dict[str, object]:
    entry: dict[str, object] = {
        "title": law.title,
        "kind": law.kind.value,
        "version_date": law.version_date,
        "note": law.note,
    }
    if law.source:
        entry["source"] = law.source
    if law.superseded:
        entry["superseded"] = law.superseded
    return entry


def article_to_dict(article: Article) -> dict[str, object]:
    """One entry in the shape :func:`parse_catalogue` reads; keys a format-1 copy never had are
    written only when set, so an old copy is written back unchanged."""
    entry: dict[str, object] = {
        "ref": article.ref,
        "law": article.law_key,
        "title": article.title,
        "text": article.text,
        "verified": article.verified,
        "note": article.note,
    }
    for key, value in (
        ("article", article.article),
        ("paragraph", article.paragraph),
        ("point", article.point),
    ):
        if value is not None:
            entry[key] = value
    if article.confirmation is not None:
        c = article.confirmation
        entry["confirmed"] = {"by": c.by, "on": c.on, "source": c.source}
    if article.renumbered:
        entry["renumbered"] = [
            {"version_date": r.version_date, "article": r.article} for r in article.renumbered
        ]
    return entry


def catalogue_to_dict(catalogue: LegalCatalogue) -> dict[str, object]:
    """The catalogue in the same shape :func:`parse_catalogue` reads, keys sorted for hashing."""
    laws = {key: law_to_dict(catalogue.laws[key]) for key in sorted(catalogue.laws)}
    articles = [article_to_dict(a) for a in sorted(catalogue.articles.values(), key=lambda a: a.ref)]
    return {"laws": laws, "articles": articles}


def read_toml(data: bytes, source: str) -> dict[str, object]:
    """Parse TOML bytes, turning every way a file can be unreadable into a :class:`FormError`."""
    problems = Problems(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.add(
            "", tr("the file is not UTF-8 text (byte {position}); save it as UTF-8", position=err.start)
        )
        raise FormError(source, problems.items) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        problems.add("", tr("not valid TOML: {reason}", reason=str(err)))
    except RecursionError:
        problems.add("", tr("not valid TOML: nested too deeply"))
    raise FormError(source, problems.items)


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise FormError(
            path.name,
            [f"{path.name}: " + tr("cannot read the file: {reason}", reason=os_reason(err))],
        ) from None


def load_catalogue_bytes(data: bytes, source: str, *, base: LegalCatalogue | None = None) -> LegalCatalogue:
    problems = Problems(source)
    catalogue = parse_catalogue(read_toml(data, source), problems, base=base)
    problems.raise_if_any()
    return catalogue


@cache
def _builtin_catalogue() -> LegalCatalogue:
    data = (resources.files("inspector.forms") / BUILTIN_NAME).read_bytes()
    return load_catalogue_bytes(data, BUILTIN_NAME)


def load_legal_catalogue(user_file: Path | None = None) -> LegalCatalogue:
    """The built-in catalogue, with an office's ``legal.toml`` merged over it when given and present.

    An invalid office file raises :class:`FormError`; :func:`~inspector.forms.registry.load_registry`
    catches it, reports it and carries on with the built-in catalogue.
    """
    builtin = _builtin_catalogue()
    if user_file is None or not user_file.exists():
        return builtin
    extra = load_catalogue_bytes(read_file(user_file), user_file.name, base=builtin)
    return builtin.merged(extra)
