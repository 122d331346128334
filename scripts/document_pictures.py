"""The document pictures of the README (``docs/documents/<kind>.png``): one issued document of each
kind from the demo, page 1 beside the page the party and the officers sign, through LibreOffice and
pdftoppm. Called by ``screenshots.py --documents DIR`` on the demo data it prepared.
"""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

DOCUMENT_PICTURES = ("record", "notice", "reinspection", "supplement")


def _demo_documents(data_dir: Path) -> dict[str, Path]:
    """One issued document of each kind from the demo (a 补充笔录 made here from an addendum), written
    out as plain .docx files."""
    from sqlalchemy import select

    from inspector import workflows
    from inspector.config import resolve
    from inspector.services import addenda, users
    from inspector.services.documents import evidence, views
    from inspector.storage.db import open_database
    from inspector.storage.models import Document, Photo

    config = resolve(data_dir)
    db = open_database(config)
    with db.read() as s:
        office = users.actor_for(next(u for u in users.list_users(s) if u.username == "office"))
        inspector = users.actor_for(next(u for u in users.list_users(s) if u.username == "inspector1"))
        with_photos = set(s.execute(select(Photo.inspection_id)).scalars())
        docs = list(s.execute(select(Document).order_by(Document.issued_at)).scalars())
    chosen: dict[str, uuid.UUID] = {}
    for doc in docs:
        if doc.kind == "record" and doc.inspection_id not in with_photos:
            continue  # the record shown has a photo annex
        chosen.setdefault(doc.kind, doc.id)
    record = docs[[d.id for d in docs].index(chosen["record"])]
    with db.write() as s:
        addenda.add_addendum(
            s,
            inspector,
            record.inspection_id,
            text="复核现场照片时发现，B超室储物柜内另有热敏打印纸2卷",
            reason="现场检查笔录遗漏",
        )
    made = workflows.perform(
        db, lambda s: workflows.issue_document(s, office, config, record.inspection_id, "supplement")
    )
    assert made.created is not None
    chosen["supplement"] = made.created
    out: dict[str, Path] = {}
    with db.read() as s:
        for kind, doc_id in chosen.items():
            view = views.get_document(s, config, doc_id)
            path = data_dir / "pictures" / f"{kind}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(evidence.read_issued(config, view))
            out[kind] = path
    db.close()
    return out


def render_documents(data_dir: Path, out: Path) -> None:
    """docs/documents/<kind>.png: page 1 beside the page the party and the officers sign."""
    from PIL import Image

    from inspector.documents.pdf import convert_to_pdf

    docx = _demo_documents(data_dir)
    pdfs = convert_to_pdf([(path, path.with_suffix(".pdf")) for path in docx.values()])
    out.mkdir(parents=True, exist_ok=True)
    for kind, pdf in zip(docx, pdfs, strict=True):
        pages = _page_texts(pdf)
        signed = next(
            (
                n
                for n, text in enumerate(pages, 1)
                if "执法人员（签名）" in text or "卫生监督员（签名）" in text
            ),
            len(pages),
        )
        images = []
        for n in dict.fromkeys((1, signed)):
            prefix = pdf.with_name(f"{kind}-p{n}")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "72",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-singlefile",
                    str(pdf),
                    str(prefix),
                ],
                check=True,
            )
            images.append(Image.open(prefix.with_suffix(".png")))
        sheet = Image.new(
            "RGB", (sum(i.width for i in images) + 12 * (len(images) - 1), images[0].height), "#888"
        )
        x = 0
        for image in images:
            sheet.paste(image, (x, 0))
            x += image.width + 12
        target = out / f"{kind}.png"
        sheet.save(target)
        print(target)


def _page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]
