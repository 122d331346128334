"""``inspector exchange export|import|check|conflicts|resolve``: moving records between a laptop and
the office.

``export --out FILE [--since TIME]`` writes a package of the records made or changed since TIME (a
date or ISO time; without a zone, this computer's local time), or of everything without ``--since``.
``import FILE`` applies a package (twice changes nothing); records changed on both sides are listed
by ``conflicts`` and settled with ``resolve ID --keep mine|theirs``. ``check FILE`` validates a
package without importing it. A package is encrypted for the enrolled computers (``--to NAME`` picks
some); only they can open it.

Trust: ``key --out FILE`` writes this installation's public key and prints its fingerprint; ``enrol
FILE --name NAME`` trusts another computer's key (office staff or administrators), ``keys`` lists the
enrolled ones and ``revoke NAME|FINGERPRINT`` stops trusting one. Only packages signed by an enrolled,
unrevoked key are imported.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from inspector import exchange
from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.errors import UserError
from inspector.exchange import enrolment, signing
from inspector.exchange.device_key import show_fingerprint
from inspector.i18n import tr


def parse_since(text: str) -> dt.datetime:
    """An ISO date or time; without a time zone it is this computer's local time."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise UserError(
            tr('"{text}" is not a date or time; write e.g. 2026-11-01 or 2026-11-01T08:00.', text=text)
        ) from err
    if value.tzinfo is None:
        value = value.astimezone()
    return value


def register(sub: Actions) -> None:
    cmds = command_actions(sub, "exchange", "exchange records between laptops and the office")
    ex = command(cmds, "export", "write a package of new and changed records with their photos", _export)
    ex.add_argument("--out", type=Path, required=True, metavar="FILE")
    ex.add_argument(
        "--since",
        default=None,
        metavar="DATETIME",
        help="only records changed since then (default: everything)",
    )
    ex.add_argument(
        "--to",
        action="append",
        default=None,
        metavar="NAME",
        help="encrypt for this enrolled computer (name or fingerprint; repeatable; default: every "
        "enrolled, unrevoked key)",
    )
    im = command(cmds, "import", "import a package (validated completely first)", _import)
    im.add_argument("file", type=Path, metavar="FILE")
    ck = command(cmds, "check", "check a package without importing it", _check)
    ck.add_argument("file", type=Path, metavar="FILE")
    cf = command(cmds, "conflicts", "list records changed on both sides", _conflicts)
    cf.add_argument("--all", action="store_true", help="include resolved conflicts")
    cf.add_argument("--json", action="store_true")
    rs = command(cmds, "resolve", "settle a conflict", _resolve)
    rs.add_argument("id", help="the conflict's id (or its first characters)")
    rs.add_argument("--keep", choices=["mine", "theirs"], required=True)
    _register_keys(cmds)


def _register_keys(cmds: Actions) -> None:
    k = command(cmds, "key", "write this computer's public key to a file and show its fingerprint", _key)
    k.add_argument("--out", type=Path, required=True, metavar="FILE")
    k.add_argument("--label", default=None, help="whose key it is (default: this computer's name)")
    en = command(cmds, "enrol", "trust packages signed by another computer's key (office, admin)", _enrol)
    en.add_argument("file", type=Path, metavar="FILE")
    en.add_argument("--name", required=True, help="what to call that computer, e.g. 笔记本3")
    ks = command(cmds, "keys", "list the enrolled keys", _keys)
    ks.add_argument("--json", action="store_true")
    rv = command(cmds, "revoke", "stop trusting an enrolled key (office, admin)", _revoke)
    rv.add_argument("key", help="its name or the first characters of its fingerprint")


def _key(ctx: Context, args: argparse.Namespace) -> int:
    import platform

    label = args.label if args.label is not None else platform.node()
    with ctx.db.write() as s:
        key = enrolment.write_key_file(s, ctx.config, args.out, label[:64])
    ctx.out(tr("Public key written to {path}.", path=str(args.out)))
    ctx.out(tr("Fingerprint: {fingerprint}", fingerprint=show_fingerprint(key.fingerprint)))
    return 0


def _enrol(ctx: Context, args: argparse.Namespace) -> int:
    key = enrolment.read_key_file(args.file)
    with ctx.db.write() as s:
        view = enrolment.enrol(s, ctx.actor, ctx.config, key, args.name)
    ctx.out(
        tr(
            "Enrolled “{name}” (fingerprint {fingerprint}): its signed packages will be imported here. "
            "Compare the fingerprint with the one shown on that computer.",
            name=view.name,
            fingerprint=view.shown,
        )
    )
    return 0


