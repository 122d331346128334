"""Reading the full statute texts in ``resources/laws`` (a copy of the team's ``shared/domain/laws``,
kept in the repository so that any clone can run the check) and comparing the
built-in legal catalogue with them.

One file per statute and version, e.g. ``人口与计划生育法(2021-08-20).md``: the title is the first
``# `` heading (``中华人民共和国人口与计划生育法``, a note in parentheses after it is dropped),
articles start a line with ``第X条`` followed by a space, and an article runs until the next article
or heading. Within an article each non-empty line is a paragraph (款), except lines that open with
``（一）`` or ``(一)``: those are points (项) of the paragraph before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from inspector.forms import Article, LawKind, LegalCatalogue, chinese_number

LAWS_DIR = Path(__file__).resolve().parents[2] / "resources" / "laws"

_ARTICLE = re.compile(r"^第([零一二三四五六七八九十百]+)条[\s\u3000]+(.*)$")
_POINT = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")
_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")
_NUMBERS = {chinese_number(n): n for n in range(1, 1000)}


@dataclass
class Statute:
    """One statute file: its title, version date ("" when the file names none) and articles, each a
    list of paragraphs, each paragraph a list of lines (the lead line, then its points)."""

    path: Path
    title: str
    version_date: str
    articles: dict[int, list[list[str]]] = field(default_factory=dict)

    def text(self, article: int, paragraph: int | None = None) -> str:
        paragraphs = self.articles[article]
        if paragraph is None:
            return "\n".join(line for para in paragraphs for line in para)
        return "\n".join(paragraphs[paragraph - 1])


def read_statute(path: Path) -> Statute:
    lines = path.read_text(encoding="utf-8").splitlines()
    heading = next(line for line in lines if line.startswith("# "))
    title = re.split(r"[（(]", heading[2:].strip(), maxsplit=1)[0]
    date = _DATE.search(path.name)
    statute = Statute(path=path, title=title, version_date=date.group(1) if date else "")
    current: list[list[str]] | None = None
    for raw in lines:
        line = raw.strip()
        match = _ARTICLE.match(raw)
        if match:
            current = [[match.group(2).strip()]]
            statute.articles[_NUMBERS[match.group(1)]] = current
        elif raw.startswith("#") or raw.startswith("<!--"):
            current = None
        elif current is not None and line:
            if _POINT.match(line):
                current[-1].append(line)
            else:
                current.append([line])
    return statute


def read_statutes(folder: Path = LAWS_DIR) -> dict[str, Statute]:
    """Every statute file of the folder, by title."""
    statutes = [read_statute(p) for p in sorted(folder.glob("*.md")) if p.name != "README.md"]
    return {s.title: s for s in statutes}


def _point_in(statute: Statute, article: Article) -> bool:
    assert article.article is not None and article.paragraph is not None and article.point is not None
    paragraph = statute.articles[article.article][article.paragraph - 1]
    numeral = chinese_number(article.point)
    for line in paragraph[1:]:
        match = _POINT.match(line)
        if match and match.group(1) == numeral:
            return True
    return False


def _article_mismatch(statute: Statute, article: Article) -> str | None:
    """What is wrong with one article against its statute file, or ``None``."""
    if article.article is None:
        return "no article number" if article.verified else None
    if article.article not in statute.articles:
        return f"{statute.path.name} has no article {article.article}"
    paragraphs = statute.articles[article.article]
    if article.paragraph is not None and not 1 <= article.paragraph <= len(paragraphs):
        return f"article {article.article} has {len(paragraphs)} paragraph(s), not {article.paragraph}"
    if article.point is not None and not _point_in(statute, article):
        return f"paragraph {article.paragraph} of article {article.article} has no point {article.point}"
    if article.verified and not article.has_text:
        return "verified without its text"
    if article.has_text and article.text != statute.text(article.article, article.paragraph):
        return f"text differs from {statute.path.name}"
    return None


def catalogue_mismatches(catalogue: LegalCatalogue, statutes: dict[str, Statute]) -> list[str]:
    """Every way the catalogue disagrees with the statute files; empty when it agrees.

    - a statute that has a file: its version date is the file's, every article's number exists,
      every text is the whole article (or the whole paragraph cited) exactly as in the file, and
      every article is verified unless the law names a revision in force that is not there;
    - a statute without a file: no article is verified (nothing was checked);
    - no verified text anywhere is shortened.
    """
    problems: list[str] = []
    for article in catalogue:
        if article.law_kind is not LawKind.STATUTE:
            if article.verified:
                problems.append(f"{article.ref}: a policy or local document is verified in the built-in file")
            continue
        if article.verified and not article.is_whole_text:
            problems.append(f"{article.ref}: verified but its text is missing or shortened")
        statute = statutes.get(article.law)
        if statute is None:
            if article.verified:
                problems.append(f"{article.ref}: verified, but no statute file is titled {article.law}")
            continue
        if statute.version_date and article.version_date != statute.version_date:
            problems.append(
                f"{article.ref}: catalogue version {article.version_date!r}, file {statute.path.name}"
            )
        mismatch = _article_mismatch(statute, article)
        if mismatch:
            problems.append(f"{article.ref}: {mismatch}")
        if article.law_superseded and article.verified:
            problems.append(f"{article.ref}: verified although the text in force is not in laws/")
        if not article.law_superseded and not article.verified:
            problems.append(f"{article.ref}: its statute is in laws/ but the article is not verified")
    return problems
