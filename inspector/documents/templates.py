"""Which template a document uses, keeping the one it used, and checking an office's template.

Built-in templates live in the ``templates/`` package (built by ``scripts/build_templates.py``). An
office restyles a copy in Word and puts it in ``<data_dir>/templates/`` under the same name
(``notice.docx``); that copy then wins. Every template a document was issued with is archived under
``<documents_dir>/templates/<sha256>.docx``, so an issued document can be regenerated exactly even
after the office changed its template.

:func:`check_template` reads a template the way docxtpl will (same parts, same tag clean-up), then
walks the Jinja syntax tree, never running it: first for anything that is more than showing a field
(:mod:`inspector.documents.sandbox`: calls, ``_`` attributes, Jinja's helpers, filters outside the
list…), which refuses the template before anything else; then it compares every placeholder with the
context schema (:mod:`inspector.documents.schema`), following ``for`` loops into list elements, so
``{{ f.nmae }}`` inside ``{%p for f in findings %}`` is reported as ``findings[].nmae``. Only a
template that passed both walks gets a trial render on sample data (in the sandbox, like every
render), which catches what the static walks cannot.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError

from inspector.config import Config
from inspector.crypto import files
from inspector.documents import schema as sch
from inspector.documents.kinds import KINDS
from inspector.documents.render import TemplateProblemError, jinja_environment, render_docx
from inspector.documents.sandbox import TemplatePart, refusal_message, refusals, template_parts
from inspector.documents.sandbox import paragraph_text as text_of
from inspector.domain import DocumentKind
from inspector.i18n import tr

BUILTIN = "builtin"
OFFICE = "office"
ARCHIVED = "archived"
FILENAMES: dict[DocumentKind, str] = {kind: spec.template for kind, spec in KINDS.items()}
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
# Names a template may use that are not fields (the sandbox offers no others).
JINJA_GLOBALS = frozenset({"loop", "true", "false", "none", "True", "False", "None"})


@dataclass(frozen=True)
class TemplateFile:
    """A template's bytes and where they came from. ``name`` is what documents record."""

    kind: DocumentKind
    name: str
    origin: str
    path: Path | None
    data: bytes = field(repr=False)
    sha256: str


def _make(kind: DocumentKind, name: str, origin: str, path: Path | None, data: bytes) -> TemplateFile:
    return TemplateFile(
        kind=kind, name=name, origin=origin, path=path, data=data, sha256=hashlib.sha256(data).hexdigest()
    )


@cache
def _builtin_bytes(filename: str) -> bytes:
    return (resources.files("inspector.templates") / filename).read_bytes()


def builtin_template(kind: DocumentKind | str) -> TemplateFile:
    kind = DocumentKind(kind)
    filename = FILENAMES[kind]
    return _make(kind, f"{BUILTIN}:{filename}", BUILTIN, None, _builtin_bytes(filename))


def office_template_path(config: Config, kind: DocumentKind | str) -> Path:
    return config.templates_dir / FILENAMES[DocumentKind(kind)]


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateProblemError(
                tr("The template {path} is larger than 50 MB; remove large pictures from it.", path=str(path))
            )
        return path.read_bytes()
    except OSError as err:
        raise TemplateProblemError(
            tr("Cannot read the template {path}: {reason}", path=str(path), reason=err.strerror or str(err))
        ) from err


def resolve_template(config: Config, kind: DocumentKind | str) -> TemplateFile:
    """The office's template for ``kind`` when there is one, else the built-in one."""
    kind = DocumentKind(kind)
    path = office_template_path(config, kind)
    if path.is_file():
        return _make(kind, f"{OFFICE}:{path.name}", OFFICE, path, _read(path))
    return builtin_template(kind)


def archive_path(config: Config, sha256: str) -> Path:
    return config.documents_dir / "templates" / f"{sha256}.docx"


def _archived(config: Config, path: Path) -> bytes | None:
    """An archived template's bytes (sealed in an encrypted directory), None when unreadable."""
    try:
        return files.read(config.key, path)
    except (OSError, files.SealedFileError):
        return None


