"""This installation's signing key: one Ed25519 key pair per data directory, made on first use.

Every exchange package is signed with it, and the office (or a laptop) accepts a package only when
the key that signed it was enrolled there (:mod:`inspector.exchange.enrolment`). The private key
never leaves the data directory: it is not in backups (``keys/`` is not a backed-up folder, so a
laptop restored from a backup gets a new key and is enrolled again) and not in packages; only the
public key and its fingerprint are shown and exported.

All reading and writing of the private key happens in this module, so that storing it encrypted
(data at rest) changes this file only. The file is PKCS#8 PEM, mode 0600, in a 0700 folder; it is
created exclusively (two processes starting at once end up with the same key, never with a key that
signed a package and was then replaced).

The same key pair also receives packages (:mod:`inspector.exchange.envelope`): its X25519 twin (the
Montgomery form of the Ed25519 public key, and the scalar Ed25519 itself derives from the seed, as
libsodium's ``crypto_sign_ed25519_*_to_curve25519`` do) opens the key a sender wrapped for it. So
the key a person already compared and enrolled is the one a package is encrypted for: there is no
second key to carry, compare or revoke.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from inspector import durable
from inspector.config import Config
from inspector.errors import UserError
from inspector.i18n import os_reason, tr

KEY_DIR = "keys"
KEY_FILE = "exchange-ed25519.pem"
PUBLIC_KEY_BYTES = 32


def key_path(config: Config) -> Path:
    return config.data_dir / KEY_DIR / KEY_FILE


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as err:
        raise UserError(
            tr(
                "The signing key {path} cannot be read; packages cannot be signed. Restore the file, "
                "or move it away to make a new key (then enrol this computer again).",
                path=str(path),
            )
        ) from err
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(tr("The signing key {path} is not an Ed25519 key.", path=str(path)))
    return key


def _create(path: Path) -> None:
    """Write a new key under ``path`` unless one appeared meanwhile (link fails if it exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError, NotImplementedError):
        path.parent.chmod(0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = durable.write_temp(path, lambda fh: fh.write(pem), mode=0o600)
    try:
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    durable.fsync_dir(path.parent)


def private_key(config: Config) -> Ed25519PrivateKey:
    """This installation's private key, made on first use."""
    path = key_path(config)
    if not path.is_file():
        try:
            _create(path)
        except OSError as err:
            raise UserError(
                tr(
                    "Cannot create the signing key in {path}: {reason}",
                    path=str(path.parent),
                    reason=os_reason(err),
                )
            ) from err
    return _load(path)


def public_key(config: Config) -> bytes:
    """This installation's public key, raw (32 bytes)."""
    return (
        private_key(config)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def sign(config: Config, data: bytes) -> bytes:
    return private_key(config).sign(data)


def agreement_key(config: Config) -> X25519PrivateKey:
    """The X25519 twin of this installation's private key: what opens packages sent to it."""
    seed = private_key(config).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return X25519PrivateKey.from_private_bytes(hashlib.sha512(seed).digest()[:32])


_P = 2**255 - 19


def agreement_public(raw_public_key: bytes) -> bytes:
    """The X25519 public key of an Ed25519 public key (u = (1 + y) / (1 - y) mod p); ValueError for
    bytes that are no usable key."""
    if len(raw_public_key) != PUBLIC_KEY_BYTES:
        raise ValueError("an Ed25519 public key has 32 bytes")
    y = int.from_bytes(raw_public_key, "little") & ((1 << 255) - 1)
    if y >= _P or y == 1:
        raise ValueError("not a usable Ed25519 public key")
    u = (1 + y) * pow(1 - y, _P - 2, _P) % _P
    return u.to_bytes(32, "little")


def fingerprint(raw_public_key: bytes) -> str:
    """The SHA-256 of the raw public key, hex: what identifies a key everywhere."""
    return hashlib.sha256(raw_public_key).hexdigest()


def show_fingerprint(fp: str) -> str:
    """The first 128 bits in groups of four, for reading aloud over the telephone: ``3f2a 91c0 …``."""
    return " ".join(fp[i : i + 4] for i in range(0, 32, 4))


def verifies(raw_public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, length: int | None = None) -> bytes | None:
    """Bytes from base64 text, or None when it is not that (or not ``length`` bytes long)."""
    if not isinstance(text, str) or len(text) > 4096:
        return None
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    return data if length is None or len(data) == length else None
