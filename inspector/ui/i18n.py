"""Loading Qt translations for the UI and matching the core's language to them.

UI strings are English in the source (``self.tr("...")``) and translated by ``.qm`` files compiled
from ``resources/i18n/inspector_<lang>.ts`` by the build (``make translations``). Chinese is the
default; English needs no file.
"""

from __future__ import annotations

import importlib
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from inspector import i18n

_installed: list[QTranslator] = []


def qm_path(lang: str) -> str:
    """The compiled catalogue's file, next to the ``inspector.resources`` package's ``__init__``.

    A QTranslator reads only real files, and the package is a plain directory in every install
    (wheel, editable, the frozen app's folder); ``importlib.resources``, asked only if it is not,
    would add ~8 ms of imports before the first window.
    """
    name = f"inspector_{lang}.qm"
    init = importlib.import_module("inspector.resources").__file__
    if init is None:
        from importlib import resources

        return str(resources.files("inspector.resources") / "i18n" / name)
    return os.path.join(os.path.dirname(init), "i18n", name)


def install(app: QCoreApplication, lang: str) -> bool:
    """Install the UI and Qt's own translations for ``lang``; returns whether the UI file loaded."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    i18n.set_language(lang)
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    loaded = ours.load(qm_path(lang))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    qt_base = QTranslator(app)
    if qt_base.load(
        QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    return loaded
