"""Which template a document uses, and keeping the one it used (checking an office's template is
:mod:`inspector.documents.template_check`).

Built-in templates live in the ``templates/`` package (built by ``scripts/build_templates.py``). An
office restyles a copy in Word and puts it in ``<data_dir>/templates/`` under the same name
(``notice.docx``); that copy then wins. Every template a document was issued with is archived under
``<documents_dir>/templates/<sha256>.docx``, so an issued document can be regenerated exactly even
after the office changed its template.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from inspector.config import Config
from inspector.crypto import files
from inspector.documents.kinds import KINDS
from inspector.documents.render import TemplateProblemError
from inspector.domain import DocumentKind
from inspector.i18n import os_reason, tr

BUILTIN = "builtin"
OFFICE = "office"
ARCHIVED = "archived"
FILENAMES: dict[DocumentKind, str] = {kind: spec.template for kind, spec in KINDS.items()}
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class TemplateFile:
    """A template's bytes and where they came from. ``name`` is what documents record."""

    kind: DocumentKind
    name: str
    origin: str
    path: Path | None
    data: bytes = field(repr=False)
    sha256: str


def _make(kind: DocumentKind, name: str, origin: str, path: Path | None, data: bytes) -> TemplateFile:
    return TemplateFile(
        kind=kind, name=name, origin=origin, path=path, data=data, sha256=hashlib.sha256(data).hexdigest()
    )


@cache
def _builtin_bytes(filename: str) -> bytes:
    return (resources.files("inspector.templates") / filename).read_bytes()


def builtin_template(kind: DocumentKind | str) -> TemplateFile:
    kind = DocumentKind(kind)
    filename = FILENAMES[kind]
    return _make(kind, f"{BUILTIN}:{filename}", BUILTIN, None, _builtin_bytes(filename))


def office_template_path(config: Config, kind: DocumentKind | str) -> Path:
    return config.templates_dir / FILENAMES[DocumentKind(kind)]


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateProblemError(
                tr("The template {path} is larger than 50 MB; remove large pictures from it.", path=str(path))
            )
        return path.read_bytes()
    except OSError as err:
        raise TemplateProblemError(
            tr("Cannot read the template {path}: {reason}", path=str(path), reason=os_reason(err))
        ) from err


def resolve_template(config: Config, kind: DocumentKind | str) -> TemplateFile:
    """The office's template for ``kind`` when there is one, else the built-in one."""
    kind = DocumentKind(kind)
    path = office_template_path(config, kind)
    if path.is_file():
        return _make(kind, f"{OFFICE}:{path.name}", OFFICE, path, _read(path))
    return builtin_template(kind)


def archive_path(config: Config, sha256: str) -> Path:
    return config.documents_dir / "templates" / f"{sha256}.docx"


def _archived(config: Config, path: Path) -> bytes | None:
    """An archived template's bytes (sealed in an encrypted directory), None when unreadable."""
    try:
        return files.read(config.key, path)
    except (OSError, files.SealedFileError):
        return None


def archive_template(config: Config, template: TemplateFile) -> Path:
    """Keep a copy of ``template`` under its hash (once), so documents issued with it can be rebuilt."""
    path = archive_path(config, template.sha256)
    data = _archived(config, path) if path.is_file() else None
    if data is None or hashlib.sha256(data).hexdigest() != template.sha256:
        try:
            files.write(config.key, path, template.data, mode=0o644)
        except OSError as err:
            raise TemplateProblemError(
                tr("Cannot write {path}: {reason}.", path=str(path), reason=os_reason(err))
            ) from err
    return path


def template_by_sha(config: Config, kind: DocumentKind | str, name: str, sha256: str) -> TemplateFile:
    """The exact template a document was issued with: the archived copy, or the built-in or office
    file if it still has the same content."""
    kind = DocumentKind(kind)
    path = archive_path(config, sha256)
    data = _archived(config, path) if path.is_file() else None
    if data is not None and hashlib.sha256(data).hexdigest() == sha256:
        return _make(kind, name, ARCHIVED, path, data)
    for candidate in (builtin_template(kind), resolve_template(config, kind)):
        if candidate.sha256 == sha256:
            return candidate
    raise TemplateProblemError(
        tr(
            "The template this document was issued with ({name}, {sha}) is no longer "
            "available: restore {path} from a backup.",
            name=name,
            sha=sha256[:12],
            path=str(path),
        )
    )


def kind_from_filename(path: Path) -> DocumentKind | None:
    for kind, filename in FILENAMES.items():
        if path.name.lower() == filename or path.stem.lower() == kind.value:
            return kind
    return None


def read_template_file(path: Path) -> bytes:
    """A template file's bytes (refused above 50 MB, an unreadable one said plainly)."""
    return _read(path)
