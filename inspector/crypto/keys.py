"""The data key and what protects it: one random 256-bit key per data directory, wrapped by keys
derived from passwords and from the recovery code.

Why it looks like this:
- One data key per directory, never stored unwrapped: the database key and the file key are derived
  from it with HKDF (different labels), so neither use can be turned against the other, and the
  SQLCipher key is given raw (``x'…'``), which spares SQLCipher a second key derivation on every
  connection.
- A password protects the key through scrypt (memory-hard; in the standard library). The parameters
  travel with each wrapped copy, so they can be raised later and old copies still open. The default
  costs about a third of a second here (``bench/bench_encryption.py`` records it); that is the price
  of every guess for someone who copied the folder.
- The wrapped copy is AES-256-GCM with the slot's name as associated data, so a copy cannot be moved
  to another account's name, and a wrong secret fails authentication: it reveals nothing.
- The recovery code is 120 random bits written as 24 characters (Crockford's base-32, no I, L, O,
  U), easy to read aloud and to type; spaces, dashes and case do not matter.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
SALT_BYTES = 16
# scrypt for the wrapped copies: N=2^16, r=8 is 64 MiB of memory and ~0.3 s on the office laptops'
# class of machine (measured by bench/bench_encryption.py). Tests lower it (tests/conftest.py).
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 512 * 1024 * 1024
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_CHARS = 24


class WrongSecretError(Exception):
    """The password or recovery code does not open this wrapped key."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


class DataKey:
    """The unwrapped data key of one data directory, in memory only.

    Its bytes are never printed (``repr`` shows a short fingerprint) and leave the object only as
    derived keys. Compared by identity: two unlockings are two objects."""

    __slots__ = ("_secret", "fingerprint")

    def __init__(self, secret: bytes) -> None:
        if len(secret) != KEY_BYTES:
            raise ValueError("a data key has 32 bytes")
        self._secret = secret
        self.fingerprint = hmac.new(secret, b"inspector key fingerprint", hashlib.sha256).hexdigest()[:16]

    @classmethod
    def generate(cls) -> DataKey:
        return cls(os.urandom(KEY_BYTES))

    def __repr__(self) -> str:
        return f"DataKey({self.fingerprint})"

    def __reduce__(self) -> Any:
        raise TypeError("a data key is not pickled")

    def derive(self, label: str) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=label.encode())
        return hkdf.derive(self._secret)

    def sqlcipher_key(self) -> str:
        """The raw SQLCipher key literal, ``x'<64 hex>'``."""
        return "x'" + self.derive("inspector sqlcipher v1").hex() + "'"

    def file_key(self) -> bytes:
        return self.derive("inspector files v1")

    def wrap(self, kek: bytes, slot: str) -> dict[str, str]:
        nonce = os.urandom(12)
        sealed = AESGCM(kek).encrypt(nonce, self._secret, slot.encode("utf-8"))
        return {"nonce": _b64(nonce), "wrapped": _b64(sealed)}


@dataclass(frozen=True)
class KdfParams:
    """scrypt parameters and salt of one wrapped copy, recorded beside it."""

    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(os.urandom(SALT_BYTES), SCRYPT_N, SCRYPT_R, SCRYPT_P)

    def derive(self, secret: str) -> bytes:
        return hashlib.scrypt(
            secret.encode("utf-8"), salt=self.salt, n=self.n, r=self.r, p=self.p, maxmem=_MAXMEM, dklen=32
        )

    def weaker_than_default(self) -> bool:
        return self.n < SCRYPT_N or self.r < SCRYPT_R

    def to_json(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": _b64(self.salt)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        n, r, p = data.get("n"), data.get("r"), data.get("p")
        if data.get("kdf") != "scrypt" or not all(isinstance(v, int) for v in (n, r, p)):
            raise ValueError("unknown key derivation")
        assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
        if n < 2 or n & (n - 1) or n > 2**22 or not 1 <= r <= 32 or not 1 <= p <= 16:
            raise ValueError("implausible scrypt parameters")
        return cls(_unb64(data.get("salt")), n, r, p)


def wrap_with_secret(key: DataKey, secret: str, slot: str, params: KdfParams | None = None) -> dict[str, Any]:
    """A wrapped copy of ``key`` that ``secret`` opens: parameters, nonce and ciphertext."""
    kdf = params or KdfParams.fresh()
    return {**kdf.to_json(), **key.wrap(kdf.derive(secret), slot)}


def wrap_with_kek(key: DataKey, kek: bytes, params: KdfParams, slot: str) -> dict[str, Any]:
    """A wrapped copy whose key-encryption key is already known (``params.derive(secret)`` done by
    someone else, e.g. a stored password hash of the same parameters)."""
    return {**params.to_json(), **key.wrap(kek, slot)}


def unwrap(entry: dict[str, Any], secret: str, slot: str) -> DataKey:
    """The data key from a wrapped copy; :class:`WrongSecretError` when ``secret`` does not open it."""
    try:
        params = KdfParams.from_json(entry)
        nonce, sealed = _unb64(entry.get("nonce")), _unb64(entry.get("wrapped"))
    except ValueError as err:
        raise WrongSecretError("unreadable key slot") from err
    kek = params.derive(secret)
    try:
        return DataKey(AESGCM(kek).decrypt(nonce, sealed, slot.encode("utf-8")))
    except (InvalidTag, ValueError):
        raise WrongSecretError("wrong secret") from None


def waste_like_unwrap(secret: str) -> None:
    """Spend the time of one unwrap, for a name that has no slot: the time does not tell which
    names exist."""
    KdfParams(b"inspector-nobody", SCRYPT_N, SCRYPT_R, SCRYPT_P).derive(secret)


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_CHARS))
    return "-".join(chars[i : i + 4] for i in range(0, RECOVERY_CHARS, 4))


def normalize_recovery_code(text: str) -> str:
    """The canonical form of a typed code: upper case, no spaces or dashes, O→0, I/L→1."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) == RECOVERY_CHARS and all(ch in _ALPHABET for ch in cleaned):
        return "-".join(cleaned[i : i + 4] for i in range(0, RECOVERY_CHARS, 4))
    return cleaned
