"""The documents of the desktop app: the issue dialog (:class:`IssueDialog`) and the documents page
(:class:`DocumentsPage`). The main window creates them; the work runs in
:mod:`inspector.ui.jobs` jobs (tasks in :mod:`inspector.ui.documents.render_tasks`) off the UI thread."""

from __future__ import annotations

from inspector.ui.documents.issue_dialog import IssueDialog
from inspector.ui.documents.list_page import DocumentsPage

__all__ = ["DocumentsPage", "IssueDialog"]
