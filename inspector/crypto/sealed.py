"""The sealed-file format: how a photo, a derived image or an issued document is stored encrypted.

Why it looks like this:
- AES-256-GCM in chunks of 64 KiB, each chunk its own authenticated message, so a 20 MB photo is
  encrypted and decrypted 64 KiB at a time (never a second copy of the whole file in memory) and a
  reader can seek: chunk ``i`` sits at a computable offset, which lets :class:`SealedReader` serve a
  zip reader or Pillow directly.
- Each file gets its own key: HKDF-SHA256 of the directory's file key with a random 16-byte salt
  from the header, so nonces never repeat across files whatever their number.
- Nonces follow the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015): a random 7-byte
  prefix, the chunk's 4-byte counter and a last-chunk flag. Reordering, dropping or appending
  chunks, and cutting the file after a chunk boundary, all fail authentication.
- The whole header is the associated data of every chunk: changing the version, the chunk size or
  the salt is detected, and a future version can change the scheme by changing the version byte.

Layout (version 1)::

    0   8  magic b"INSPSEAL"
    8   1  version = 1
    9   1  scheme = 1 (AES-256-GCM, HKDF-SHA256 file key, STREAM nonces)
    10  1  log2 of the chunk size (16: 64 KiB)
    11  5  reserved, zero
    16 16  salt of the file key
    32  7  nonce prefix
    39  1  reserved, zero
    40  .. chunks: ciphertext + 16-byte tag; every chunk but the last holds exactly the chunk size
"""

from __future__ import annotations

import io
import os
import struct
from typing import IO, TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:
    from typing_extensions import Buffer

MAGIC = b"INSPSEAL"
VERSION = 1
SCHEME = 1
CHUNK_LOG2 = 16
HEADER_SIZE = 40
TAG_SIZE = 16
_HEADER = struct.Struct(">8sBBB5s16s7sB")
_INFO = b"inspector sealed file v1"


class SealedFileError(Exception):
    """The file is not a sealed file of a known version, or it fails authentication (altered,
    truncated, or sealed with another key). Callers turn it into a message for the person."""


def _file_key(master: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO)
    return AESGCM(hkdf.derive(master))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def is_sealed_header(head: bytes) -> bool:
    return head[:8] == MAGIC


def _parse_header(header: bytes) -> tuple[int, bytes, bytes]:
    """Chunk size, salt and nonce prefix from a header; refuses an unknown version."""
    if len(header) < HEADER_SIZE or header[:8] != MAGIC:
        raise SealedFileError("not a sealed file")
    _magic, version, scheme, log2, _r1, salt, prefix, _r2 = _HEADER.unpack(header[:HEADER_SIZE])
    if version != VERSION or scheme != SCHEME or not 12 <= log2 <= 24:
        raise SealedFileError(f"unknown sealed-file version {version}.{scheme}")
    return 1 << log2, salt, prefix


def plain_size(sealed_size: int, chunk: int = 1 << CHUNK_LOG2) -> int:
    """The plaintext length of a sealed file of ``sealed_size`` bytes (its size is all it takes)."""
    body = sealed_size - HEADER_SIZE
    if body < TAG_SIZE:
        raise SealedFileError("truncated sealed file")
    full, rest = divmod(body, chunk + TAG_SIZE)
    if rest == 0:
        return full * chunk
    if rest < TAG_SIZE:
        raise SealedFileError("truncated sealed file")
    return full * chunk + rest - TAG_SIZE


class SealedWriter(io.RawIOBase):
    """Encrypts what is written to it into ``sink`` chunk by chunk; :meth:`close` writes the last
    chunk (the one flagged final). Holds at most one chunk of plaintext. Not seekable: zip writers
    then use data descriptors, which is what they do on any stream."""

    def __init__(self, sink: IO[bytes], master: bytes, *, chunk_log2: int = CHUNK_LOG2) -> None:
        super().__init__()
        self._sink = sink
        self._chunk = 1 << chunk_log2
        salt, prefix = os.urandom(16), os.urandom(7)
        self._header = _HEADER.pack(MAGIC, VERSION, SCHEME, chunk_log2, bytes(5), salt, prefix, 0)
        self._aead = _file_key(master, salt)
        self._prefix = prefix
        self._index = 0
        self._pending = bytearray()
        self._written = 0
        sink.write(self._header)

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._written

    def write(self, data: Buffer) -> int:
        view = memoryview(data).cast("B")
        size = len(view)
        self._written += size
        if self._pending:
            take = min(size, self._chunk - len(self._pending))
            self._pending += view[:take]
            view = view[take:]
            if not view:
                return size  # the pending chunk may still be the last one
            self._emit(self._pending, last=False)
            self._pending = bytearray()
        # Whole chunks straight from the caller's buffer, always keeping the tail back: the last
        # chunk is only known when the writer is closed.
        while len(view) > self._chunk:
            self._emit(view[: self._chunk], last=False)
            view = view[self._chunk :]
        self._pending += view
        return size

    def _emit(self, plain: bytes | bytearray | memoryview, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        self._sink.write(self._aead.encrypt(nonce, plain, self._header))
        self._index += 1
        if self._index >= 1 << 32:
            raise SealedFileError("file too large for one sealed stream")

    def close(self) -> None:
        if not self.closed:
            self._emit(self._pending, last=True)
            self._pending = bytearray()
        super().close()


class SealedReader(io.RawIOBase):
    """A readable, seekable view of the plaintext of a sealed file opened as ``source``.

    Every chunk is authenticated before a byte of it is returned; a failure raises
    :class:`SealedFileError`. Holds one decrypted chunk."""

    def __init__(self, source: IO[bytes], master: bytes, size: int | None = None) -> None:
        super().__init__()
        self._src = source
        header = source.read(HEADER_SIZE)
        self._chunk, salt, self._prefix = _parse_header(header)
        self._header = header
        self._aead = _file_key(master, salt)
        if size is None:
            size = os.fstat(source.fileno()).st_size
        self.size = plain_size(size, self._chunk)
        self._chunks = max(1, -(-self.size // self._chunk))
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def chunk(self, index: int) -> bytes:
        """The plaintext of chunk ``index``, authenticated."""
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        last = index == self._chunks - 1
        self._src.seek(HEADER_SIZE + index * (self._chunk + TAG_SIZE))
        length = (self.size - index * self._chunk if last else self._chunk) + TAG_SIZE
        sealed = self._src.read(length)
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, index, last), sealed, self._header)
        except InvalidTag:
            raise SealedFileError("authentication failed (altered, truncated or another key)") from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: Buffer) -> int:
        out = memoryview(buffer).cast("B")
        done = 0
        while done < len(out) and self._pos < self.size:
            index, start = divmod(self._pos, self._chunk)
            plain = self.chunk(index)
            n = min(len(out) - done, len(plain) - start)
            out[done : done + n] = plain[start : start + n]
            done += n
            self._pos += n
        return done

    def read_all_checked(self) -> bytearray:
        """The whole plaintext (one copy), every chunk authenticated, the last one included."""
        buf = bytearray(self.size)
        view = memoryview(buf)
        for index in range(self._chunks):
            plain = self.chunk(index)
            view[index * self._chunk : index * self._chunk + len(plain)] = plain
        self._pos = self.size
        return buf

    def hash_plain(self, digest: Any) -> None:
        """Feed the whole plaintext to ``digest`` (a hashlib object) chunk by chunk, every chunk
        authenticated, the last one included."""
        for index in range(self._chunks):
            digest.update(self.chunk(index))
        self._pos = self.size

    def close(self) -> None:
        if not self.closed:
            self._src.close()
            self._cached = None
        super().close()
