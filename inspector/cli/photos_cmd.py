"""``inspector photos``: import, list, verify and rebuild photo evidence without the desktop app.

``add`` uses the same pipeline as the app (validate fully, store durably, one transaction per photo)
and prints one line per file; it exits 1 when any file failed, so a script notices. ``verify`` exits
1 when an original is missing or altered.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.i18n import tr
from inspector.services import photos


def register(sub: Actions) -> None:
    cmds = command_actions(sub, "photos", "photo evidence: add, list, verify, rebuild")

    add = command(cmds, "add", "import photo files or folders into an inspection", _add)
    add.add_argument("inspection_id", help="the inspection's id")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE", help="photo files or folders")
    add.add_argument("--item", default=None, metavar="CODE", help="link the photos to this checklist item")
    add.add_argument("--json", action="store_true", help="print the report as JSON")

    lst = command(cmds, "list", "list the photos of an inspection", _list)
    lst.add_argument("inspection_id")
    lst.add_argument("--item", default=None, metavar="CODE")
    lst.add_argument("--deleted", action="store_true", help="include removed photos")
    lst.add_argument("--json", action="store_true")

    ver = command(cmds, "verify", "hash every original again; exit 1 if any is missing or altered", _verify)
    ver.add_argument("--json", action="store_true")

    reb = command(
        cmds, "rebuild", "make the working copies and thumbnails again from the originals", _rebuild
    )
    reb.add_argument("--missing-only", action="store_true", help="only make derived images that are missing")


def _photo_json(v: photos.PhotoView) -> dict[str, Any]:
    return {
        "id": str(v.id),
        "item_code": v.item_code,
        "sha256": v.sha256,
        "size": v.size,
        "original_filename": v.original_filename,
        "format": v.format,
        "width": v.width,
        "height": v.height,
        "captured_at": v.captured_at.isoformat() if v.captured_at else None,
        "captured_local": v.captured_local,
        "captured_offset": v.captured_offset,
        "gps": list(v.gps) if v.gps else None,
        "camera_model": v.camera_model,
        "caption": v.caption,
        "annotated": bool(v.shapes),
        "imported_at": v.imported_at.isoformat(),
        "deleted": v.deleted,
    }


def _add(ctx: Context, args: argparse.Namespace) -> int:
    report = photos.ingest_files(ctx.db, ctx.config, ctx.actor, args.inspection_id, args.files, args.item)
    if args.json:
        ctx.out_json(
            {
                "added": [_photo_json(v) for v in report.added],
                "duplicates": [{"file": str(p), "photo_id": str(v.id)} for p, v in report.duplicates],
                "failed": [{"file": str(p), "reason": reason} for p, reason in report.failed],
            }
        )
    else:
        for v in report.added:
            ctx.out(tr("added      {name}  ({sha})", name=v.original_filename, sha=v.sha256[:12]))
        for path, v in report.duplicates:
            ctx.out(
                tr(
                    "duplicate  {name}  (already in this inspection as {existing})",
                    name=path.name,
                    existing=v.original_filename,
                )
            )
        for _path, reason in report.failed:
            ctx.err(tr("failed     {reason}", reason=reason))
        ctx.out(report.summary().splitlines()[0])
    return 0 if report.ok else 1


def _list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session:
        views = photos.list_photos(session, args.inspection_id, args.item, include_deleted=args.deleted)
    if args.json:
        ctx.out_json([_photo_json(v) for v in views])
        return 0
    if not views:
        ctx.out(tr("No photos."))
    for v in views:
        when = v.captured_local or "-"
        flags = tr(" [removed]") if v.deleted else ""
        ctx.out(
            f"{v.id}  {v.item_code or '-':8}  {when:19}  {v.width}x{v.height}  {v.original_filename}"
            f"{'  ' + v.caption if v.caption else ''}{flags}"
        )
    return 0


def _verify(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session:
        report = photos.verify_originals(session, ctx.config)
    if args.json:
        ctx.out_json(
            {
                "checked": report.checked,
                "missing": [{"sha256": p.sha256, "files": list(p.filenames)} for p in report.missing],
                "altered": [{"sha256": p.sha256, "files": list(p.filenames)} for p in report.altered],
                "unreferenced": report.unreferenced,
            }
        )
        return 0 if report.ok else 1
    for p in report.missing:
        ctx.err(tr("MISSING  {files}  ({sha})", files=", ".join(p.filenames), sha=p.sha256))
    for p in report.altered:
        ctx.err(tr("ALTERED  {files}  ({sha})", files=", ".join(p.filenames), sha=p.sha256))
    if report.unreferenced:
        ctx.out(
            tr(
                "{count} stored original(s) belong to no photo record (left from an interrupted import; "
                "harmless).",
                count=len(report.unreferenced),
            )
        )
    ctx.out(
        tr(
            "{checked} original(s) checked: {missing} missing, {altered} altered.",
            checked=report.checked,
            missing=len(report.missing),
            altered=len(report.altered),
        )
    )
    return 0 if report.ok else 1


def _rebuild(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session:
        report = photos.rebuild_derived(session, ctx.config, only_missing=args.missing_only)
    for _sha, reason in report.failed:
        ctx.err(tr("failed     {reason}", reason=reason))
    ctx.out(
        tr("{rebuilt} photo(s) rebuilt, {failed} failed.", rebuilt=report.rebuilt, failed=len(report.failed))
    )
    return 0 if not report.failed else 1
