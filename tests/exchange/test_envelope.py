"""Exchange packages travel encrypted: the bytes on a USB stick hold no site name, finding, JPEG or
Word file; only the computers the package was encrypted for open it; a changed byte, a plain
package or one for another office is refused with a clear message and nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from inspector import exchange
from inspector.cli import main
from inspector.config import Config, resolve
from inspector.errors import UserError
from inspector.exchange import device_key, envelope
from inspector.services import unlock
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, open_database
from inspector.storage.models import Answer, Site
from tests import sealed_packages
from tests.crypto.test_at_rest import SIGNATURES
from tests.world import World, enrol, pair


def test_the_agreement_key_is_the_twin_of_the_enrolled_signing_key(tmp_path: Path) -> None:
    config = resolve(tmp_path / "a")
    derived = device_key.agreement_key(config).public_key()
    raw = derived.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert device_key.agreement_public(device_key.public_key(config)) == raw
    with pytest.raises(ValueError):
        device_key.agreement_public((1).to_bytes(32, "little"))  # the neutral point: no key


def test_a_demo_package_reveals_nothing_and_opens_only_for_its_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    laptop = unlock.sign_in(resolve(data), "admin", "demo1234")
    office = resolve(tmp_path / "office")
    stranger = resolve(tmp_path / "stranger")
    package = tmp_path / "usb" / "demo.zip"
    try:
        with laptop.db.read() as s:
            names = [n for (n,) in s.execute(select(Site.name))]
            findings = [f for (f,) in s.execute(select(Answer.finding).where(Answer.finding != ""))]
        enrol(laptop.config, laptop.db, office, "县卫健委")
        result = exchange.export_package(laptop.db, laptop.config, SYSTEM, package)
    finally:
        laptop.db.close()
    assert result.photos and result.documents
    assert [n.split("-")[0] for n in result.recipients] == ["县卫健委"]
    # the plain zip inside does hold what must not show (so the scan below can fail)
    inner = sealed_packages.members(package, office)
    sample = next(b for n, b in inner.items() if n.startswith("files/photos/"))
    assert sample.startswith(b"\xff\xd8\xff")
    assert any(b.startswith(b"PK\x03\x04") for n, b in inner.items() if n.startswith("files/documents/"))
    assert names[0].encode() in inner["records/sites.jsonl"]
    # … and the package itself holds none of it
    content = package.read_bytes()
    needles = {**SIGNATURES, "finding": findings[0].encode()}
    needles.update({f"site {n}": n.encode() for n in names})
    needles.update({f"start of {n}": b[:16] for n, b in inner.items() if n.startswith("files/")})
    found = [what for what, needle in needles.items() if needle in content]
    assert not found, f"the package holds {found}"
    assert not list(package.parent.glob(".*.part"))  # no temporary file was left either
    # the office reads it; a computer it was not encrypted for cannot, whatever it trusts
    office_db = open_database(office)
    stranger_db = open_database(stranger)
    try:
        enrol(office, office_db, laptop.config)
        assert main(["exchange", "check", str(package), "--data-dir", str(office.data_dir)]) == 0
        enrol(stranger, stranger_db, laptop.config)
        assert main(["exchange", "check", str(package), "--data-dir", str(stranger.data_dir)]) == 2
        err = capsys.readouterr().err
        assert "不是发给本机的" in err and device_key.show_fingerprint(_fp(stranger)) in err
    finally:
        office_db.close()
        stranger_db.close()
    # on the encrypted laptop itself, signed in: its key file for the office, and its own package
    monkeypatch.setenv("INSPECTOR_PASSWORD", "demo1234")
    as_admin = ["--data-dir", str(data), "--as", "admin"]
    assert main(["exchange", "key", "--out", str(tmp_path / "laptop.key"), *as_admin]) == 0
    assert main(["exchange", "check", str(package), *as_admin]) == 0
    assert "由“本机”签名" in capsys.readouterr().out


def _fp(config: Config) -> str:
    return device_key.fingerprint(device_key.public_key(config))


def test_to_picks_the_recipients(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    other = resolve(tmp_path / "other")
    other_db = open_database(other)
    try:
        enrol(sqlite_config, sqlite_db, other, "另一个办公室")
        enrol(other, other_db, sqlite_config)
        pkg = tmp_path / "to-other.zip"
        name = f"另一个办公室-{_fp(other)[:6]}"  # as tests.world.enrol names it
        result = exchange.export_package(sqlite_db, sqlite_config, SYSTEM, pkg, to=[name])
        assert result.recipients == [name]
        exchange.read_package(pkg, other)
        exchange.read_package(pkg, sqlite_config)  # the sender can check its own package
        with pytest.raises(UserError, match="不是发给本机的"):
            exchange.import_package(office, office_cfg, SYSTEM, pkg)
        both = exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "both.zip")
        assert len(both.recipients) == 2
        exchange.read_package(tmp_path / "both.zip", other)
        exchange.read_package(tmp_path / "both.zip", office_cfg)
    finally:
        other_db.close()


def test_no_enrolled_key_no_package(
    world: World, sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "nobody.zip"
    with pytest.raises(UserError, match="尚未登记任何其他电脑的密钥"):
        exchange.export_package(sqlite_db, sqlite_config, SYSTEM, out)
    assert not list(tmp_path.glob("*nobody*"))


def test_a_changed_envelope_or_stream_is_refused(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    good = tmp_path / "good.zip"
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, good)
    raw = good.read_bytes()
    head = 16 + int.from_bytes(raw[12:16], "big")
    cases = {
        "header": raw[:40] + bytes([raw[40] ^ 1]) + raw[41:],  # a byte of the recipients' JSON
        "first chunk": raw[: head + 100] + bytes([raw[head + 100] ^ 1]) + raw[head + 101 :],
        "last chunk": raw[:-5] + bytes([raw[-5] ^ 1]) + raw[-4:],
        "cut": raw[: head + (len(raw) - head) // 2],
        "appended": raw + b"\0" * 100,
    }
    for name, data in cases.items():
        bad = tmp_path / f"{name}.zip"
        bad.write_bytes(data)
        with pytest.raises(UserError, match="未作任何更改") as info:
            exchange.import_package(office, office_cfg, SYSTEM, bad)
            pytest.fail(f"{name}: imported")
        assert "已损坏" in info.value.message or "无法读取" in info.value.message, name
    with office.read() as s:
        assert not s.execute(select(Site)).first()
    r = exchange.import_package(office, office_cfg, SYSTEM, good)
    assert sum(r.inserted.values()) > 0


def test_a_plain_inner_zip_is_refused(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    """The signed zip on its own (as an older version wrote packages) is refused: packages travel
    encrypted."""
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "good.zip")
    plain = sealed_packages.plain_zip(tmp_path / "good.zip", office_cfg, tmp_path / "plain.zip")
    assert zipfile.is_zipfile(plain)
    with pytest.raises(UserError, match=r"没有加密.*重新导出"):
        exchange.import_package(office, office_cfg, SYSTEM, plain)
    assert (tmp_path / "good.zip").read_bytes()[:8] == envelope.MAGIC
