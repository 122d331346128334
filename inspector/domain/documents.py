"""The kinds of enforcement document the office issues, as the interface names them.

The title printed on a document is the documents layer's business (always Chinese, and the notice's
title is an office setting); this is the name a list or a menu shows.
"""

from __future__ import annotations

from enum import StrEnum

from inspector.i18n import tr


class DocumentKind(StrEnum):
    RECORD = "record"
    NOTICE = "notice"
    REINSPECTION = "reinspection"


def document_kind_label(kind: DocumentKind | str) -> str:
    labels = {
        DocumentKind.RECORD.value: tr("On-site record"),
        DocumentKind.NOTICE.value: tr("Rectification notice"),
        DocumentKind.REINSPECTION.value: tr("Re-inspection opinion"),
    }
    return labels.get(str(kind), str(kind))
