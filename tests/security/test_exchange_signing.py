"""Only packages signed by an enrolled, unrevoked key are imported; only office staff import.

Each attack starts from the laptop's good package: unsigned, signed by a stranger, signed by a
stranger claiming the laptop's fingerprint, altered after signing, signed by a revoked key, imported
by an inspector. Every one is refused as a whole and leaves the office exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from inspector import exchange
from inspector.cli import main
from inspector.config import resolve
from inspector.domain import Role
from inspector.errors import PermissionDenied, UserError
from inspector.exchange import device_key, enrolment, signing
from inspector.services.actor import SYSTEM, Actor
from tests import sealed_packages
from tests.identity import CliAs
from tests.security.exchange_setup import (
    Members,
    Peers,
    assert_unchanged,
    forge,
    lines,
    peers_fixture,  # noqa: F401 - the fixture
    put,
    redigest,
    snapshot,
)


def _refused(p: Peers, package: Path, message: str, actor: Actor = SYSTEM) -> None:
    before = snapshot(p.office, p.office_db)
    with pytest.raises(UserError, match=message) as info:
        exchange.import_package(p.office_db, p.office, actor, package)
    assert "未作任何更改" in str(info.value) or isinstance(info.value, PermissionDenied)
    assert_unchanged(p.office, p.office_db, before)


def _nothing(_m: Members, _man: dict[str, Any]) -> None:
    pass


def _rewrite_finding(m: Members, _man: dict[str, Any]) -> None:
    rows = lines(m, "records/answers.jsonl")
    rows[0]["data"]["finding"] = "篡改后的记录"
    redigest(m, "records/answers.jsonl", rows[0])
    put(m, "records/answers.jsonl", rows)


def test_the_good_package_is_imported(peers: Peers) -> None:
    """The control: the same set-up accepts the package as it was signed."""
    result = exchange.import_package(peers.office_db, peers.office, SYSTEM, peers.package)
    assert result.signed_by.startswith("笔记本") and sum(result.inserted.values()) > 10


def test_unsigned_is_refused(peers: Peers, tmp_path: Path) -> None:
    bad = forge(peers.package, tmp_path / "unsigned.zip", _nothing, to=peers.office)
    _refused(peers, bad, "没有签名")


def test_signed_by_an_unknown_key_is_refused(peers: Peers, tmp_path: Path) -> None:
    stranger = resolve(tmp_path / "stranger")
    bad = forge(peers.package, tmp_path / "stranger.zip", _rewrite_finding, signer=stranger, to=peers.office)
    _refused(peers, bad, "未登记的密钥")


def test_a_stranger_claiming_the_laptops_fingerprint_is_refused(peers: Peers, tmp_path: Path) -> None:
    stranger = resolve(tmp_path / "stranger")
    laptop_fp = device_key.fingerprint(device_key.public_key(peers.laptop))

    def claim(m: Members, man: dict[str, Any]) -> None:
        _rewrite_finding(m, man)

    bad = forge(peers.package, tmp_path / "claim.zip", claim, signer=stranger, to=peers.office)
    import zipfile

    members = sealed_packages.members(bad, peers.office)
    seal = json.loads(members[signing.SEAL])
    seal["fingerprint"] = laptop_fp
    seal["public_key"] = device_key.b64(device_key.public_key(peers.laptop))
    members[signing.SEAL] = json.dumps(seal).encode()
    with zipfile.ZipFile(bad, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    sealed_packages.seal(bad, peers.office)
    _refused(peers, bad, "签名之后被改动过")


def test_altered_after_signing_is_refused(peers: Peers, tmp_path: Path) -> None:
    """A record rewritten with a correct digest and a recomputed manifest, the laptop's signature kept."""
    bad = forge(peers.package, tmp_path / "altered.zip", _rewrite_finding, keep_seal=True, to=peers.office)
    _refused(peers, bad, "签名之后被改动过")


def test_a_revoked_key_is_refused(peers: Peers) -> None:
    with peers.office_db.write() as s:
        [key] = enrolment.list_keys(s)
        enrolment.revoke(s, SYSTEM, key.name)
    _refused(peers, peers.package, "已于 .* 吊销")


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.SUPERVISOR])
def test_only_office_staff_import(peers: Peers, role: Role) -> None:
    _refused(peers, peers.package, "无权", actor=Actor(None, "inspector1", role))


def test_enrolling_is_for_office_staff_and_audited(peers: Peers, tmp_path: Path) -> None:
    stranger = resolve(tmp_path / "stranger")
    key = enrolment.own_key(stranger)
    before = snapshot(peers.office, peers.office_db)
    with peers.office_db.write() as s, pytest.raises(PermissionDenied):
        enrolment.enrol(s, Actor(None, "inspector1", Role.INSPECTOR), peers.office, key, "陌生电脑")
    assert_unchanged(peers.office, peers.office_db, before)
    with peers.office_db.write() as s:
        enrolment.enrol(s, Actor(None, "office", Role.OFFICE), peers.office, key, "陌生电脑")
    assert main(["verify", "--data-dir", str(peers.office.data_dir)]) == 0  # the new row is sealed


def test_cli_key_enrol_keys_revoke(
    peers: Peers, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    third = tmp_path / "third"
    out = tmp_path / "third.key"
    assert main(["exchange", "key", "--out", str(out), "--data-dir", str(third)]) == 0
    printed = capsys.readouterr().out
    fp = json.loads(out.read_text(encoding="utf-8"))["fingerprint"]
    assert device_key.show_fingerprint(fp) in printed
    office = ["--data-dir", str(peers.office.data_dir)]
    admin = [*office, *cli_as(peers.office)]  # enrolling and revoking change whom the office trusts
    assert main(["exchange", "enrol", str(out), "--name", "笔记本9", *admin]) == 0
    assert "笔记本9" in capsys.readouterr().out
    assert main(["exchange", "enrol", str(out), "--name", "again", *admin]) == 2
    assert "已登记" in capsys.readouterr().err
    assert main(["exchange", "keys", *office]) == 0
    listing = capsys.readouterr().out
    assert "笔记本9" in listing and "受信任" in listing
    assert main(["exchange", "revoke", "笔记本9", *admin]) == 0
    capsys.readouterr()
    assert main(["exchange", "keys", "--json", *office]) == 0
    keys = json.loads(capsys.readouterr().out)
    assert [k["revoked_at"] is not None for k in keys["enrolled"] if k["name"] == "笔记本9"] == [True]
    (tmp_path / "junk.key").write_text("{}", encoding="utf-8")
    assert main(["exchange", "enrol", str(tmp_path / "junk.key"), "--name", "x", *admin]) == 2
    assert main(["verify", *office]) == 0


def test_the_private_key_is_private(peers: Peers) -> None:
    path = device_key.key_path(peers.laptop)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o077 == 0
    inside = sealed_packages.members(peers.package, peers.office)
    assert all(b"PRIVATE KEY" not in member for member in inside.values())
    assert b"PRIVATE KEY" not in peers.package.read_bytes()
