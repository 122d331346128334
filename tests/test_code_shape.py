"""No module in ``inspector/`` a newcomer must fear: at most 500 lines, functions at most 60.

Long modules were where unrelated concerns met (labels, the state machine and board queries in one
file); long functions were where a change in one step broke the next. The limits are the team's
(see the developers' guide); this test keeps them. Migrations are left out: each is frozen the day
it ships and holds its own SQL, so it is as long as its schema change.
"""

from __future__ import annotations

import ast
from pathlib import Path

import inspector

CORE = Path(inspector.__file__).parent
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return [p for p in sorted(CORE.rglob("*.py")) if "migrations" not in p.relative_to(CORE).parts]


def long_modules(limit: int = MAX_MODULE_LINES) -> list[str]:
    found = []
    for path in _modules():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > limit:
            found.append(f"{path.relative_to(CORE)}: {n} lines")
    return found


def long_functions(limit: int = MAX_FUNCTION_LINES) -> list[str]:
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                n = node.end_lineno - node.lineno + 1
                if n > limit:
                    found.append(f"{path.relative_to(CORE)}:{node.lineno} {node.name}: {n} lines")
    return found


def test_no_module_over_500_lines() -> None:
    assert long_modules() == []


def test_no_function_over_60_lines() -> None:
    assert long_functions() == []


def test_the_checks_can_fail() -> None:
    # the same walk with a tiny limit must find something: the checks do look at the code
    assert long_modules(limit=50)
    assert long_functions(limit=10)