def archive_template(config: Config, template: TemplateFile) -> Path:
    """Keep a copy of ``template`` under its hash (once), so documents issued with it can be rebuilt."""
    path = archive_path(config, template.sha256)
    data = _archived(config, path) if path.is_file() else None
    if data is None or hashlib.sha256(data).hexdigest() != template.sha256:
        try:
            files.write(config.key, path, template.data, mode=0o644)
        except OSError as err:
            raise TemplateProblemError(
                tr("Cannot write {path}: {reason}.", path=str(path), reason=err.strerror or str(err))
            ) from err
    return path


def template_by_sha(config: Config, kind: DocumentKind | str, name: str, sha256: str) -> TemplateFile:
    """The exact template a document was issued with: the archived copy, or the built-in or office
    file if it still has the same content."""
    kind = DocumentKind(kind)
    path = archive_path(config, sha256)
    data = _archived(config, path) if path.is_file() else None
    if data is not None and hashlib.sha256(data).hexdigest() == sha256:
        return _make(kind, name, ARCHIVED, path, data)
    for candidate in (builtin_template(kind), resolve_template(config, kind)):
        if candidate.sha256 == sha256:
            return candidate
    raise TemplateProblemError(
        tr(
            "The template this document was issued with ({name}, {sha}) is no longer "
            "available: restore {path} from a backup.",
            name=name,
            sha=sha256[:12],
            path=str(path),
        )
    )


# --------------------------------------------------------------------------------------- check


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


def kind_from_filename(path: Path) -> DocumentKind | None:
    for kind, filename in FILENAMES.items():
        if path.name.lower() == filename or path.stem.lower() == kind.value:
            return kind
    return None


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
            report.issues.append(
                TemplateIssue(
                    "error",
                    tr(
                        "Syntax error in a placeholder: {reason}. In the paragraph “{text}”. Every {{{{ "
                        "needs its }}}}, every {{% its %}}, and every for / if its endfor / endif.",
                        reason=(err.message or "").rstrip("."),
                        text=text_of(part, err.lineno),
                    ),
                )
            )
    for part, tree in trees:
        for refusal in refusals(tree):
            report.issues.append(
                TemplateIssue("error", refusal_message(refusal, text_of(part, refusal.lineno)))
            )
    return trees if report.ok else []


def check_template(data: bytes, name: str, kind: DocumentKind | str | None) -> CheckReport:
    """Everything wrong with a template, as translated messages; ``report.ok`` when it is usable.
    Nothing a template contains is run: a refused one is never filled, not even with sample data."""
    kind = DocumentKind(kind) if kind is not None else None
    report = CheckReport(name=name, kind=kind)
    trees = _parse_parts(data, name, report)
    if not trees:
        return report
    walker = _PlaceholderWalker(sch.schema_for(kind))
    for part, tree in trees:
        walker.unknown = {}
        walker.walk(tree, {})
        for path, lineno in walker.unknown.items():
            report.issues.append(
                TemplateIssue(
                    "error",
                    tr(
                        "Unknown placeholder {{{{ {path} }}}} in the paragraph “{text}”. Run “inspector "
                        "templates fields” for the names you can use.",
                        path=path,
                        text=text_of(part, lineno),
                    ),
                )
            )
    report.placeholders = list(walker.used)
    if not report.ok:
        return report
    _warnings(report, walker.used, kind)
    try:
        render_docx(data, sch.sample_context(kind), lambda _photo: _sample_image(), template_name=name)
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
    if "photos" not in used:
        report.issues.append(TemplateIssue("warning", tr("The template has no photo appendix {{ photos }}.")))


def check_file(path: Path, kind: DocumentKind | str | None = None) -> CheckReport:
    """Check the template file ``path``; the kind defaults to the one its name says (notice.docx)."""
    data = _read(path)
    return check_template(data, path.name, kind if kind is not None else kind_from_filename(path))
