"""Size caps: a package or backup that would unpack to too much is refused before anything is
written, and without unpacking it.

The bomb is a real zip: 1 GiB of zeros in a 4.7 MB file, a photo original well over the 200 MB a photo
may be, listed in the manifest with its true hash and size and signed by the enrolled laptop. Its
deflate stream is built from one compressed MiB repeated (a full flush makes each MiB independent),
so making it costs a CRC pass instead of compressing a gigabyte; reading it back gives the zeros.
"""

from __future__ import annotations

import json
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector import exchange
from inspector.archive import DEFAULT_TOTAL_LIMIT, TOTAL_LIMIT_ENV, total_limit
from inspector.backup import create_backup, restore_backup
from inspector.cli import main
from inspector.errors import UserError
from inspector.exchange import signing
from inspector.services.actor import SYSTEM
from tests import sealed_packages
from tests.security.exchange_setup import (
    Members,
    Peers,
    assert_unchanged,
    forge,
    peers_fixture,  # noqa: F401 - the fixture
    snapshot,
)

MiB = 1 << 20
GiB_ZEROS_SHA256 = "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14"  # sha256(b"\0" * 2**30)
PEAK_LIMIT = 64 * MiB


class _RepeatedZeros:
    """A stand-in for zlib's compressor that returns the one compressed MiB of zeros each time."""

    def __init__(self) -> None:
        c = zlib.compressobj(1, zlib.DEFLATED, -15)
        self.block = c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
        self.tail = c.flush(zlib.Z_FINISH)

    def compress(self, data: bytes) -> bytes:
        assert data == b"\0" * MiB
        return self.block

    def flush(self, _mode: int = zlib.Z_FINISH) -> bytes:
        return self.tail


