"""Every message the core shows a user has its Chinese translation.

The core calls ``tr("literal", ...)``; this walks the AST of every core module, collects the literals
and looks each up in the merged ``resources/i18n/core.zh_CN/*.json`` catalogue. It also checks that
placeholders agree, so a translation can never crash ``str.format``.
"""

from __future__ import annotations

import ast
import errno
import json
import os
import re
import string
from pathlib import Path

import pytest

import inspector
from inspector import i18n
from inspector.errors import UserError
from inspector.i18n import catalogue, os_reason
from inspector.spreadsheet import Sheet, write_xlsx

CORE = Path(inspector.__file__).parent


def _core_places() -> list[tuple[str, str]]:
    """Every ``tr("…")`` of the core: the message and where it is said (``path:line``)."""
    found: list[tuple[str, str]] = []
    for path in sorted(CORE.rglob("*.py")):
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
                found.append((arg.value, f"{rel}:{node.lineno}"))
    return found


def _core_messages() -> dict[str, str]:
    return dict(_core_places())


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_core_message_has_a_chinese_translation() -> None:
    zh = catalogue("zh_CN")
    messages = _core_messages()
    assert messages, "the walk found no messages at all; the check would be vacuous"
    missing = [f"{where}: {msg!r}" for msg, where in sorted(messages.items()) if msg not in zh]
    assert not missing, "missing Chinese translations:\n" + "\n".join(missing)


def test_every_catalogue_entry_is_still_said_somewhere() -> None:
    """A translator translates only what a user can see: an entry no core message uses any more (the
    UI's own words are in the Qt catalogue) is removed with the message."""
    messages = _core_messages()
    unused = sorted(src for src in catalogue("zh_CN") if src not in messages)
    assert not unused, "catalogue entries no core message uses:\n" + "\n".join(unused)


def test_each_entry_sits_in_the_file_of_a_package_that_says_it() -> None:
    """``core.zh_CN/cli.json`` holds what the command line says, ``services.json`` what the services
    say, and so on (``common.json`` for the top-level modules): a translator finds a message where its
    code is, and the files are not named after the milestone that added them."""
    said_by: dict[str, set[str]] = {}
    for msg, where in _core_places():
        top = where.split("/")[0].removesuffix(".py") if "/" in where else "common"
        said_by.setdefault(msg, set()).add(top)
    folder = CORE.parent / "resources" / "i18n" / "core.zh_CN"
    misplaced = [
        f"{path.name}: {msg!r} (said by {sorted(said_by.get(msg, set()))})"
        for path in sorted(folder.glob("*.json"))
        for msg in json.loads(path.read_text(encoding="utf-8"))
        if path.stem not in said_by.get(msg, set())
    ]
    assert not misplaced, "\n".join(misplaced)


def test_translations_keep_placeholders() -> None:
    zh = catalogue("zh_CN")
    wrong = [src for src, dst in zh.items() if _fields(src) != _fields(dst)]
    assert not wrong, f"placeholders differ: {wrong}"


def _calls() -> list[tuple[str, str, set[str]]]:
    """Every ``tr("literal", name=…)`` of the core: where, the literal, the parameters' names."""
    found: list[tuple[str, str, set[str]]] = []
    for path in CORE.rglob("*.py"):
        rel = path.relative_to(CORE).as_posix()
        if rel.startswith("ui/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    # ``lang`` chooses the catalogue (a document is Chinese); it fills no field
                    names = {k.arg for k in node.keywords if k.arg not in (None, "lang")}
                    found.append((f"{rel}:{node.lineno}", arg.value, names))
    return found


def test_braces_are_doubled_only_where_the_message_is_formatted() -> None:
    """``tr`` formats a message only when it is given parameters; one without parameters is shown as
    written, so a doubled brace would reach the person doubled (the settings once said
    "{{region}}"). A template's own field, written as a template shows it ("{{ number }}", with
    its spaces), is meant to be shown doubled. A formatted message names exactly the fields it is
    given."""
    calls = _calls()
    assert len(calls) > 100
    escaped = re.compile(r"\{\{(?! )|(?<! )\}\}")
    doubled = [f"{where}: {text!r}" for where, text, names in calls if not names and escaped.search(text)]
    assert not doubled, "shown with doubled braces:\n" + "\n".join(doubled)
    unfilled = [
        f"{where}: {text!r} fills {sorted(names)}"
        for where, text, names in calls
        if names and {f.split(".")[0].split("[")[0] for f in _fields(text)} != names
    ]
    assert not unfilled, "fields and parameters differ:\n" + "\n".join(unfilled)


def test_the_messages_of_both_kinds_read_right() -> None:
    from inspector.i18n import set_language, tr

    set_language("zh_CN")
    assert "{region}" in tr("The number pattern may use only {region}, {year} and {seq} (e.g. {seq:03d}).")
    assert "{{" not in tr("The number pattern must contain {seq}, or numbers would repeat.")
    set_language("en")
    assert tr("The number pattern must contain {seq}, or numbers would repeat.").startswith(
        "The number pattern must contain {seq},"
    )


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        (errno.ENOSPC, "磁盘空间已满", "the disk is full"),
        (
            errno.EACCES,
            "没有访问权限，或文件正被其他程序打开",
            "access is denied, or another program has the file open",
        ),
        (errno.EROFS, "磁盘为只读", "the disk is read-only"),
    ],
)
def test_a_common_os_error_is_explained_in_the_users_language(code: int, zh: str, en: str) -> None:
    err = OSError(code, os.strerror(code))
    assert os_reason(err) == zh
    i18n.set_language("en")
    assert os_reason(err) == en


def test_an_unlisted_os_error_keeps_the_systems_text_and_never_says_none() -> None:
    assert os_reason(OSError(errno.ELOOP, os.strerror(errno.ELOOP))) == os.strerror(errno.ELOOP)
    assert os_reason(OSError("the share went away")) == "the share went away"  # no errno, no strerror
    assert os_reason(OSError()) == "OSError"


def test_a_report_written_over_a_folder_says_why_in_chinese(tmp_path: Path) -> None:
    target = tmp_path / "报表.xlsx"
    target.mkdir()  # a real failure from the OS: the name is taken by a folder
    with pytest.raises(UserError) as caught:
        write_xlsx([Sheet(title="t", headers=("a",), rows=(("1",),))], target)
    assert "这是文件夹，不是文件" in str(caught.value)
    assert "None" not in str(caught.value)
    assert target.is_dir() and not any(target.iterdir())  # nothing was written
