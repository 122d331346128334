"""Opening and re-sealing exchange packages in tests that forge or damage them.

A package is the signed zip inside an encrypted envelope (:mod:`inspector.exchange.envelope`); a
forger who is one of its recipients (an enrolled laptop re-packing for its office) can do exactly
this: open the zip with the receiver's key, change it, and seal it for the receiver again.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from inspector.config import Config
from inspector.exchange import enrolment, envelope


def members(src: Path, receiver: Config) -> dict[str, bytes]:
    """Every member of the zip inside ``src``, opened with ``receiver``'s key."""
    with envelope.open_envelope(src, receiver)() as fh, zipfile.ZipFile(fh) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def plain_zip(src: Path, receiver: Config, dst: Path) -> Path:
    """The zip inside ``src`` written to ``dst`` as it is (to edit it with zipfile)."""
    with envelope.open_envelope(src, receiver)() as fh:
        dst.write_bytes(fh.read())
    return dst


def seal(plain: Path, receiver: Config, dst: Path | None = None) -> Path:
    """The zip ``plain`` sealed for ``receiver``'s key, in ``dst`` (default: over ``plain``)."""
    key = enrolment.own_key(receiver)
    data = plain.read_bytes()
    target = dst or plain
    with target.open("wb") as raw:
        sink = envelope.sealing([envelope.Recipient(key.fingerprint, "test", key.public_key)])(raw)
        sink.write(data)
        sink.close()
    return target
