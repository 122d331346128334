"""Issuing a document, the part every kind shares: its template and number, then the file and the row.

An inspection's documents (:mod:`inspector.services.documents.issuing`) and a case's
(:mod:`inspector.services.cases.issuing`) are checked and built differently but numbered and filed the
same way: the number is taken in the caller's transaction, a correction names the voided document it
replaces, the template is kept under its hash so the document can be rebuilt, the file is written
before the row, and the row records the file's and the template's hashes and the context it was
rendered from. One copy keeps the two from drifting apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.render import ImageSource, render_docx
from inspector.documents.templates import TemplateFile, archive_template, resolve_template
from inspector.domain import DocumentKind
from inspector.services import numbering
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.documents.evidence import issued_file, replacement_note
from inspector.storage.models import Document


@dataclass(frozen=True)
class Issue:
    """A document being issued, in the caller's transaction: its template and its number."""

    session: Session
    config: Config
    actor: Actor
    kind: DocumentKind
    issued_at: dt.datetime
    template: TemplateFile
    number: str
    number_detail: dict[str, Any]  # the number's series, year and sequence, for the audit event

    @classmethod
    def begin(
        cls, session: Session, config: Config, actor: Actor, kind: DocumentKind, issued_at: dt.datetime
    ) -> Issue:
        template = resolve_template(config, kind)
        number, series, year, seq = numbering.next_number(
            session, settings_service.load(session), kind, issued_at
        )
        detail = {"series": series, "year": year, "seq": seq}
        return cls(session, config, actor, kind, issued_at, template, number, detail)

    @contextmanager
    def filed(
        self,
        context: dict[str, Any],
        images: ImageSource | None,
        *,
        replaces: Document | None,
        inspection_id: uuid.UUID,
        rectification_id: uuid.UUID | None = None,
    ) -> Iterator[Document]:
        """Render ``context`` (noting the voided document it ``replaces``), store the file and yield
        the document's row, not yet added to the session; the file is removed again when what runs
        inside fails (see :func:`~inspector.services.documents.evidence.issued_file`)."""
        if replaces is not None:
            context["replaces"] = replacement_note(replaces)
        data = render_docx(self.template.data, context, images, template_name=self.template.name)
        archive_template(self.config, self.template)
        with issued_file(
            self.session, self.config, self.kind, self.number, issued_at=self.issued_at, data=data
        ) as relative:
            yield Document(
                id=uuid.uuid4(),
                kind=self.kind.value,
                number=self.number,
                inspection_id=inspection_id,
                rectification_id=rectification_id,
                file_path=relative,
                sha256=hashlib.sha256(data).hexdigest(),
                template_name=self.template.name,
                template_sha256=self.template.sha256,
                context=context,
                issued_by=self.actor.user_id,
                issued_at=self.issued_at,
                replaces=replaces.id if replaces is not None else None,
            )
