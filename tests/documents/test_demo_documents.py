"""``inspector demo`` issues the records and notices of its finalized inspections (no LibreOffice)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from inspector.config import Config
from inspector.demo import DemoResult
from inspector.demo.documents import issue_demo_documents
from inspector.documents import schema
from inspector.services.documents import evidence
from inspector.services.documents import views as dviews
from inspector.storage.db import Database
from inspector.storage.models import Document
from tests.documents.doc_helpers import Office, make_inspection


def test_demo_issues_records_and_notices(
    sqlite_db: Database, sqlite_config: Config, sqlite_office: Office, photo_folder: Path
) -> None:
    with_findings = make_inspection(sqlite_db, sqlite_config, sqlite_office, photo_folder)
    clean = make_inspection(sqlite_db, sqlite_config, sqlite_office, photo_folder, findings={})
    result = DemoResult(created=True, finalized=[with_findings, clean])
    issue_demo_documents(sqlite_db, sqlite_config, result, random.Random(1))
    assert result.extra["documents"] == 3  # two records, one notice (the clean inspection needs none)
    with sqlite_db.read() as s:
        views = dviews.list_documents(s, sqlite_config)
        assert sorted(v.kind for v in views) == ["notice", "record", "record"]
        assert all(v.served for v in views if v.kind == "record")
        for view in views:
            assert hashlib.sha256(evidence.read_issued(sqlite_config, view)).hexdigest() == view.sha256
            stored = s.get(Document, view.id)
            assert stored is not None
            assert schema.conforms(stored.context, schema.schema_for(view.kind)) == []
    numbers = sorted(v.number for v in views if v.kind == "record")
    assert [n[-4:] for n in numbers] == ["001号", "002号"]
    assert [v.number[-4:] for v in views if v.kind == "notice"] == ["001号"]
