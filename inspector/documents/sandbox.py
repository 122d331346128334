"""Templates are data: what an office types into a Word template is shown, never run as code.

A template is a file from outside (edited in Word, copied from a USB stick, restored from a backup).
Plain Jinja would let ``{{ cycler.__init__.__globals__.os.system('…') }}`` run a command on the
office's computer the moment a notice is issued or a template is checked. Two independent walls keep
that from happening:

1. :func:`refusals` walks the parsed template (never compiles or runs it) and names every placeholder
   that does more than show a field: a call, an attribute starting with ``_``, one of Jinja's own
   helpers (``cycler``, ``joiner``, ``namespace``, ``lipsum``, ``range``, ``dict``…), a filter or test
   outside the short lists below, an arithmetic operator that can blow up (``*``, ``**``, ``/``,
   ``//``, ``%``), loading another template, switching escaping off, macros. ``templates check``
   reports them with the paragraph they are in; rendering refuses the template before filling it.
2. :class:`TemplateSandbox`, an immutable Jinja sandbox with no globals, only the listed filters, no
   calls at all, and member access that reads dictionary keys (the context is plain JSON) and the
   loop counters, nothing else. Whatever the walk might miss stops here with a ``SecurityError``.

The parts docxtpl fills are the same for both: the body, headers and footers, footnotes and the
document properties (:func:`template_parts`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.tests import TESTS

from inspector.i18n import tr

# What the templates need: show a field, a fallback, a count, a change of case, a shortened text.
# Nothing that can grow a text by a factor (join, replace, center, indent, format, wordwrap…), nothing
# that reaches into objects (attr, map, select…), nothing that turns escaping off (safe).
ALLOWED_FILTERS = (
    "default",
    "d",
    "length",
    "count",
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "first",
    "last",
    "e",
    "escape",
    "string",
    "int",
    "round",
    "abs",
    "truncate",
    "wordcount",
)
ALLOWED_TESTS = frozenset(TESTS) - {"callable", "sameas", "filter", "test", "divisibleby", "escaped"}
# Names a template may use that are not fields: the loop counter and the constants.
LOOP_FIELDS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
    | {"previtem", "nextitem"}
)
CONSTANTS = frozenset({"true", "false", "none", "True", "False", "None"})
# Jinja's own helpers and internals: never available to a template.
FORBIDDEN_NAMES = frozenset(
    {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "self", "super", "caller"}
    | {"varargs", "kwargs", "environment", "context"}
)
FORBIDDEN_OPERATORS = frozenset({"*", "**", "/", "//", "%"})


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The only Jinja environment that renders or parses a document template (see the docstring)."""

    intercepted_binops = FORBIDDEN_OPERATORS

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
        self.globals.clear()
        self.filters = {name: FILTERS[name] for name in ALLOWED_FILTERS}
        self.tests = {name: test for name, test in TESTS.items() if name in ALLOWED_TESTS}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self._member(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str):
            return self._member(obj, argument)
        if isinstance(obj, list | tuple | str) and isinstance(argument, int | slice):
            if isinstance(argument, bool):
                raise SecurityError(f"[{argument!r}]")
            try:
                return obj[argument]
            except (IndexError, ValueError, TypeError):
                return self.undefined(obj=obj, name=str(argument))
        raise SecurityError(f"[{argument!r}]")

    def _member(self, obj: Any, name: str) -> Any:
        if name.startswith("_"):
            raise SecurityError(name)
        if isinstance(obj, Mapping):
            return obj[name] if name in obj else self.undefined(obj=obj, name=name)
        if isinstance(obj, LoopContext) and name in LOOP_FIELDS:
            return getattr(obj, name)
        raise SecurityError(name)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        raise SecurityError("()")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(operator)


def sandbox_environment() -> TemplateSandbox:
    return TemplateSandbox()


# ------------------------------------------------------------------------------ the parts filled


@dataclass(frozen=True)
class TemplatePart:
    """Jinja source that docxtpl fills: ``where`` is empty for the body, headers and footers (one
    paragraph per line, so a line number points at a paragraph), else it names the part."""

    where: str
    source: str


def template_parts(tpl: Any) -> list[TemplatePart]:
    """The parts of an initialised ``DocxTemplate`` that its ``render`` fills, as it fills them."""
    import re

    from docx.oxml import parse_xml

    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel in tpl.docx.part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    parts = [TemplatePart("", re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))]
    footnotes = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    for part in tpl.docx.part.package.parts:
        if part.content_type == footnotes:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(blob))
            parts.append(TemplatePart(tr("footnotes"), source))
    props = tpl.docx.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(props, name) or ""
        if "{" in value:
            parts.append(TemplatePart(tr("document property “{name}”", name=name), value))
    return parts


def paragraph_text(part: TemplatePart, lineno: int | None) -> str:
    """The visible text (tags stripped) of the paragraph at ``lineno``, or the part's name."""
    import re

    lines = part.source.splitlines()
    text = ""
    if lineno and 1 <= lineno <= len(lines):
        text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()[:120]
    return f"{part.where}: {text}" if part.where else text


# ------------------------------------------------------------------------------ the static walk


