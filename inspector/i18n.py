"""Translation of the core's user-facing messages, without Qt.

The core (services, importers, CLI) raises :class:`~inspector.errors.UserError` with messages that
both the CLI and the Qt UI show. Source strings are English, like Qt's; the Chinese catalogue lives in
``resources/i18n/core.zh_CN/*.json`` (one file per package that says the messages: ``cli.json``,
``services.json``, …, ``common.json`` for the top-level modules; merged) so a translator edits data,
not code. Chinese is the default language because the users are Chinese inspectors; ``INSPECTOR_LANG=en``
or a setting switches.

``tr`` must be called with a string literal so that ``tests/test_i18n_core.py`` can find every
message and fail when one lacks its Chinese translation. A message with parameters is a
``str.format`` string (a literal brace is doubled); one without is shown exactly as written, so it
must not double its braces (the settings once showed "{{region}}"); the test checks both.

Text put together from parts (a list of names, a label and its value, a remark in brackets) uses
the punctuation of the language: ``join`` and ``labelled`` and ``bracketed`` below, never "、" or
"：" written into the code, which English mode showed as they were.

The desktop app imports this module before its first window is on screen but translates nothing
until the database is open, so the catalogue's imports (``json``, ``importlib.resources``, ~10 ms)
and ``locale`` wait for the first use.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from functools import cache

SUPPORTED = ("zh_CN", "en")
# The current language; one per process (the CLI sets it from --lang, the UI from the office setting).
_state: dict[str, str] = {}


def default_language() -> str:
    """The language from ``INSPECTOR_LANG``, else Chinese unless the system locale is English."""
    env = os.environ.get("INSPECTOR_LANG", "").strip()
    if env:
        return "en" if env.lower().startswith("en") else "zh_CN"
    import locale

    loc = (locale.getlocale()[0] or "").lower()
    return "en" if loc.startswith("en") and os.environ.get("INSPECTOR_SYSTEM_LOCALE") == "1" else "zh_CN"


def set_language(lang: str) -> None:
    _state["language"] = "en" if lang.lower().startswith("en") else "zh_CN"


def language() -> str:
    if "language" not in _state:
        _state["language"] = default_language()
    return _state["language"]


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    import json
    from importlib import resources

    folder = resources.files("inspector.resources") / "i18n" / f"core.{lang}"
    data: dict[str, str] = {}
    for ref in sorted(folder.iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".json"):
            data.update(json.loads(ref.read_text(encoding="utf-8")))
    return data


def join(parts: Iterable[str], *, strong: bool = False) -> str:
    """A list in running text: "王伟、李芳" in Chinese, "王伟, 李芳" in English; ``strong`` for
    entries that hold commas themselves (citations): "；" / "; "."""
    if strong:
        return ("; " if language() == "en" else "；").join(parts)
    return (", " if language() == "en" else "、").join(parts)


def labelled(label: str, value: str) -> str:
    """ "label：value" in Chinese, "label: value" in English."""
    return f"{label}: {value}" if language() == "en" else f"{label}：{value}"


def bracketed(text: str) -> str:
    """A remark after a word: "（text）" in Chinese, " (text)" in English."""
    return f" ({text})" if language() == "en" else f"（{text}）"


def tr(source: str, /, *, lang: str | None = None, **params: object) -> str:
    """Translate ``source`` into the current language (or ``lang``: a Word document is Chinese
    whatever the screen's language) and fill ``{name}`` placeholders."""
    text = catalogue(language() if lang is None else lang).get(source, source)
    return text.format(**params) if params else text


# What an inspector can do something about, in her language: the C library's own text ("No space left
# on device") is English whatever the screen says. Errors not listed keep the system's text.
_OS_REASONS: dict[int, Callable[[], str]] = {
    errno.ENOENT: lambda: tr("the file or folder does not exist"),
    errno.EACCES: lambda: tr("access is denied, or another program has the file open"),
    errno.EPERM: lambda: tr("access is denied, or another program has the file open"),
    errno.ENOSPC: lambda: tr("the disk is full"),
    errno.EROFS: lambda: tr("the disk is read-only"),
    errno.EEXIST: lambda: tr("a file of that name already exists"),
    errno.EISDIR: lambda: tr("it is a folder, not a file"),
    errno.ENOTDIR: lambda: tr("a part of the path is a file, not a folder"),
    errno.EBUSY: lambda: tr("the file is in use by another program"),
    errno.ENAMETOOLONG: lambda: tr("the file name is too long"),
    errno.EIO: lambda: tr("the disk could not be read or written (input/output error)"),
    errno.EMFILE: lambda: tr("too many files are open; close some programs and try again"),
    errno.ENFILE: lambda: tr("too many files are open; close some programs and try again"),
}
if hasattr(errno, "EDQUOT"):  # a quota, where the system has them (not every Windows build names it)
    _OS_REASONS[errno.EDQUOT] = _OS_REASONS[errno.ENOSPC]


def os_reason(err: OSError | UnicodeDecodeError) -> str:
    """Why a file operation failed, for a user message's ``{reason}``: translated for the common
    causes, else the system's text, never "None" (an ``OSError`` raised without an errno has no
    ``strerror``). A text file that is not UTF-8 is a reason of its own."""
    if isinstance(err, UnicodeDecodeError):
        return tr("the file is not UTF-8 text; save it with the encoding UTF-8 and try again")
    known = _OS_REASONS.get(err.errno) if err.errno is not None else None
    if known is not None:
        return known()
    return err.strerror or str(err) or type(err).__name__
