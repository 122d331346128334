"""Field-to-office exchange: packages of new and changed records with their photos and documents.

Public entry points: :func:`export_package`, :func:`import_package`, :func:`read_package` (check
only), :func:`list_conflicts` and :func:`resolve_conflict`. The rules are in the module docstrings of
:mod:`~inspector.exchange.export` and :mod:`~inspector.exchange.importer`.
"""

from inspector.exchange.conflicts import ConflictView, Difference, list_conflicts, resolve_conflict
from inspector.exchange.export import ExportResult, export_package
from inspector.exchange.importer import ImportResult, import_package
from inspector.exchange.package import read_package

__all__ = [
    "ConflictView",
    "Difference",
    "ExportResult",
    "ImportResult",
    "export_package",
    "import_package",
    "list_conflicts",
    "read_package",
    "resolve_conflict",
]