def refusal_message(refusal: Refusal, text: str) -> str:
    """What is wrong with a refused placeholder, where it is, and what a template may do instead."""
    return tr(
        "the placeholder {{{{ {placeholder} }}}} in the paragraph “{text}” {reason}. A template may only "
        "show the fields that “inspector templates fields” lists.",
        placeholder=refusal.placeholder,
        text=text,
        reason=refusal.reason,
    )


@dataclass(frozen=True)
class Refusal:
    """One placeholder that does more than show a field: as written, its line, and why (translated)."""

    placeholder: str
    lineno: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return tr("; ").join(self.reasons)


def refusals(tree: nodes.Template) -> list[Refusal]:
    """Everything in a parsed template that the sandbox would refuse, without compiling it: one entry
    per placeholder, its reasons from the innermost part outwards (``cycler`` before the call)."""
    found: dict[tuple[str, int], list[str]] = {}
    for node, top in _walk(tree, None):
        reason = _reason(node)
        if reason is None:
            continue
        key = (describe(top if top is not None else node), (top or node).lineno or 0)
        reasons = found.setdefault(key, [])
        if reason not in reasons:
            reasons.append(reason)
    return [Refusal(text, lineno, tuple(reversed(reasons))) for (text, lineno), reasons in found.items()]


def _walk(node: nodes.Node, top: nodes.Node | None) -> Iterator[tuple[nodes.Node, nodes.Node | None]]:
    """Every node with the outermost expression (the placeholder) it belongs to; a statement's own
    expressions (a loop's list, a condition) are placeholders of their own."""
    if top is None and isinstance(node, nodes.Expr):
        top = node
    yield node, top
    inner = top if isinstance(node, nodes.Expr | nodes.Helper) else None
    for child in node.iter_child_nodes():
        yield from _walk(child, inner)


def _reason(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Call):
        return tr("calls a function, which a template may not do")
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return tr("reads the hidden attribute “{name}”", name=node.attr)
    hidden = node.arg.value if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) else None
    if isinstance(hidden, str) and hidden.startswith("_"):
        return tr("reads the hidden attribute “{name}”", name=hidden)
    if isinstance(node, nodes.Name) and (node.name in FORBIDDEN_NAMES or node.name.startswith("_")):
        return tr("uses “{name}”, which is part of Jinja, not a field", name=node.name)
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        return tr(
            "uses the filter “{name}”; the filters a template may use are: {allowed}",
            name=node.name,
            allowed=", ".join(ALLOWED_FILTERS),
        )
    if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
        return tr("uses the test “{name}”, which a template may not use", name=node.name)
    if isinstance(node, nodes.BinExpr) and node.operator in FORBIDDEN_OPERATORS:
        return tr("calculates with “{op}”, which a template may not do", op=node.operator)
    if isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
        return tr("loads another template, which a template may not do")
    if isinstance(node, nodes.EvalContextModifier):
        return tr("switches escaping off, which a template may not do")
    if isinstance(node, nodes.Macro | nodes.CallBlock | nodes.NSRef):
        return tr("defines or calls a macro, which a template may not do")
    return None


_OPERATORS = {"and": "and", "or": "or", "not": "not ", "neg": "-", "pos": "+"}


def describe(node: nodes.Node) -> str:
    """The expression as a person would have typed it (shortened), to name it in a message."""
    text = _spell(node, 0)
    return text if len(text) <= 120 else text[:119] + "…"


def _spell(node: nodes.Node, depth: int) -> str:
    if depth > 12:
        return "…"
    d = depth + 1
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)[:40]
    if isinstance(node, nodes.Getattr):
        return f"{_spell(node.node, d)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_spell(node.node, d)}[{_spell(node.arg, d)}]"
    if isinstance(node, nodes.Call):
        args = [_spell(a, d) for a in node.args] + [f"{k.key}={_spell(k.value, d)}" for k in node.kwargs]
        return f"{_spell(node.node, d)}({', '.join(args)})"
    if isinstance(node, nodes.Filter):
        base = _spell(node.node, d) if node.node is not None else ""
        return f"{base}|{node.name}"
    if isinstance(node, nodes.Test):
        return f"{_spell(node.node, d)} is {node.name}"
    if isinstance(node, nodes.BinExpr):
        return f"{_spell(node.left, d)} {node.operator} {_spell(node.right, d)}"
    if isinstance(node, nodes.UnaryExpr):
        return f"{_OPERATORS.get(node.operator, node.operator)}{_spell(node.node, d)}"
    if isinstance(node, nodes.Concat):
        return " ~ ".join(_spell(n, d) for n in node.nodes)
    if isinstance(node, nodes.Compare):
        return " ".join([_spell(node.expr, d), *(f"{o.op} {_spell(o.expr, d)}" for o in node.ops)])
    if isinstance(node, nodes.List | nodes.Tuple):
        return "[" + ", ".join(_spell(n, d) for n in node.items) + "]"
    if isinstance(node, nodes.Include | nodes.Extends | nodes.Import | nodes.FromImport):
        return f"{{% {type(node).__name__.lower()} {_spell(node.template, d)} %}}"
    if isinstance(node, nodes.Macro):
        return f"{{% macro {node.name} %}}"
    if isinstance(node, nodes.EvalContextModifier):
        return "{% autoescape %}"
    return f"{{% {type(node).__name__.lower()} %}}"
