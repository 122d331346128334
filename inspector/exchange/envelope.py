"""The encrypted envelope around an exchange package: a USB stick that is lost reveals nothing.

A package holds party names, findings, photos and issued documents, so the signed zip
(:mod:`inspector.exchange.signing`) never reaches the disk in the clear, not even as a temporary
file: :class:`~inspector.archive.ArchiveWriter` writes it through a sealed stream
(:mod:`inspector.crypto.sealed`: AES-256-GCM in 64 KiB chunks) under a random 256-bit archive key.
The archive key is wrapped once for every recipient: the computers whose keys are enrolled here
(the office a laptop reports to; the laptops an office sends to), or those named with ``--to``, and
the sending computer itself (so ``exchange check`` works where the package was made; its key never
leaves it).
Each recipient's wrap is X25519 between a fresh ephemeral key and the X25519 twin of the enrolled
Ed25519 key (:func:`inspector.exchange.device_key.agreement_public`), HKDF-SHA256, AES-256-GCM with
the recipient's fingerprint as associated data. The stream key is derived from the archive key and
the SHA-256 of the whole envelope header, so a header changed after sealing fails authentication.

Signed, then encrypted: the signature inside covers the manifest (and through it every member), the
envelope keeps it from other eyes, and the receiver still checks the signature against its enrolled
keys before anything is written. Only the recipients' fingerprints are visible outside (public
facts, and what lets a computer say "this package is for someone else" instead of "damaged").

Reading decrypts lazily: :func:`open_envelope` returns an opener of a seekable view of the plain zip
that :func:`inspector.archive.check_archive` reads in place, so the size caps are checked from the
zip's directory before anything is unpacked, and nothing decrypted is written to disk. A chunk that
fails authentication raises an OSError, which the archive checks report as a damaged package.

Unencrypted packages (made before this envelope existed) are refused with a message asking for a
new export: the version that signed packages is the one that also encrypts them, so accepting a
plain one would only keep a way open for personal data to travel in the clear.

Layout (version 1)::

    0   8  magic b"INSPXPKG"
    8   1  version = 1
    9   3  reserved, zero
    12  4  length N of the header, big-endian (at most 64 KiB)
    16  N  header: JSON {format, version, scheme, ephemeral, recipients: [{fingerprint, nonce, wrapped}]}
    16+N   the sealed stream of the zip (sealed-file format version 1)
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.archive import Opener, Wrap, damaged
from inspector.config import Config
from inspector.crypto.sealed import SealedFileError, SealedReader, SealedWriter
from inspector.errors import UserError
from inspector.exchange import device_key
from inspector.exchange.device_key import b64, unb64
from inspector.i18n import tr
from inspector.storage.exchange_models import DeviceKey

if TYPE_CHECKING:
    from typing_extensions import Buffer

MAGIC = b"INSPXPKG"
VERSION = 1
FORMAT = "inspector-exchange-envelope"
SCHEME = "x25519-hkdf-sha256-aes256gcm"
HEADER_LIMIT = 64 * 1024
MAX_RECIPIENTS = 256
_PRELUDE = struct.Struct(">8sB3sI")
_ZIP = b"PK\x03\x04"
_WRAP_INFO = b"inspector package key v1"
_STREAM_INFO = b"inspector package stream v1"


@dataclass(frozen=True)
class Recipient:
    fingerprint: str
    name: str
    public_key: bytes  # Ed25519, raw


def own_recipient(config: Config) -> Recipient:
    """This computer itself: its packages can be checked (``exchange check``) where they were made."""
    public = device_key.public_key(config)
    return Recipient(device_key.fingerprint(public), "", public)


def recipients(session: Session, names: Sequence[str] = ()) -> list[Recipient]:
    """Who a package from here is encrypted for (besides :func:`own_recipient`): the keys named (by
    name or fingerprint), else every key enrolled here and not revoked."""
    from inspector.exchange.enrolment import find_key

    if names:
        rows = [find_key(session, n) for n in names]
        for row in rows:
            if row.revoked_at is not None:
                raise UserError(
                    tr("The key of “{name}” is revoked; a package cannot be sent to it.", name=row.name)
                )
    else:
        q = select(DeviceKey).where(DeviceKey.revoked_at.is_(None)).order_by(DeviceKey.name)
        rows = list(session.execute(q).scalars())
    if not rows:
        raise UserError(
            tr(
                "No other computer's key is enrolled here, so the package cannot be encrypted for anyone. "
                "Enrol the receiving office's key first (inspector exchange enrol FILE --name NAME, or "
                "Settings › Exchange). Nothing was written."
            )
        )
    unique = {r.fingerprint: Recipient(r.fingerprint, r.name, bytes.fromhex(r.public_key)) for r in rows}
    return sorted(unique.values(), key=lambda r: r.name)


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_WRAP_INFO)
    return AESGCM(hkdf.derive(shared))


def _stream_key(archive_key: bytes, head: bytes) -> bytes:
    salt = hashlib.sha256(head).digest()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_STREAM_INFO).derive(archive_key)


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sealing(to: Sequence[Recipient]) -> Wrap:
    """What :class:`~inspector.archive.ArchiveWriter` writes the zip through: the envelope header,
    then a sealed stream that only ``to`` can open."""

    def wrap(raw: IO[bytes]) -> IO[bytes]:
        archive_key = os.urandom(32)
        ephemeral = X25519PrivateKey.generate()
        eph_public = _raw(ephemeral.public_key())
        slots = []
        for r in to:
            theirs = device_key.agreement_public(r.public_key)
            shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(theirs))
            nonce = os.urandom(12)
            wrapped = _kek(shared, eph_public, theirs).encrypt(nonce, archive_key, r.fingerprint.encode())
            slots.append({"fingerprint": r.fingerprint, "nonce": b64(nonce), "wrapped": b64(wrapped)})
        body = {"format": FORMAT, "version": VERSION, "scheme": SCHEME, "ephemeral": b64(eph_public)}
        header = json.dumps({**body, "recipients": slots}, sort_keys=True).encode("ascii")
        head = _PRELUDE.pack(MAGIC, VERSION, bytes(3), len(header)) + header
        raw.write(head)
        return cast("IO[bytes]", SealedWriter(raw, _stream_key(archive_key, head)))

    return wrap


class _Window(io.RawIOBase):
    """``source`` seen from ``start`` on: the sealed stream after the envelope header."""

    def __init__(self, source: IO[bytes], start: int) -> None:
        super().__init__()
        self._src = source
        self._start = start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            return self._src.seek(self._start + offset) - self._start
        return self._src.seek(offset, whence) - self._start

    def tell(self) -> int:
        return self._src.tell() - self._start

    def readinto(self, buffer: Buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._src.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._src.close()
        super().close()


class AlteredError(OSError):
    """A chunk of the package failed authentication (altered or cut after it was sealed)."""


class _Plain(SealedReader):
    """The plain zip, authenticated chunk by chunk; a failure is an OSError (a damaged archive)."""

    def chunk(self, index: int) -> bytes:
        try:
            return super().chunk(index)
        except SealedFileError as err:
            raise AlteredError(str(err)) from None


def _refuse_plain(path: Path) -> UserError:
    return UserError(
        tr(
            "The package {file} is not encrypted: it was made by an older version of the app. Packages "
            "travel encrypted now; ask the sender to install this version and export the package "
            "again. Nothing was changed.",
            file=path.name,
        )
    )


def _read_header(path: Path) -> tuple[bytes, dict[str, Any]]:
    """The envelope header (prelude included, as stored) and its parsed JSON; refuses anything else."""
    try:
        with path.open("rb") as fh:
            prelude = fh.read(_PRELUDE.size)
            if prelude[:4] == _ZIP:
                raise _refuse_plain(path)
            if len(prelude) < _PRELUDE.size or prelude[:8] != MAGIC:
                raise UserError(
                    tr("The file {file} is not an exchange package; nothing was changed.", file=path.name)
                )
            _magic, version, _reserved, length = _PRELUDE.unpack(prelude)
            if version > VERSION:
                raise UserError(
                    tr(
                        "The package {file} was made by a newer version of the app; install that "
                        "version here first. Nothing was changed.",
                        file=path.name,
                    )
                )
            if length > HEADER_LIMIT:
                raise damaged(path, tr("its envelope header is implausibly large"))
            header = fh.read(length)
    except FileNotFoundError as err:
        raise UserError(tr("The file {file} does not exist.", file=str(path))) from err
    except OSError as err:
        raise damaged(path, tr("not a complete zip file (truncated or corrupt)")) from err
    try:
        body = json.loads(header.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        body = None
    if (
        len(header) != length
        or not isinstance(body, dict)
        or body.get("format") != FORMAT
        or body.get("scheme") != SCHEME
        or not isinstance(body.get("recipients"), list)
        or len(body["recipients"]) > MAX_RECIPIENTS
    ):
        raise damaged(path, tr("its envelope header cannot be read"))
    return prelude + header, body


def _archive_key(path: Path, config: Config, body: dict[str, Any]) -> bytes:
    own = device_key.agreement_key(config)
    own_public = _raw(own.public_key())
    fp = device_key.fingerprint(device_key.public_key(config))
    eph_public = unb64(body.get("ephemeral"), 32)
    slots = [s for s in body["recipients"] if isinstance(s, dict)]
    mine = [s for s in slots if s.get("fingerprint") == fp]
    if not mine:
        others = [device_key.show_fingerprint(str(s.get("fingerprint"))[:64]) for s in slots[:5]]
        raise UserError(
            tr(
                "The package {file} is not for this computer: it was encrypted for other keys "
                "({fingerprints}), and this computer's key is {own}. Ask the sender to enrol this "
                "computer's key and export the package again. Nothing was changed.",
                file=path.name,
                fingerprints=", ".join(others) or "-",
                own=device_key.show_fingerprint(fp),
            )
        )
    nonce, wrapped = unb64(mine[0].get("nonce"), 12), unb64(mine[0].get("wrapped"), 48)
    if eph_public is None or nonce is None or wrapped is None:
        raise damaged(path, tr("its envelope header cannot be read"))
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(eph_public))
        return _kek(shared, eph_public, own_public).decrypt(nonce, wrapped, fp.encode())
    except (InvalidTag, ValueError):
        raise damaged(path, tr("the key in it for this computer cannot be opened (altered)")) from None


def open_envelope(path: Path, config: Config) -> Opener:
    """A way to read the zip inside ``path`` when it was encrypted for this computer; a UserError
    (nothing changed) for a plain, foreign, newer or damaged package. Nothing is decrypted yet."""
    head, body = _read_header(path)
    stream_key = _stream_key(_archive_key(path, config, body), head)
    try:
        size = path.stat().st_size - len(head)
    except OSError as err:
        raise damaged(path, tr("not a complete zip file (truncated or corrupt)")) from err

    def opener() -> IO[bytes]:
        window = _Window(path.open("rb"), len(head))
        try:
            window.seek(0)
            return cast("IO[bytes]", _Plain(cast("IO[bytes]", window), stream_key, size=size))
        except (SealedFileError, OSError) as err:
            window.close()
            raise AlteredError(str(err)) from None

    try:
        with opener():  # the sealed stream's own header is readable: a clear message now, not later
            pass
    except OSError as err:
        raise damaged(path, tr("it was altered or cut after it was encrypted")) from err
    return opener
