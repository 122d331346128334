"""Writing a .docx reproducibly and safely.

An issued document is evidence: regenerating it from its stored context must give the very same
bytes, so its SHA-256 proves nothing changed. python-docx stamps every zip entry with the current
time and deflates images again; here the package is written by hand instead, with a fixed entry date,
fixed file attributes, fixed core properties (created / modified = the issue time) and images stored
as they are (JPEG and PNG do not shrink any further; skipping their deflate also makes the writer
faster than python-docx's own ``save``).

Files reach the disk atomically: a temporary file in the target directory, flushed with ``fsync``
and renamed, so a failure (a broken template, a full disk) never leaves a half-written document.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.pkgwriter import PackageWriter

from inspector import durable
from inspector.errors import UserError
from inspector.i18n import os_reason, tr

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_STORED_SUFFIXES = (".jpeg", ".jpg", ".png", ".gif")
AUTHOR = "inspector"


class _FixedZipWriter:
    """The ``PhysPkgWriter`` interface python-docx's :class:`PackageWriter` writes through."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w")

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name: str = pack_uri.membername
        info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
        info.create_system = 0
        info.external_attr = 0
        if name.lower().endswith(_STORED_SUFFIXES):
            info.compress_type = zipfile.ZIP_STORED
            self._zip.writestr(info, blob)
        else:
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, blob, compresslevel=6)

    def close(self) -> None:
        self._zip.close()


def docx_bytes(document: Any, when: dt.datetime) -> bytes:
    """The package of a python-docx ``Document`` as bytes that depend only on its content and ``when``.

    ``when`` (aware) becomes the created and modified time of the core properties.
    """
    utc = when.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    props = document.core_properties
    props.created = utc
    props.modified = utc
    props.last_modified_by = AUTHOR
    props.revision = 1
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedZipWriter(buffer)
    # python-docx's own serialisation (content types, relationships, parts), through our zip writer.
    opc: Any = PackageWriter
    opc._write_content_types_stream(writer, parts)
    opc._write_pkg_rels(writer, package.rels)
    opc._write_parts(writer, parts)
    writer.close()
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (:func:`inspector.durable.write_atomic`), with
    a message for the person when the folder or the disk refuses."""
    try:
        durable.write_atomic(path, data, mode=0o644)  # mkstemp makes 0600; documents are shared
    except OSError as err:
        raise write_refused(path, err) from err


def write_refused(path: Path, err: OSError) -> UserError:
    """The message for a document the folder or the disk would not take, saying what to check."""
    return UserError(
        tr(
            "Cannot write {path}: {reason}. Check the free disk space and that the file is not "
            "open in another program.",
            path=str(path),
            reason=os_reason(err),
        )
    )
