"""The one row for the person present for the site: name, position and phone, each with its error line.

The 现场检查笔录 names who was present for the site with their position and phone. They are asked
when the inspection starts (:mod:`~inspector.ui.new_inspection_dialog`) and confirmed when it is
finalized (:mod:`~inspector.ui.inspection.finalize_dialog`), in the same row, so that the person sees
the same fields in both places; the services name their problems ``party_name``, ``party_title``
and ``party_phone``. The captions are the calling dialog's own translations.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit

from inspector.ui.boxes import hbox
from inspector.ui.field_errors import FieldErrors


def party_row(
    errors: FieldErrors,
    fields: tuple[QLineEdit, QLineEdit, QLineEdit],
    position_caption: str,
    phone_caption: str,
) -> QHBoxLayout:
    """The name, position and phone ``fields`` side by side (the name twice as wide), captioned."""
    name, title, phone = fields
    return hbox(
        (errors.wrap("party_name", name), 2),
        QLabel(position_caption),
        (errors.wrap("party_title", title), 1),
        QLabel(phone_caption),
        (errors.wrap("party_phone", phone), 1),
    )
