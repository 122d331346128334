"""Writing an issued document to the file the user named, for ``document`` (an inspection's) and
for a case's documents alike: the newly issued file as stored, or an issued one written again.

Both commands say the same things in the same words: the number and SHA-256 of what was issued, and
when a document is written again, whether regenerating it from its stored data still gives the
issued bytes (if not, the stored file is what was written).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from inspector.cli.context import Context
from inspector.documents.package import write_atomic
from inspector.i18n import tr
from inspector.services.documents import evidence, views


def write_new(ctx: Context, document_id: uuid.UUID, out: Path) -> None:
    """Write the document just issued, as stored, and say its number and digest."""
    with ctx.db.read() as s:
        view = views.get_document(s, ctx.config, document_id)
    write_atomic(out, evidence.read_issued(ctx.config, view))
    ctx.out(
        tr(
            "Issued {title} {number}: {path} (SHA-256 {sha}).",
            title=view.title,
            number=view.number,
            path=str(out),
            sha=view.sha256[:12],
        )
    )


def write_again(ctx: Context, existing: views.DocumentView, out: Path) -> None:
    """Write a document issued before, checking that its stored data still gives the issued bytes."""
    with ctx.db.read() as s:
        again = evidence.write_copy(s, ctx.config, existing.id, out)
    ctx.out(
        tr(
            "{title} {number} was already issued on {date}; written again to {path}.",
            title=existing.title,
            number=existing.number,
            date=existing.issued_at.astimezone().strftime("%Y-%m-%d"),
            path=str(out),
        )
    )
    if again.identical:
        ctx.out(
            tr(
                "Regenerated from the stored data: identical to the issued file (SHA-256 {sha}).",
                sha=existing.sha256[:12],
            )
        )
    else:
        ctx.err(
            tr(
                "Warning: regenerating gives different content now (SHA-256 {sha}); the stored issued "
                "file (SHA-256 {issued}) was written instead.",
                sha=again.sha256[:12],
                issued=existing.sha256[:12],
            )
        )
