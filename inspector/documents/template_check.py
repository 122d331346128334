"""Checking an office's template before it is used, without ever running it.

:func:`check_template` reads a template the way docxtpl will (same parts, same tag clean-up), then
walks the Jinja syntax tree, never running it: first for anything that is more than showing a field
(:mod:`inspector.documents.sandbox`: calls, ``_`` attributes, Jinja's helpers, filters outside the
list…), which refuses the template before anything else; then it compares every placeholder with the
context schema (:mod:`inspector.documents.schema`), following ``for`` loops into list elements, so
``{{ f.nmae }}`` inside ``{%p for f in findings %}`` is reported as ``findings[].nmae``. Only a
template that passed both walks gets a trial render on sample data (in the sandbox, like every
render), which catches what the static walks cannot.

Which kind a template is for comes from its own fields (``facts`` belong to the 笔录, ``findings``
to the notice, …), not from its file name: a file using fields of two kinds, or of none, is
reported. A block left open (a deleted ``{%p endfor %}``) is reported at the tag that opened it, not
at the end of the document where Jinja notices.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError

from inspector.documents import schema as sch
from inspector.documents.kinds import title_for
from inspector.documents.render import TemplateProblemError, jinja_environment, render_docx
from inspector.documents.sandbox import TemplatePart, refusal_message, refusals, template_parts
from inspector.documents.sandbox import paragraph_text as text_of
from inspector.documents.templates import kind_from_filename, read_template_file
from inspector.domain import DocumentKind
from inspector.i18n import tr

# Names a template may use that are not fields (the sandbox offers no others).
JINJA_GLOBALS = frozenset({"loop", "true", "false", "none", "True", "False", "None"})
_BLOCK = re.compile(r"{%-?\s*(for|if|endfor|endif|with|endwith)\b")
_OPENERS = {"for": "endfor", "if": "endif", "with": "endwith"}


@dataclass(frozen=True)
class TemplateIssue:
    severity: str  # "error" | "warning"
    message: str


@dataclass
class CheckReport:
    name: str
    kind: DocumentKind | None
    issues: list[TemplateIssue] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    @property
    def errors(self) -> list[str]:
        return [i.message for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[str]:
        return [i.message for i in self.issues if i.severity == "warning"]


def read_parts(data: bytes) -> list[TemplatePart]:
    """The Jinja sources docxtpl fills in this template (see :func:`~inspector.documents.sandbox.
    template_parts`): body, headers and footers first, one paragraph per line."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    return template_parts(tpl)


ANY: Any = object()  # a value of unknown shape (a loop over a string, a ``set`` variable, a filter result)


