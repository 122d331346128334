"""Qt's own strings that its Chinese catalogue lacks, so our catalogue carries them.

The app installs Qt's ``qtbase_zh_CN.qm`` (file dialogs, standard buttons, the text fields' menus),
but that catalogue was made for Qt 5's spelling of a few file-dialog labels: Qt 6 asks for
"&Look in:" and "Files of &type:", which it does not have, so the file dialog showed them in
English beside Chinese buttons. Listing them here puts them in ``inspector_zh_CN.ts`` under Qt's own
context (``make update-translations``); Qt looks a text up in every installed catalogue, so ours
answers where Qt's is silent. Nothing imports this module: it exists for the translation tools
(and ``tests/ui/test_translations.py``, which checks each has its Chinese).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_STRINGS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