def _keys(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        rows = enrolment.list_keys(s)
    own = enrolment.own_key(ctx.config).fingerprint
    if args.json:
        ctx.out_json(
            {
                "own_fingerprint": own,
                "enrolled": [
                    {
                        "name": v.name,
                        "fingerprint": v.fingerprint,
                        "install_id": v.install_id,
                        "enrolled_at": v.enrolled_at.isoformat(),
                        "enrolled_by": v.enrolled_by,
                        "revoked_at": v.revoked_at.isoformat() if v.revoked_at else None,
                    }
                    for v in rows
                ],
            }
        )
        return 0
    ctx.out(tr("This computer's key: {fingerprint}", fingerprint=show_fingerprint(own)))
    for v in rows:
        state = v.state
        when = v.enrolled_at.astimezone().strftime("%Y-%m-%d")
        ctx.out(f"{v.name:<20} {v.shown}  {when}  {v.enrolled_by}  [{state}]")
    ctx.out(tr("{n} enrolled key(s).", n=len(rows)))
    return 0


def _revoke(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as s:
        view = enrolment.revoke(s, ctx.actor, args.key)
    ctx.out(
        tr(
            "Revoked “{name}” ({fingerprint}): its packages are refused from now on.",
            name=view.name,
            fingerprint=view.shown,
        )
    )
    return 0


def _export(ctx: Context, args: argparse.Namespace) -> int:
    result = exchange.export_package(
        ctx.db,
        ctx.config,
        ctx.actor,
        args.out,
        since=parse_since(args.since) if args.since else None,
        progress=ctx.err,
        to=args.to or (),
    )
    ctx.out(
        tr(
            "Package written: {path} ({records} records, {photos} photos, {documents} documents).",
            path=str(result.path),
            records=result.records,
            photos=result.photos,
            documents=result.documents,
        )
    )
    ctx.out(tr("Encrypted for: {names}.", names=", ".join(result.recipients)))
    return 0


def _import(ctx: Context, args: argparse.Namespace) -> int:
    result = exchange.import_package(ctx.db, ctx.config, ctx.actor, args.file, progress=ctx.err)
    if result.already:
        ctx.out(tr("The package {file} was imported before; nothing changed.", file=args.file.name))
        return 0
    ctx.out(tr("The package is signed by “{name}”.", name=result.signed_by))
    ctx.out(
        tr(
            "Imported {file}: {inserted} new, {updated} updated, {unchanged} already here, {kept} kept as "
            "they are here, {conflicts} conflicts.",
            file=args.file.name,
            inserted=sum(result.inserted.values()),
            updated=sum(result.updated.values()),
            unchanged=sum(result.unchanged.values()),
            kept=sum(result.kept.values()),
            conflicts=result.conflicts,
        )
    )
    if result.conflicts:
        ctx.out(
            tr('Settle the conflicts with "inspector exchange conflicts" and "inspector exchange resolve".')
        )
    return 0


def _check(ctx: Context, args: argparse.Namespace) -> int:
    pkg = exchange.read_package(args.file, ctx.config)
    if signing.signed_here(ctx.config, pkg.archive):
        signer = tr("this computer")
    else:
        with ctx.db.read() as s:
            signer = signing.signer_of(s, pkg.archive).name
    n = sum(len(r) for r in pkg.records.values())
    ctx.out(
        tr(
            "The package {file} is intact and signed by “{signer}”: {n} records, {events} audit events, "
            "made {when}.",
            file=args.file.name,
            signer=signer,
            n=n,
            events=len(pkg.events),
            when=pkg.created_at.isoformat(),
        )
    )
    return 0


def _conflicts(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        rows = exchange.list_conflicts(s, include_resolved=args.all)
    if args.json:
        ctx.out_json(
            [
                {
                    "id": str(c.id),
                    "entity": c.entity,
                    "record_id": c.record_id,
                    "kind": c.kind,
                    "field": c.field,
                    "other_id": c.other_id,
                    "package": c.package_file,
                    "created_at": c.created_at.isoformat(),
                    "resolution": c.resolution,
                    "differences": [
                        {"field": d.field, "mine": d.mine, "theirs": d.theirs} for d in c.differences
                    ],
                }
                for c in rows
            ]
        )
        return 0
    for c in rows:
        ctx.out(f"{str(c.id)[:8]}  {c.summary}" + (f"  [{c.resolution}]" if c.resolution else ""))
        for d in c.differences:
            ctx.out(f"    {d.field}: {tr('here')}={d.mine!r}  {tr('incoming')}={d.theirs!r}")
    ctx.out(tr("{n} conflicts", n=len(rows)))
    return 0


def _resolve(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as s:
        view = exchange.resolve_conflict(s, ctx.actor, args.id, args.keep)
    ctx.out(
        tr(
            "Conflict {id} settled: kept {keep}.",
            id=str(view.id)[:8],
            keep=tr("this database's version") if args.keep == "mine" else tr("the incoming version"),
        )
    )
    return 0
