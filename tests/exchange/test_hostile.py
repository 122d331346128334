"""Hostile and broken packages are refused with a clear message and nothing is written.

Each variant starts from a good package. Some are damaged the simple way (the manifest no longer
matches); others are re-packed with a recomputed manifest and signed again with the laptop's own key,
as an attacker holding an enrolled laptop would do, so the deeper checks (references, digests, audit
hashes, schema) are what must catch them. (Unsigned, forged and altered-after-signing packages:
``tests/security/test_exchange_signing.py``.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from inspector import exchange
from inspector.config import Config, resolve
from inspector.errors import UserError
from inspector.exchange import device_key, enrolment, signing
from inspector.services import audit
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, open_database
from tests import sealed_packages
from tests.world import build_world, enrol, same_accounts

Members = dict[str, bytes]


def repack(
    src: Path,
    dst: Path,
    edit: Callable[[Members, dict], None],
    *,
    rehash: bool = True,
    extra: list[tuple[zipfile.ZipInfo, bytes]] = (),
    signer: Config | None = None,
    to: Config,
) -> Path:  # type: ignore[assignment]
    """``src`` (opened with ``to``'s key) with ``edit`` applied, the manifest recomputed (``rehash``)
    and signed by ``signer`` (else the old signature is kept, which no longer matches when the
    manifest changed), sealed for ``to`` again."""
    members = sealed_packages.members(src, to)
    manifest = json.loads(members.pop("package.json"))
    seal = members.pop(signing.SEAL, None)
    edit(members, manifest)
    if rehash:
        manifest["files"] = {
            n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for n, b in members.items()
        }
    with zipfile.ZipFile(dst, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
        for info, data in extra:
            zf.writestr(info, data)
        blob = json.dumps(manifest).encode()
        zf.writestr("package.json", blob)
        if signer is not None:
            zf.writestr(signing.SEAL, signing.sealer(signer)(blob))
        elif seal is not None:
            zf.writestr(signing.SEAL, seal)
    return sealed_packages.seal(dst, to)


def lines(members: Members, name: str) -> list[dict]:
    return [json.loads(x) for x in members[name].decode().splitlines() if x]


def put(members: Members, name: str, rows: list[dict]) -> None:
    members[name] = ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode()


@pytest.fixture(scope="module")
def office_key(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The office's key, made once: the module's package is encrypted for it, and each test's office
    (``second``) gets it before anything else makes one."""
    keys = resolve(tmp_path_factory.mktemp("office-key") / "data")
    enrolment.own_key(keys)
    return keys


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory, office_key: Config) -> tuple[Config, Path]:
    """One laptop and its good package for every variant (building the world once keeps it fast)."""
    root = tmp_path_factory.mktemp("laptop")
    config = resolve(root / "data")
    db = open_database(config)
    try:
        build_world(db, config, root)
        with db.write() as s:
            enrolment.enrol(s, SYSTEM, config, enrolment.own_key(office_key), "办公室")
        path = root / "good.zip"
        exchange.export_package(db, config, SYSTEM, path)
    finally:
        db.close()
    return config, path


@pytest.fixture
def good(laptop: tuple[Config, Path], second: tuple[Config, Database], office_key: Config) -> Path:
    """The good package, with the office (``second``, holding the office key) trusting the laptop
    and having its accounts."""
    config, path = laptop
    office_cfg, office = second
    target = device_key.key_path(office_cfg)
    assert not target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(device_key.key_path(office_key), target)
    enrol(office_cfg, office, config)
    db = open_database(config)
    try:
        same_accounts(db, office)
    finally:
        db.close()
    return path


def _state(config: Config, db: Database) -> tuple[tuple[int, str], list[str]]:
    with db.read() as s:
        files = sorted(
            str(p.relative_to(config.data_dir))
            for p in config.data_dir.rglob("*")
            if p.is_file() and not p.name.startswith("inspector.sqlite3")
        )
        return audit.head(s), files


def _drop_inspections(m: Members, _man: dict) -> None:
    for name in list(m):
        if name in (
            "records/inspections.jsonl",
            "records/inspection_inspectors.jsonl",
            "records/photos.jsonl",
            "records/documents.jsonl",
            "records/rectifications.jsonl",
            "records/rectification_events.jsonl",
            "records/addenda.jsonl",
        ) or name.startswith("files/"):
            del m[name]


def _unknown_field(m: Members, _man: dict) -> None:
    rows = lines(m, "records/sites.jsonl")
    rows[0]["data"]["stars"] = 5
    put(m, "records/sites.jsonl", rows)


def _digest_lie(m: Members, _man: dict) -> None:
    rows = lines(m, "records/answers.jsonl")
    rows[0]["data"]["finding"] = "篡改后的记录"
    put(m, "records/answers.jsonl", rows)


def _event_altered(m: Members, _man: dict) -> None:
    rows = [json.loads(x) for x in m["audit.jsonl"].decode().splitlines()]
    rows[2]["actor_name"] = "someone else"
    m["audit.jsonl"] = ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode()


def _event_removed(m: Members, _man: dict) -> None:
    rows = m["audit.jsonl"].decode().splitlines()
    del rows[3]
    m["audit.jsonl"] = ("\n".join(rows) + "\n").encode()


