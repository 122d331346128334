"""Every message the core shows a user has its Chinese translation.

The core calls ``tr("literal", ...)``; this walks the AST of every core module, collects the literals
and looks each up in the merged ``resources/i18n/core.zh_CN/*.json`` catalogue. It also checks that
placeholders agree, so a translation can never crash ``str.format``.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import inspector
from inspector.i18n import catalogue

CORE = Path(inspector.__file__).parent


def _core_messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in CORE.rglob("*.py"):
        rel = path.relative_to(CORE).as_posix()
        if rel.startswith("ui/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
            ):
                arg = node.args[0]
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                    f"{rel}:{node.lineno}: tr() must be called with a string literal"
                )
                found[arg.value] = f"{rel}:{node.lineno}"
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_core_message_has_a_chinese_translation() -> None:
    zh = catalogue("zh_CN")
    messages = _core_messages()
    assert messages, "the walk found no messages at all; the check would be vacuous"
    missing = [f"{where}: {msg!r}" for msg, where in sorted(messages.items()) if msg not in zh]
    assert not missing, "missing Chinese translations:\n" + "\n".join(missing)


def test_translations_keep_placeholders() -> None:
    zh = catalogue("zh_CN")
    wrong = [src for src, dst in zh.items() if _fields(src) != _fields(dst)]
    assert not wrong, f"placeholders differ: {wrong}"
