"""A small but complete world for the exchange, backup, account and audit tests: a site, two
inspectors, an inspection with answers, a real JPEG photo, an issued notice (file + row) and its
rectification — all made through the services or, where no service exists yet (documents), as the
document service would write them, audited. The ``world`` and ``second`` fixtures are in
``tests/conftest.py``."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from inspector.config import Config
from inspector.crypto import files
from inspector.domain import AnswerResult
from inspector.exchange import enrolment
from inspector.forms import load_registry
from inspector.services import audit, inspections, photos, sites, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, connect_file
from inspector.storage.models import Document, Rectification, RectificationEvent, User
from tests.factories import inspector_pair


@dataclass
class World:
    site_id: uuid.UUID
    inspector_ids: tuple[uuid.UUID, uuid.UUID]
    inspection_id: uuid.UUID
    item_codes: list[str]
    photo_sha: str
    document_id: uuid.UUID
    rectification_id: uuid.UUID


def jpeg(path: Path, seed: int, size: tuple[int, int] = (64, 48)) -> Path:
    rng = random.Random(seed)
    img = Image.new("RGB", size)
    img.putdata(
        [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])]
    )
    img.save(path, "JPEG", quality=90)
    return path


def build_world(
    db: Database, config: Config, tmp: Path, *, tag: str = "", number: str | None = None, seed: int = 1
) -> World:
    tag = tag or uuid.uuid4().hex[:6]
    form = load_registry(None).default_for_site("clinic")
    with db.write() as s:
        site = sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(kind="clinic", name=f"仁心诊所{tag}", licence_no=f"LIC-{tag}", district="城关镇"),
        )
        a, b = inspector_pair(s, tag)
        view = inspections.start_inspection(
            s,
            SYSTEM,
            inspections.StartInput(
                site_id=site.id,
                form=form,
                inspector_ids=[a.id, b.id],
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
                party_name="王建国",
            ),
        )
    codes = [i.code for i in form.items if i.answer_type == "check" and i.condition is None][:3]
    for n, code in enumerate(codes):
        with db.write() as s:
            inspections.record_answer(
                s,
                SYSTEM,
                view.id,
                code,
                result=AnswerResult.NON_COMPLIANT if n == 0 else AnswerResult.COMPLIANT,
                finding="诊室内发现B超机1台" if n == 0 else None,
            )
    src = jpeg(tmp / f"photo-{tag}.jpg", seed)
    report = photos.ingest_files(db, config, SYSTEM, view.id, [src], codes[0])
    assert report.added, report.failed
    doc_rel = f"notices/{tag}.docx"
    doc_path = config.documents_dir / doc_rel
    doc_path.parent.mkdir(parents=True, exist_ok=True)
    content = f"notice {tag} {uuid.uuid4()}".encode()
    files.write(config.key, doc_path, content)  # sealed in an encrypted directory, as issued
    with db.write() as s:
        doc = Document(
            id=uuid.uuid4(),
            kind="notice",
            number=number or f"示卫监意〔2026〕{tag}号",
            inspection_id=view.id,
            file_path=doc_rel,
            sha256=hashlib.sha256(content).hexdigest(),
            template_name="notice",
            template_sha256="0" * 64,
            context={"tag": tag},
            issued_by=None,
        )
        s.add(doc)
        s.flush()
        audit.record(s, SYSTEM, "issue", "document", doc.id, after={"number": doc.number})
        rect = Rectification(
            id=uuid.uuid4(),
            inspection_id=view.id,
            site_id=site.id,
            notice_id=doc.id,
            items={"items": [{"code": codes[0]}]},
            deadline=dt.date(2030, 1, 1),
            status="issued",
        )
        s.add(rect)
        s.flush()
        s.add(
            RectificationEvent(
                id=uuid.uuid4(), rectification_id=rect.id, from_status=None, to_status="issued"
            )
        )
        s.flush()
        audit.record(s, SYSTEM, "open", "rectification", rect.id)
        doc_id, rect_id = doc.id, rect.id
    return World(
        site_id=site.id,
        inspector_ids=(a.id, b.id),
        inspection_id=view.id,
        item_codes=codes,
        photo_sha=report.added[0].sha256,
        document_id=doc_id,
        rectification_id=rect_id,
    )


def sqlite_file(config: Config) -> Path:
    return Path(config.db_url.removeprefix("sqlite:///"))


def raw_sql(config: Config, sql: str, *params: object) -> None:
    """Change the database file behind the app's back, as someone with a SQLite editor would."""
    conn = connect_file(sqlite_file(config), config.key)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def enrol(receiver: Config, receiver_db: Database, sender: Config, name: str = "笔记本") -> None:
    """``receiver`` trusts packages signed by ``sender``'s key, as ``inspector exchange enrol`` does."""
    key = enrolment.own_key(sender)
    with receiver_db.write() as s:
        enrolment.enrol(s, SYSTEM, receiver, key, f"{name}-{key.fingerprint[:6]}")


def same_accounts(source: Database, target: Database) -> None:
    """Create in ``target`` every account of ``source`` it lacks, by user name (as an administrator
    does before the first import: accounts are never imported)."""
    with source.read() as s:
        wanted = [(u.username, u.name, u.cert_no, u.role) for u in s.query(User).order_by(User.username)]
    with target.write() as s:
        have = {u.username for u in s.query(User)}
        for username, name, cert_no, role in wanted:
            if username not in have:
                users.create_user(s, SYSTEM, users.UserInput(username, name, role=role, cert_no=cert_no))


def pair(a: Config, a_db: Database, b: Config, b_db: Database) -> None:
    """A laptop and its office that trust each other and share their accounts."""
    enrol(a, a_db, b)
    enrol(b, b_db, a)
    same_accounts(a_db, b_db)
    same_accounts(b_db, a_db)
