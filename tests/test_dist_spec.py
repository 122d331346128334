"""The one-folder build ships every file the app reads through ``importlib.resources``.

``packaging/inspector.spec`` lists those folders in ``PACKAGE_DATA``; a checkout and a wheel have
them anyway, so a new resource folder that is not listed would work everywhere except in the build an
office installs. These tests read the code for ``resources.files(PACKAGE) / "a" / "b"`` (or
``.joinpath("a", "b")``) and the spec for what it ships, without running PyInstaller (``make
dist-check`` runs the real build).
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "inspector.spec"
# Not read at run time: translation sources (the build ships the .qm compiled from each), modules
# (shipped as code), bytecode caches.
NOT_DATA_SUFFIXES = {".ts", ".pyc"}


@dataclass(frozen=True)
class Read:
    """A place the code reads: ``package``/``parts``; ``open_ended`` when a computed name follows."""

    where: str
    package: str
    parts: tuple[str, ...]
    open_ended: bool


def package_folder(package: str) -> Path:
    mapped = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    if package in mapped["package-dir"]:
        return ROOT / mapped["package-dir"][package]
    return ROOT.joinpath(*package.split("."))


def _is_files_call(node: ast.AST) -> str | None:
    """The package of ``resources.files("pkg")`` / ``files("pkg")``, else None."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return str(node.args[0].value) if name == "files" else None


def _joinpath(node: ast.AST) -> ast.Call | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath":
        return node
    return None


def _chain(node: ast.AST) -> list[ast.AST]:
    """``a / b / c`` and ``a.joinpath(b, c)`` as [a, b, c]."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return [*_chain(node.left), node.right]
    if (call := _joinpath(node)) is not None and isinstance(call.func, ast.Attribute):
        return [*_chain(call.func.value), *call.args]
    return [node]


def reads_in(source: str, where: str) -> list[Read]:
    """Every ``files(package) / ...`` in ``source``; a segment naming a module-level string constant
    counts as that string."""
    tree = ast.parse(source)
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }
    inner = {id(n.left) for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)}
    inner |= {
        id(c.func.value) for n in ast.walk(tree) if (c := _joinpath(n)) and isinstance(c.func, ast.Attribute)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in inner:
            continue  # part of a longer chain, seen from its top
        head, *rest = _chain(node)
        package = _is_files_call(head)
        if package is None:
            continue
        parts: list[str] = []
        for segment in rest:
            if isinstance(segment, ast.Constant) and isinstance(segment.value, str):
                parts.append(segment.value)
            elif isinstance(segment, ast.Name) and segment.id in constants:
                parts.append(constants[segment.id])
            else:
                break
        found.append(Read(where, package, tuple(parts), open_ended=len(parts) < len(rest)))
    return found


def code_reads() -> list[Read]:
    reads = []
    for path in sorted((ROOT / "inspector").rglob("*.py")):
        reads += reads_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    return reads


def spec_package_data() -> list[tuple[str, str, list[str]]]:
    """``PACKAGE_DATA`` of the spec, read as a literal (the spec itself runs only inside PyInstaller)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PACKAGE_DATA" for t in node.targets
        ):
            value: list[tuple[str, str, list[str]]] = ast.literal_eval(node.value)
            return value
    raise AssertionError("packaging/inspector.spec has no PACKAGE_DATA list")


def shipped(package_data: list[tuple[str, str, list[str]]], package: str, path: Path) -> bool:
    """Whether ``path`` (an existing or a compiled file of ``package``) matches a listed pattern."""
    for pkg, folder, patterns in package_data:
        base = package_folder(pkg) / folder
        if pkg == package and any(PurePath(path).match(str(base / pattern)) for pattern in patterns):
            return True
    return False