def add_gigabyte(zf: zipfile.ZipFile, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Write 1 GiB of zeros as ``name`` (deflated) into the open ``zf``."""
    fake = _RepeatedZeros()
    with monkeypatch.context() as m:
        m.setattr(zipfile, "_get_compressor", lambda *_a, **_k: fake)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        zero = b"\0" * MiB
        with zf.open(info, "w", force_zip64=True) as out:
            for _ in range(1024):
                out.write(zero)


def _bomb_package(peers: Peers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The good package plus a 1 GiB photo original, manifest listing it, signed by the laptop."""
    name = f"files/photos/{GiB_ZEROS_SHA256}"
    signed = forge(
        peers.package, tmp_path / "plain.zip", lambda _m, _man: None, to=peers.office, sealed=False
    )
    with zipfile.ZipFile(signed) as zf:
        members: Members = {n: zf.read(n) for n in zf.namelist()}
    manifest: dict[str, Any] = json.loads(members.pop("package.json"))
    manifest["files"][name] = {"sha256": GiB_ZEROS_SHA256, "size": 1 << 30}
    blob = json.dumps(manifest, sort_keys=True).encode()
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, b in members.items():
            zf.writestr(n, b)
        add_gigabyte(zf, name, monkeypatch)
        zf.writestr("package.json", blob)
        zf.writestr(signing.SEAL, signing.sealer(peers.laptop)(blob))
    return sealed_packages.seal(bomb, peers.office)


def _peak_while(fn: Any) -> int:
    tracemalloc.start()
    try:
        fn()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_a_gigabyte_photo_in_a_small_package_is_refused_unread(
    peers: Peers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = _bomb_package(peers, tmp_path, monkeypatch)
    assert bomb.stat().st_size < 7 * MiB
    before = snapshot(peers.office, peers.office_db)
    raised: list[UserError] = []

    def attempt() -> None:
        try:
            exchange.import_package(peers.office_db, peers.office, SYSTEM, bomb)
        except UserError as err:
            raised.append(err)

    peak = _peak_while(attempt)
    assert raised and "1,024 MB" in raised[0].message and "200 MB" in raised[0].message
    assert "在写入任何内容之前已被拒绝" in raised[0].message
    assert peak < PEAK_LIMIT, f"{peak / MiB:.0f} MiB allocated while refusing"
    assert_unchanged(peers.office, peers.office_db, before)


def test_a_manifest_that_lies_about_a_size_is_refused_before_reading(peers: Peers, tmp_path: Path) -> None:
    def lie(_m: Members, man: dict[str, Any]) -> None:
        man["lie"] = True

    forged = forge(peers.package, tmp_path / "lie.zip", lie, to=peers.office, sealed=False)
    with zipfile.ZipFile(forged) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["package.json"])
    photo = next(n for n in manifest["files"] if n.startswith("files/photos/"))
    manifest["files"][photo]["size"] = 3 << 30
    members["package.json"] = json.dumps(manifest).encode()
    members[signing.SEAL] = signing.sealer(peers.laptop)(members["package.json"])
    with zipfile.ZipFile(forged, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    sealed_packages.seal(forged, peers.office)
    before = snapshot(peers.office, peers.office_db)
    with pytest.raises(UserError, match="3,072 MB"):
        exchange.import_package(peers.office_db, peers.office, SYSTEM, forged)
    assert_unchanged(peers.office, peers.office_db, before)


def test_the_total_cap_is_configurable(peers: Peers, monkeypatch: pytest.MonkeyPatch) -> None:
    assert total_limit() == DEFAULT_TOTAL_LIMIT == 2 << 30
    monkeypatch.setenv(TOTAL_LIMIT_ENV, "4GB")
    assert total_limit() == 4 << 30
    monkeypatch.setenv(TOTAL_LIMIT_ENV, "lots")
    with pytest.raises(UserError, match=TOTAL_LIMIT_ENV):
        total_limit()
    monkeypatch.setenv(TOTAL_LIMIT_ENV, "10KB")
    before = snapshot(peers.office, peers.office_db)
    with pytest.raises(UserError, match=f"超过 0.01 MB 的上限。.*{TOTAL_LIMIT_ENV}"):
        exchange.import_package(peers.office_db, peers.office, SYSTEM, peers.package)
    assert_unchanged(peers.office, peers.office_db, before)
    monkeypatch.setenv(TOTAL_LIMIT_ENV, "1GB")
    assert exchange.import_package(peers.office_db, peers.office, SYSTEM, peers.package).inserted


@pytest.fixture
def backup_file(peers: Peers, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "laptop-backup.zip"
    create_backup(peers.laptop, path)
    yield path


def test_restore_refuses_a_gigabyte_member_unread(
    backup_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zipfile.ZipFile(backup_file) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    name = f"photos/originals/{GiB_ZEROS_SHA256[:2]}/{GiB_ZEROS_SHA256}"
    manifest["files"][name] = {"sha256": GiB_ZEROS_SHA256, "size": 1 << 30}
    bomb = tmp_path / "bomb-backup.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, b in members.items():
            zf.writestr(n, b)
        add_gigabyte(zf, name, monkeypatch)
        zf.writestr("manifest.json", json.dumps(manifest))
    target = tmp_path / "restored"
    raised: list[UserError] = []

    def attempt() -> None:
        try:
            restore_backup(bomb, target)
        except UserError as err:
            raised.append(err)

    peak = _peak_while(attempt)
    assert raised and "1,024 MB" in raised[0].message
    assert peak < PEAK_LIMIT
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".restored")) == []


def test_restore_applies_the_total_cap(
    backup_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOTAL_LIMIT_ENV, "20KB")
    target = tmp_path / "restored"
    with pytest.raises(UserError, match=TOTAL_LIMIT_ENV):
        restore_backup(backup_file, target)
    assert not target.exists() and [p for p in tmp_path.iterdir() if p.name.startswith(".restored")] == []
    monkeypatch.delenv(TOTAL_LIMIT_ENV)
    assert restore_backup(backup_file, target).files > 0  # the control: without the cap it restores
    assert main(["verify", "--data-dir", str(target)]) == 0