class _PlaceholderWalker:
    """Resolves every variable use against the schema; unknown ones are collected with their line."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.unknown: dict[str, int] = {}
        self.used: dict[str, None] = {}
        self.where: dict[str, str] = {}

    def walk(self, node: nodes.Node, scope: dict[str, tuple[Any, str]]) -> None:
        if isinstance(node, nodes.For):
            it, path = self.resolve(node.iter, scope)
            inner = dict(scope)
            if isinstance(it, list):
                self._bind(node.target, (it[0], f"{path}[]"), inner)
            else:
                self._bind(node.target, (ANY, ""), inner)
            inner["loop"] = (ANY, "")
            if node.test is not None:
                self.resolve(node.test, inner)
            for child in node.body:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            return
        if isinstance(node, nodes.Assign):
            self.resolve(node.node, scope)
            self._bind(node.target, (ANY, ""), scope)
            return
        if isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.walk(child, scope)
            self._bind(node.target, (ANY, ""), scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.resolve(value, scope)
                self._bind(target, (ANY, ""), inner)
            for child in node.body:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in node.args:
                self._bind(arg, (ANY, ""), inner)
            for default in node.defaults:
                self.resolve(default, scope)
            if isinstance(node, nodes.CallBlock):
                self.resolve(node.call, scope)
            for child in node.body:
                self.walk(child, inner)
            if isinstance(node, nodes.Macro):
                scope[node.name] = (ANY, "")
            return
        if isinstance(node, nodes.Expr):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)

    def _bind(self, target: nodes.Node, value: tuple[Any, str], scope: dict[str, tuple[Any, str]]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, (ANY, ""), scope)

    def _unknown(self, path: str, lineno: int) -> tuple[Any, str]:
        self.unknown.setdefault(path, lineno)
        return ANY, ""

    def resolve(self, expr: nodes.Node, scope: dict[str, tuple[Any, str]]) -> tuple[Any, str]:
        if isinstance(expr, nodes.Name):
            if expr.name in scope:
                return scope[expr.name]
            if expr.name in self.schema:
                self.used.setdefault(expr.name, None)
                return self.schema[expr.name], expr.name
            if expr.name in JINJA_GLOBALS:
                return ANY, ""
            return self._unknown(expr.name, expr.lineno)
        if isinstance(expr, nodes.Getattr):
            base, path = self.resolve(expr.node, scope)
            return self._member(base, path, expr.attr, expr.lineno)
        if isinstance(expr, nodes.Getitem):
            base, path = self.resolve(expr.node, scope)
            arg = expr.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self._member(base, path, arg.value, expr.lineno)
            if isinstance(arg, nodes.Const) and isinstance(arg.value, int) and isinstance(base, list):
                return base[0], f"{path}[]"
            self.resolve(arg, scope)
            return ANY, ""
        for child in expr.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.resolve(child, scope)
            else:
                self.walk(child, scope)
        return ANY, ""

    def _member(self, base: Any, path: str, attr: str, lineno: int) -> tuple[Any, str]:
        full = f"{path}.{attr}" if path else attr
        if isinstance(base, dict):
            if attr in base:
                self.used.setdefault(full, None)
                return base[attr], full
            return self._unknown(full, lineno)
        if isinstance(base, list) and path:
            return self._unknown(full, lineno)  # lists have elements, not fields
        return ANY, ""


@cache
def _sample_image() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 180, 180)).save(buffer, "PNG")
    return buffer.getvalue()


def _parse_parts(data: bytes, name: str, report: CheckReport) -> list[tuple[TemplatePart, nodes.Template]]:
    """Every part parsed (never compiled); problems go to ``report`` and an empty list comes back."""
    try:
        parts = read_parts(data)
    except Exception as err:  # not a zip, not a Word document, broken XML
        report.issues.append(
            TemplateIssue(
                "error",
                tr(
                    "{name} is not a readable Word (.docx) file: {reason}",
                    name=name,
                    reason=str(err) or type(err).__name__,
                ),
            )
        )
        return []
    env = jinja_environment()
    trees: list[tuple[TemplatePart, nodes.Template]] = []
    for part in parts:
        try:
            trees.append((part, env.parse(part.source)))
        except TemplateSyntaxError as err:
            report.issues.append(_syntax_issue(part, err))
    for part, tree in trees:
        for refusal in refusals(tree):
            report.issues.append(
                TemplateIssue("error", refusal_message(refusal, text_of(part, refusal.lineno)))
            )
    return trees if report.ok else []


def distinctive_fields(kind: DocumentKind) -> frozenset[str]:
    """The top-level fields only ``kind`` has (the ones every kind shares tell nothing)."""
    others: set[str] = set()
    for other, schema in sch.SCHEMAS.items():
        if other is not kind:
            others |= set(schema)
    return frozenset(set(sch.SCHEMAS[kind]) - others - set(sch.COMMON))


def kinds_used(used: dict[str, None]) -> dict[DocumentKind, list[str]]:
    """For each kind, the fields of its own that the template uses."""
    top = {path.split(".")[0].removesuffix("[]") for path in used}
    found: dict[DocumentKind, list[str]] = {}
    for kind in sch.SCHEMAS:
        own = sorted(distinctive_fields(kind) & top)
        if own:
            found[kind] = own
    return found


def unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost block tag left open in ``source`` and its line (1-based), or ``None``."""
    stack: list[tuple[str, int]] = []
    for lineno, line in enumerate(source.splitlines(), start=1):
        for match in _BLOCK.finditer(line):
            tag = match.group(1)
            if tag in _OPENERS:
                stack.append((tag, lineno))
            elif stack and _OPENERS[stack[-1][0]] == tag:
                stack.pop()
    return stack[-1] if stack else None


def _syntax_issue(part: TemplatePart, err: TemplateSyntaxError) -> TemplateIssue:
    open_block = unclosed_block(part.source) if "end of template" in (err.message or "") else None
    if open_block is not None:
        tag, lineno = open_block
        return TemplateIssue(
            "error",
            tr(
                "A {tag} block is never closed: the {{% {tag} %}} in the paragraph “{text}” needs its "
                "{{% {end} %}} (in a paragraph of its own: {{%p {end} %}}, or {{%tr {end} %}} in a "
                "table row).",
                tag=tag,
                end=_OPENERS[tag],
                text=text_of(part, lineno),
            ),
        )
    return TemplateIssue(
        "error",
        tr(
            "Syntax error in a placeholder: {reason}. In the paragraph “{text}”. Every {{{{ "
            "needs its }}}}, every {{% its %}}, and every for / if its endfor / endif.",
            reason=(err.message or "").rstrip("."),
            text=text_of(part, err.lineno),
        ),
    )