def missing_from_spec(reads: list[Read], package_data: list[tuple[str, str, list[str]]]) -> list[str]:
    """What the code reads that the spec would not ship: every file under a folder read (recursively),
    the file read, and the ``.qm`` compiled from each ``.ts`` there."""
    missing = []
    for read in reads:
        target = package_folder(read.package).joinpath(*read.parts)
        if target.is_file():
            files = [target]
        elif target.is_dir():
            files = [p for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        else:
            missing.append(f"{read.where}: {read.package}/{'/'.join(read.parts)} does not exist")
            continue
        for path in files:
            if path.name == "__init__.py" and path.parent == package_folder(read.package):
                continue  # the package's own module
            needed = path.with_suffix(".qm") if path.suffix == ".ts" else path
            if needed.suffix in NOT_DATA_SUFFIXES:
                continue
            if not shipped(package_data, read.package, needed):
                missing.append(f"{read.where}: {needed.relative_to(ROOT)} ({read.package})")
    return list(dict.fromkeys(missing))


def test_the_spec_ships_every_resource_the_code_reads() -> None:
    reads = code_reads()
    # The scan itself works: these are read today (a scan finding nothing would pass vacuously).
    assert {r.package for r in reads} >= {
        "inspector.resources",
        "inspector.templates",
        "inspector.forms",
        "inspector.storage",
    }
    assert missing_from_spec(reads, spec_package_data()) == []


def test_a_folder_read_but_not_in_the_spec_is_found() -> None:
    """A folder the code reads (here through a constant) that the spec does not list is reported, each
    of its files, the compiled catalogues included; so is a folder read that does not exist."""
    source = (
        'from importlib import resources\nI18N = "i18n"\nx = resources.files("inspector.resources") / I18N\n'
    )
    (read,) = reads_in(source, "example.py")
    assert read == Read("example.py", "inspector.resources", ("i18n",), open_ended=False)
    joined = (
        'from importlib import resources\nx = resources.files("inspector.resources").joinpath("i18n", n)\n'
    )
    assert reads_in(joined, "example.py") == [Read("example.py", "inspector.resources", ("i18n",), True)]
    listed = spec_package_data()
    without_i18n = [entry for entry in listed if entry[:2] != ("inspector.resources", "i18n")]
    missing = missing_from_spec([read], without_i18n)
    assert any("core.zh_CN" in m for m in missing)
    assert any(m.endswith(".qm (inspector.resources)") for m in missing)
    icons = Read("example.py", "inspector.resources", ("icons",), open_ended=True)
    assert missing_from_spec([icons], listed) == ["example.py: inspector.resources/icons does not exist"]


def test_the_migrations_ship_as_files_and_every_one_is_listed() -> None:
    """Alembic runs them from their files; ``db.known_revisions`` reads them without importing."""
    entries = {(pkg, folder) for pkg, folder, _ in spec_package_data()}
    assert ("inspector.storage", "migrations/versions") in entries
    assert ("inspector.storage", "migrations") in entries


def test_the_spec_names_no_platform_path() -> None:
    """The same spec builds on Windows: every path is computed, none written out."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    written = [s for s in literals if s.startswith(("/", "~")) or ":\\" in s or s.endswith((".so", ".dll"))]
    assert written == []


def _spec_list(name: str) -> list[str]:
    """A list of strings assigned to ``name`` at the top of the spec."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError(f"{name} is not in the spec")


def test_the_build_ships_the_sqlcipher_driver_and_the_crypto_bindings() -> None:
    """An encrypted data directory needs sqlcipher3 (with its native library) and cryptography's
    Rust bindings; both are imported lazily, so the spec names them, and each name imports here."""
    import importlib

    drivers, crypto = _spec_list("DRIVERS"), _spec_list("CRYPTO")
    assert {"sqlcipher3", "sqlcipher3._sqlite3"} <= set(drivers)
    assert "cryptography.hazmat.bindings._rust" in crypto
    for name in [*drivers, *crypto]:
        if not name.startswith("psycopg") and "postgresql" not in name:  # the dist extra's
            importlib.import_module(name)
    spec = SPEC.read_text(encoding="utf-8")
    assert "+ DRIVERS + CRYPTO" in spec
