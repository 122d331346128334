"""The core never imports Qt: walk the AST of every module outside inspector/ui.

import-linter checks the same contract in ``make test``; this test also catches imports that a
static graph misses (inside functions, ``importlib.import_module("PySide6...")`` with a literal).
"""

from __future__ import annotations

import ast
from pathlib import Path

import inspector

CORE = Path(inspector.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "inspector.ui")


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def core_violations() -> list[str]:
    bad = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        if rel.startswith("ui/"):
            continue
        for line, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name.startswith(FORBIDDEN) and not (rel == "cli/gui_cmd.py" and name == "inspector.ui.app"):
                bad.append(f"inspector/{rel}:{line} imports {name}")
    return bad


def test_core_does_not_import_qt() -> None:
    assert core_violations() == []


def test_the_check_can_fail(tmp_path: Path) -> None:
    tree = ast.parse(
        "from PySide6.QtWidgets import QWidget\nimport importlib\nimportlib.import_module('PySide6')"
    )
    assert [n for _, n in _imports(tree)] == ["PySide6.QtWidgets", "importlib", "PySide6"]


def test_core_imports_without_qt_installed() -> None:
    """Import every core module in a subprocess where PySide6 cannot be imported at all."""
    import subprocess
    import sys

    modules = sorted(
        "inspector." + p.relative_to(CORE).with_suffix("").as_posix().replace("/", ".")
        for p in CORE.rglob("*.py")
        if not p.relative_to(CORE).as_posix().startswith(("ui/", "storage/migrations/"))
        and p.name not in ("__main__.py",)
    )
    modules = [m.removesuffix(".__init__") for m in modules]
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
