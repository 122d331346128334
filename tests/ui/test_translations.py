"""Every string of the desktop app has a finished Chinese translation in the Qt Linguist source.

The UI's strings are English in the code and translated through Qt (``self.tr``,
``QCoreApplication.translate``); ``resources/i18n/inspector_zh_CN.ts`` holds the Chinese, compiled to
``.qm`` by ``make translations``. This walks the AST of every module under ``inspector/ui`` (the
photo and document subpackages included), collects each literal with its context (the class name
for ``self.tr``, the first argument for ``translate``) and fails when the ``.ts`` has no finished
translation for it, when a plural lacks its form, or when a ``%1``/``%n`` placeholder got lost.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import inspector.ui
from inspector.i18n import catalogue

UI = Path(inspector.ui.__file__).parent
ROOT = UI.parent.parent
TS = ROOT / "resources" / "i18n" / "inspector_zh_CN.ts"
PLACEHOLDER = re.compile(r"%(?:n|\d+)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    plural: bool
    where: str


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Collector(ast.NodeVisitor):
    """Finds ``self.tr("…")``, ``<Class>.tr("…")``, ``tr("…")`` in a class, ``….translate("ctx", "…")``."""

    def __init__(self, rel: str, class_names: set[str], core_tr: bool) -> None:
        self.rel = rel
        self.class_names = class_names
        self.core_tr = core_tr  # the module imports inspector.i18n.tr: bare tr() is the core's
        self.classes: list[str] = []
        self.messages: list[Message] = []
        self.core_messages: list[tuple[str, str]] = []
        self.errors: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        where = f"{self.rel}:{node.lineno}"
        func = node.func
        context: str | None = None
        source_arg: ast.expr | None = None
        plural = False
        if isinstance(func, ast.Attribute) and func.attr == "tr" and node.args:
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id == "self" and self.classes:
                context = self.classes[-1]
            elif isinstance(owner, ast.Name) and owner.id in self.class_names:
                context = owner.id
            else:
                # At run time PySide looks the text up under the class of the object (e.g. QProgressDialog),
                # which is not the context lupdate files it under: it would never be translated.
                self.errors.append(
                    f"{where}: {ast.unparse(owner)}.tr() is looked up under the class of "
                    f"{ast.unparse(owner)}, not under a context of the .ts; use self.tr in your "
                    'own class or QCoreApplication.translate("<context>", "…")'
                )
            source_arg = node.args[0]
            plural = len(node.args) >= 3
        elif isinstance(func, ast.Name) and func.id == "tr" and node.args:
            if self.core_tr:
                text = _literal(node.args[0])
                if text is None:
                    self.errors.append(f"{where}: tr() must be called with a string literal")
                else:
                    self.core_messages.append((text, where))
            elif self.classes:
                context, source_arg, plural = self.classes[-1], node.args[0], len(node.args) >= 3
        elif isinstance(func, ast.Attribute) and func.attr == "translate" and len(node.args) >= 2:
            ctx = _literal(node.args[0])
            if ctx is None:
                self.errors.append(f"{where}: translate() needs a literal context")
            context, source_arg = ctx, node.args[1]
            plural = len(node.args) >= 4
        elif isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP" and len(node.args) >= 2:
            context, source_arg = _literal(node.args[0]), node.args[1]
        if context is not None and source_arg is not None:
            text = _literal(source_arg)
            if text is None:
                self.errors.append(
                    f"{where}: the text to translate must be a string literal, not {ast.unparse(source_arg)}"
                )
            else:
                self.messages.append(Message(context, text, plural, where))
        self.generic_visit(node)


def _imports_core_tr(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.ImportFrom)
        and n.module == "inspector.i18n"
        and any(a.name == "tr" for a in n.names)
        for n in ast.walk(tree)
    )


@cache
def collect() -> tuple[list[Message], list[tuple[str, str]], list[str]]:
    messages: list[Message] = []
    core: list[tuple[str, str]] = []
    errors: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
        collector = _Collector(path.relative_to(ROOT).as_posix(), classes, _imports_core_tr(tree))
        collector.visit(tree)
        messages += collector.messages
        core += collector.core_messages
        errors += collector.errors
    return messages, core, errors


def load_ts(path: Path = TS) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    out: dict[tuple[str, str], ET.Element] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source") or "")] = msg
    return out


def _translations(msg: ET.Element) -> tuple[list[str], bool]:
    """The translated texts of a message and whether the translation is finished."""
    tr = msg.find("translation")
    if tr is None:
        return [], False
    finished = tr.get("type") not in ("unfinished", "vanished", "obsolete")
    forms = [f.text or "" for f in tr.iter("numerusform")]
    return (forms if msg.get("numerus") == "yes" else [tr.text or ""]), finished


def test_the_walk_finds_the_strings() -> None:
    messages, _core, _errors = collect()
    contexts = {m.context for m in messages}
    # Guard against a vacuous pass: the walk must see the main window and the walk-through.
    assert {"MainWindow", "InspectionPage", "ItemView", "NewInspectionDialog"} <= contexts
    assert len(messages) > 200


def test_every_ui_string_is_a_literal() -> None:
    _messages, _core, errors = collect()
    assert not errors, "\n".join(errors)


def test_every_ui_string_has_a_finished_chinese_translation() -> None:
    assert ET.parse(TS).getroot().get("language") == "zh_CN"
    ts = load_ts()
    messages, _core, _errors = collect()
    problems = []
    for m in messages:
        msg = ts.get((m.context, m.source))
        if msg is None:
            problems.append(
                f"{m.where}: [{m.context}] {m.source!r} is not in the .ts (run make update-translations)"
            )
            continue
        texts, finished = _translations(msg)
        if not finished or not texts or not all(t.strip() for t in texts):
            problems.append(f"{m.where}: [{m.context}] {m.source!r} has no finished Chinese translation")
            continue
        if m.plural and msg.get("numerus") != "yes":
            problems.append(
                f"{m.where}: [{m.context}] {m.source!r} is a plural (%n) but not marked numerus in the .ts"
            )
        wanted = set(PLACEHOLDER.findall(m.source))
        for text in texts:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{m.where}: [{m.context}] {m.source!r}: placeholders differ in {text!r}")
    assert not problems, f"{len(problems)} untranslated UI string(s):\n" + "\n".join(sorted(problems))


def test_core_messages_used_by_the_ui_are_translated() -> None:
    _messages, core, _errors = collect()
    zh = catalogue("zh_CN")
    missing = [f"{where}: {text!r}" for text, where in core if text not in zh]
    assert not missing, "\n".join(missing)


def _lrelease() -> str:
    exe = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lrelease"
    )
    assert exe, "pyside6-lrelease is part of PySide6 and must be installed"
    return exe


def test_the_compiled_catalogue_translates_at_run_time(tmp_path: Path, qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    qm = tmp_path / "inspector_zh_CN.qm"
    subprocess.run([_lrelease(), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Sites") == "场所"
        assert QCoreApplication.translate("messages", "Cannot do that") == "无法执行"  # a module, not a class
        assert QCoreApplication.translate("SitesPage", "%n site(s)", "", 3) == "3 个场所"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_ts_file_is_well_formed() -> None:
    root = ET.parse(TS).getroot()
    assert root.tag == "TS"
    sources = [
        (c.findtext("name"), m.findtext("source")) for c in root.iter("context") for m in c.iter("message")
    ]
    assert len(sources) == len(set(sources)), "a message appears twice in the same context"
