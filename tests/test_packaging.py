"""Every Python package and data file ships in a wheel, not only in an editable checkout.

pyproject.toml lists packages explicitly (``resources/`` and ``templates/`` are mapped into the
``inspector`` namespace), so a new sub-package that is not listed would work in development and
be missing on a Windows laptop. This test catches that.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "inspector").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"inspector.resources", "inspector.templates"} <= listed


def test_development_tools_are_not_shipped() -> None:
    """The screenshot tool renders demo screens for the README; it belongs with the scripts."""
    import importlib.util

    assert importlib.util.find_spec("inspector.ui.screenshots") is None
    assert (ROOT / "scripts" / "screenshots.py").is_file()
    assert "scripts/screenshots.py" in (ROOT / "Makefile").read_text(encoding="utf-8")