def _walk(trees: list[tuple[TemplatePart, nodes.Template]], kind: DocumentKind | None) -> _PlaceholderWalker:
    walker = _PlaceholderWalker(sch.schema_for(kind))
    walker.where = {}
    for part, tree in trees:
        walker.unknown = {}
        walker.walk(tree, {})
        for path, lineno in walker.unknown.items():
            walker.where.setdefault(path, text_of(part, lineno))
    return walker


def _decide_kind(
    report: CheckReport, used: dict[str, None], given: DocumentKind | None, named: DocumentKind | None
) -> DocumentKind | None:
    """The kind to check against: the one asked for, else the one the fields say, else the name's."""
    found = kinds_used(used)
    label = {k: f"{title_for(k)} ({', '.join(v)})" for k, v in found.items()}
    if len(found) > 1:
        report.issues.append(
            TemplateIssue(
                "warning",
                tr(
                    "The template mixes the fields of several document kinds: {kinds}. A template is for "
                    "one kind.",
                    kinds="; ".join(label.values()),
                ),
            )
        )
    elif not found and given is None:
        report.issues.append(
            TemplateIssue(
                "warning",
                tr(
                    "The template uses no field that belongs to one document kind, so it matches none; "
                    "give the kind with --kind, or add the fields of its kind (inspector templates fields "
                    "--kind KIND)."
                ),
            )
        )
    if given is not None:
        if found and given not in found:
            report.issues.append(
                TemplateIssue(
                    "warning",
                    tr(
                        "Checked as {kind}, but its fields are those of {found}.",
                        kind=title_for(given),
                        found="; ".join(label.values()),
                    ),
                )
            )
        return given
    if len(found) == 1:
        return next(iter(found))
    return named if named in found or not found else None


def check_template(
    data: bytes, name: str, kind: DocumentKind | str | None, *, named: DocumentKind | None = None
) -> CheckReport:
    """Everything wrong with a template, as translated messages; ``report.ok`` when it is usable.
    ``kind`` is the kind asked for (``None``: the one its fields say). Nothing a template contains is
    run: a refused one is never filled, not even with sample data."""
    given = DocumentKind(kind) if kind is not None else None
    report = CheckReport(name=name, kind=given)
    trees = _parse_parts(data, name, report)
    if not trees:
        return report
    report.kind = _decide_kind(report, _walk(trees, None).used, given, named)
    walker = _walk(trees, report.kind)
    for path, text in walker.where.items():
        report.issues.append(
            TemplateIssue(
                "error",
                tr(
                    "Unknown placeholder {{{{ {path} }}}} in the paragraph “{text}”. Run “inspector "
                    "templates fields” for the names you can use.",
                    path=path,
                    text=text,
                ),
            )
        )
    report.placeholders = list(walker.used)
    if not report.ok:
        return report
    _warnings(report, walker.used, report.kind)
    try:
        render_docx(data, sch.sample_context(report.kind), lambda _photo: _sample_image(), template_name=name)
    except TemplateProblemError as err:
        report.issues.append(TemplateIssue("error", err.message))
    except SecurityError as err:  # never expected past the walk; still a refusal, not a crash
        report.issues.append(TemplateIssue("error", str(err)))
    except Exception as err:  # what a trial render finds is a template problem, whatever its type
        report.issues.append(
            TemplateIssue(
                "error",
                tr(
                    "The template fails when filled with sample data: {reason}",
                    reason=str(err) or type(err).__name__,
                ),
            )
        )
    return report


def _warnings(report: CheckReport, used: dict[str, None], kind: DocumentKind | None) -> None:
    if "number" not in used:
        report.issues.append(
            TemplateIssue("warning", tr("The template never shows the document number {{ number }}."))
        )
    if kind is DocumentKind.NOTICE and "findings" not in used:
        report.issues.append(
            TemplateIssue("warning", tr("The notice template never lists the findings {{ findings }}."))
        )
    if kind is DocumentKind.RECORD and "photos" not in used:
        report.issues.append(TemplateIssue("warning", tr("The template has no photo appendix {{ photos }}.")))


def check_file(path: Path, kind: DocumentKind | str | None = None) -> CheckReport:
    """Check the template file ``path``; the kind is the one asked for, else what its fields say
    (its file name decides only between kinds its fields fit equally)."""
    data = read_template_file(path)
    return check_template(data, path.name, kind, named=kind_from_filename(path))