def _smuggled_file(m: Members, _man: dict) -> None:
    m["files/photos/" + "ab" * 32] = b"not referenced by any record"


def _newer_schema(_m: Members, man: dict) -> None:
    man["schema"] = "9999_from_the_future"


def _unknown_kind(m: Members, _man: dict) -> None:
    m["records/spaceships.jsonl"] = b'{"key": "1", "data": {}}\n'


def _wrong_type(m: Members, _man: dict) -> None:
    rows = lines(m, "records/answers.jsonl")
    rows[0]["data"]["inspection_id"] = 12345
    put(m, "records/answers.jsonl", rows)


def _photo_swapped(m: Members, _man: dict) -> None:
    name = next(n for n in m if n.startswith("files/photos/"))
    m[name] = b"a different picture"


def _bad_snapshot(m: Members, _man: dict) -> None:
    rows = lines(m, "records/form_snapshots.jsonl")
    rows[0]["data"]["content"] = rows[0]["data"]["content"].replace("B超", "X光")
    from inspector.exchange.records import payload_digest, table_named

    rows[0]["digest"] = payload_digest(table_named("form_snapshots"), rows[0]["data"], {})  # type: ignore[arg-type]
    put(m, "records/form_snapshots.jsonl", rows)


CASES: list[tuple[str, Callable[[Members, dict], None], str]] = [
    ("broken references", _drop_inspections, "既不在数据包中，也不在本数据库中"),
    ("unknown field", _unknown_field, "未知字段"),
    ("digest lie", _digest_lie, "与其摘要不符"),
    ("audit event altered", _event_altered, "审计事件与其哈希不符"),
    ("audit event removed", _event_removed, "审计链断裂"),
    ("smuggled file", _smuggled_file, "不属于数据包中的任何记录"),
    ("newer schema", _newer_schema, "更新版本"),
    ("unknown kind", _unknown_kind, "不认识的记录类型"),
    ("wrong type", _wrong_type, "值类型不对"),
    ("swapped photo", _photo_swapped, "与清单中的哈希不符"),
    ("altered checklist", _bad_snapshot, "固化的检查表与其哈希不符"),
]


@pytest.mark.parametrize(("case", "edit", "message"), CASES, ids=[c[0] for c in CASES])
def test_refused_and_nothing_written(  # noqa: PLR0917 - pytest parameters and fixtures
    case: str,
    edit: Callable[[Members, dict], None],
    message: str,
    good: Path,
    laptop: tuple[Config, Path],
    second: tuple[Config, Database],
    tmp_path: Path,
) -> None:
    office_cfg, office = second
    before = _state(office_cfg, office)
    bad = repack(good, tmp_path / f"{case}.zip", edit, signer=laptop[0], to=office_cfg)
    with pytest.raises(UserError, match=message) as info:
        exchange.import_package(office, office_cfg, SYSTEM, bad)
    assert "未作任何更改" in str(info.value)
    assert _state(office_cfg, office) == before


def test_damaged_archives_are_refused(good: Path, second: tuple[Config, Database], tmp_path: Path) -> None:
    office_cfg, office = second
    before = _state(office_cfg, office)
    raw = good.read_bytes()
    variants: dict[str, tuple[Path, str]] = {}
    (tmp_path / "truncated.zip").write_bytes(raw[: len(raw) - 200])
    variants["truncated"] = (tmp_path / "truncated.zip", "不完整")
    variants["hash"] = (
        repack(good, tmp_path / "hash.zip", _digest_lie, rehash=False, to=office_cfg),
        "与清单中的哈希不符",
    )
    variants["traversal"] = (
        repack(
            good,
            tmp_path / "trav.zip",
            lambda m, _: None,
            extra=[(zipfile.ZipInfo("../../etc/evil"), b"x")],
            to=office_cfg,
        ),
        "不是普通的相对文件名",
    )
    variants["absolute"] = (
        repack(
            good,
            tmp_path / "abs.zip",
            lambda m, _: None,
            extra=[(zipfile.ZipInfo("/tmp/evil"), b"x")],
            to=office_cfg,
        ),
        "不是普通的相对文件名",
    )
    link = zipfile.ZipInfo("files/photos/" + "cd" * 32)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    variants["symlink"] = (
        repack(good, tmp_path / "link.zip", lambda m, _: None, extra=[(link, b"/etc/passwd")], to=office_cfg),
        "符号链接",
    )
    (tmp_path / "notzip.zip").write_bytes(b"PK\x03\x04 certainly not a zip")
    variants["plain zip"] = (tmp_path / "notzip.zip", "没有加密")
    (tmp_path / "garbage.zip").write_bytes(b"certainly not a package")
    variants["garbage"] = (tmp_path / "garbage.zip", "不是数据交换包")
    plain = sealed_packages.plain_zip(good, office_cfg, tmp_path / "plain.zip")
    variants["inner zip alone"] = (plain, "没有加密")
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0x01
    (tmp_path / "flipped.zip").write_bytes(bytes(flipped))
    variants["flipped ciphertext"] = (tmp_path / "flipped.zip", "已损坏或不完整")
    for name, (path, message) in variants.items():
        with pytest.raises(UserError, match=message):
            exchange.import_package(office, office_cfg, SYSTEM, path)
        assert _state(office_cfg, office) == before, name
    assert not (tmp_path.parent / "etc").exists()
