"""Signing a package over its manifest, and accepting only packages signed by an enrolled key.

The manifest already lists every member's SHA-256 and size, and :func:`inspector.archive.
check_archive` proves each member matches it; so one Ed25519 signature over the manifest's exact bytes
covers the whole package. The signature travels as the member ``package.sig`` (outside the manifest
it signs): the algorithm, the signing key's fingerprint, and the signature. The public key in it is
only informative: the key that verifies is the one enrolled here under that fingerprint.

A package is refused as a whole when it is unsigned, when its key is unknown here or revoked, or when
the signature does not match the manifest (anything changed after signing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from inspector.archive import CheckedArchive
from inspector.config import Config
from inspector.errors import UserError
from inspector.exchange import device_key
from inspector.exchange.device_key import b64, unb64
from inspector.i18n import tr
from inspector.storage.exchange_models import DeviceKey

SEAL = "package.sig"
ALGORITHM = "ed25519"


def sealer(config: Config) -> Callable[[bytes], bytes]:
    """What :meth:`inspector.archive.ArchiveWriter.commit` calls with the manifest's bytes."""
    public = device_key.public_key(config)
    fp = device_key.fingerprint(public)

    def seal(manifest: bytes) -> bytes:
        body = {
            "algorithm": ALGORITHM,
            "fingerprint": fp,
            "public_key": b64(public),
            "signature": b64(device_key.sign(config, manifest)),
        }
        return json.dumps(body, sort_keys=True).encode("ascii")

    return seal


def _refused(path: Path, problem: str) -> UserError:
    from inspector.exchange.package import refused

    return refused(path, [problem])


def signed_here(config: Config, archive: CheckedArchive) -> bool:
    """Whether this computer's own key signed ``archive`` (``exchange check`` where it was made; an
    import refuses a package of its own database anyway)."""
    try:
        seal = json.loads((archive.seal or b"").decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return False
    if not isinstance(seal, dict):
        return False
    public = device_key.public_key(config)
    signature = unb64(seal.get("signature"), 64)
    return (
        seal.get("fingerprint") == device_key.fingerprint(public)
        and signature is not None
        and device_key.verifies(public, signature, archive.manifest_bytes)
    )


def signer_of(session: Session, archive: CheckedArchive) -> DeviceKey:
    """The enrolled key that signed ``archive``; a UserError (nothing changed) for anything else."""
    path = archive.path
    if archive.seal is None:
        raise _refused(
            path,
            tr(
                "it is not signed. Every package must be signed by a computer enrolled here; make it again "
                "with the current version of the app on an enrolled computer"
            ),
        )
    try:
        seal = json.loads(archive.seal.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        seal = None
    if not isinstance(seal, dict):
        seal = {}
    fp = seal.get("fingerprint")
    signature = unb64(seal.get("signature"), 64)
    if not isinstance(fp, str) or signature is None or seal.get("algorithm") != ALGORITHM:
        raise _refused(path, tr("its signature is malformed"))
    key = session.get(DeviceKey, fp[:64])
    if key is None:
        raise _refused(
            path,
            tr(
                "it is signed by a key this database has not enrolled (fingerprint {fingerprint}). If it "
                "comes from one of your computers, enrol that computer's key first (inspector exchange "
                "enrol, or Settings › Exchange)",
                fingerprint=device_key.show_fingerprint(fp),
            ),
        )
    if key.revoked_at is not None:
        raise _refused(
            path,
            tr(
                "it is signed by the key of “{name}”, which was revoked on {date}",
                name=key.name,
                date=key.revoked_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            ),
        )
    if not device_key.verifies(bytes.fromhex(key.public_key), signature, archive.manifest_bytes):
        raise _refused(
            path,
            tr(
                "it was altered after “{name}” signed it (the signature does not match its contents)",
                name=key.name,
            ),
        )
    return key
