"""Writing and checking the zip files that leave the laptop: backups and exchange packages.

Writing is atomic: the zip is built in a temporary file beside the destination, synced to disk and
renamed over it, so a crash, a full disk or a killed process leaves the old file (or none), never a
half-written one. Every member's SHA-256 and size go into a manifest written last.

Reading trusts nothing. A package may come from a careless USB stick or a hostile hand, so before
anything is written the whole archive is checked: it must be a complete zip; every name must be a
plain relative path (no ``..``, no absolute or drive paths, no backslashes, no symbolic links, no
duplicates); no member may unpack to more than the caller's :class:`Limits` allow, nor all of them
together (read from the zip's directory and the manifest before a byte is unpacked: a 7 MB file that
would unpack to a gigabyte is refused without allocating it); the manifest must list exactly the
members present (and an optional *seal*, a signature over the manifest's bytes, which the caller
checks); and every member must hash to what the manifest says. Only then does a caller extract,
hashing again while it copies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from inspector import durable
from inspector.errors import UserError
from inspector.i18n import tr

CHUNK = 1 << 20
MANIFEST_LIMIT = 256 * 1024 * 1024
SEAL_LIMIT = 64 * 1024
MiB = 1024 * 1024
DEFAULT_TOTAL_LIMIT = 2 * 1024 * MiB
TOTAL_LIMIT_ENV = "INSPECTOR_MAX_ARCHIVE_SIZE"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
# What reading a damaged zip raises (an envelope's reader raises OSError for bytes that fail
# authentication, so an altered encrypted package is "damaged" like an altered plain one).
_READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError)
Progress = Callable[[int, int], None]
# An envelope around the zip (exchange packages are encrypted): ``Wrap`` turns the temporary file
# into the stream the zip is written to (closing that stream finishes the envelope, the file stays
# open); ``Opener`` gives a fresh readable, seekable view of the plain zip inside.
Wrap = Callable[[IO[bytes]], IO[bytes]]
Opener = Callable[[], IO[bytes]]


class ArchiveWriter:
    """A zip being written to a temporary file; :meth:`commit` publishes it under its final name.

    With ``wrap`` the zip's bytes never reach the disk as they are: they go through the stream
    ``wrap`` makes of the temporary file (an encrypting one), so not even the temporary file holds
    them in the clear."""

    def __init__(self, final: Path, manifest_name: str, *, wrap: Wrap | None = None) -> None:
        self.final = final
        self.manifest_name = manifest_name
        self.tmp = durable.temp_beside(final)
        self.files: dict[str, dict[str, Any]] = {}
        self._raw: IO[bytes] | None = None
        self._sink: IO[bytes] | None = None
        target: Path | IO[bytes] = self.tmp
        if wrap is not None:
            self._raw = self.tmp.open("wb")
            self._sink = wrap(self._raw)
            target = self._sink
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = dt.datetime.now().timetuple()[:6]

    def _info(self, name: str, compress: bool) -> zipfile.ZipInfo:
        if not is_safe_name(name) or name in self.files or name == self.manifest_name:
            raise ValueError(f"bad or duplicate archive name {name!r}")
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        return info

    def add_stream(self, name: str, src: IO[bytes], *, compress: bool = True) -> str:
        h = hashlib.sha256()
        size = 0
        with self._zip.open(self._info(name, compress), "w", force_zip64=True) as dst:
            while chunk := src.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                dst.write(chunk)
        sha = h.hexdigest()
        self.files[name] = {"sha256": sha, "size": size}
        return sha

    def add_file(self, name: str, path: Path, *, compress: bool = True) -> str:
        with path.open("rb") as src:
            return self.add_stream(name, src, compress=compress)

    def add_bytes(self, name: str, data: bytes, *, compress: bool = True) -> str:
        import io

        return self.add_stream(name, io.BytesIO(data), compress=compress)

    def commit(
        self, manifest: dict[str, Any], *, seal: Callable[[bytes], bytes] | None = None, seal_name: str = ""
    ) -> None:
        """Write the manifest (and ``seal(manifest bytes)`` as ``seal_name``), then publish the zip."""
        body = {**manifest, "files": self.files}
        blob = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        info = zipfile.ZipInfo(self.manifest_name, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        self._zip.writestr(info, blob)
        if seal is not None:
            seal_info = zipfile.ZipInfo(seal_name, date_time=self._stamp)
            seal_info.external_attr = (stat.S_IFREG | 0o644) << 16
            self._zip.writestr(seal_info, seal(blob))
        self._zip.close()
        if self._sink is not None and self._raw is not None:
            self._sink.close()
            self._raw.flush()
            self._raw.close()
        durable.fsync_file(self.tmp)
        durable.publish(self.tmp, self.final)
        durable.fsync_dir(self.final.parent)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._zip.close()
        for stream in (self._sink, self._raw):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


@contextmanager
def writing(final: Path, manifest_name: str, *, wrap: Wrap | None = None) -> Iterator[ArchiveWriter]:
    """An :class:`ArchiveWriter` that is removed again unless the block calls ``commit``."""
    writer = ArchiveWriter(final, manifest_name, wrap=wrap)
    try:
        yield writer
    finally:
        if writer.tmp.exists():
            writer.abort()


def is_safe_name(name: str) -> bool:
    """A plain relative POSIX path inside the archive, nothing that could escape a directory."""
    if not name or len(name) > 400 or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    if re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.split("/")
    return (
        bool(parts)
        and all(p not in ("", ".", "..") for p in parts)
        and not name.endswith("/")
        and "//" not in name
    )


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode) if mode else False


@dataclass(frozen=True)
class Limits:
    """How large an archive may unpack: ``member`` bytes for one member (except the ``bulk`` ones,
    named by prefix: a database, record lists), ``total`` bytes for all of them together."""

    member: int
    total: int
    bulk: tuple[str, ...] = ()

    def member_limit(self, name: str) -> int:
        return self.total if name.startswith(self.bulk) and self.bulk else self.member


def total_limit() -> int:
    """The configured cap on what one archive may unpack to: ``INSPECTOR_MAX_ARCHIVE_SIZE`` (bytes, or
    with a unit: ``500MB``, ``4GB``, ``4GiB``), else 2 GiB."""
    text = os.environ.get(TOTAL_LIMIT_ENV, "").strip().upper().replace(" ", "")
    if not text:
        return DEFAULT_TOTAL_LIMIT
    m = re.fullmatch(r"([0-9]{1,15})(B|K|KB|KIB|M|MB|MIB|G|GB|GIB|T|TB|TIB)?", text)
    if m is None:
        raise UserError(
            tr(
                "{name} must be a size such as 2GB or 500MB, not “{value}”.",
                name=TOTAL_LIMIT_ENV,
                value=os.environ.get(TOTAL_LIMIT_ENV, ""),
            )
        )
    unit = (m.group(2) or "B")[0]
    return int(m.group(1)) * {"B": 1, "K": 1024, "M": MiB, "G": 1024 * MiB, "T": 1024 * 1024 * MiB}[unit]


def _megabytes(n: int) -> str:
    return f"{n / MiB:,.0f}" if n >= MiB else f"{n / MiB:.2f}"


def too_large(path: Path, name: str | None, size: int, limit: int) -> UserError:
    if name is None:
        return UserError(
            tr(
                "The archive {file} was refused before anything was written: it would unpack to {size} "
                "MB, more than the limit of {limit} MB. If it is genuine, set {env} to a larger size "
                "(e.g. 8GB) for this command.",
                file=path.name,
                size=_megabytes(size),
                limit=_megabytes(limit),
                env=TOTAL_LIMIT_ENV,
            )
        )
    return UserError(
        tr(
            "The archive {file} was refused before anything was written: {name} would unpack to {size} "
            "MB, more than the limit of {limit} MB for one file.",
            file=path.name,
            name=name[:200],
            size=_megabytes(size),
            limit=_megabytes(limit),
        )
    )


def _check_sizes(path: Path, sizes: dict[str, int], limits: Limits) -> None:
    total = sum(sizes.values())
    if total > limits.total:
        raise too_large(path, None, total, limits.total)
    for name, size in sorted(sizes.items()):
        if size > limits.member_limit(name):
            raise too_large(path, name, size, limits.member_limit(name))


@dataclass
class CheckedArchive:
    """An archive that passed every check: its manifest (parsed and as stored), its seal if it had
    one, and member names (the zip is closed). ``opener`` reads the zip inside an envelope."""

    path: Path
    manifest: dict[str, Any]
    manifest_bytes: bytes = b""
    seal: bytes | None = None
    opener: Opener | None = None

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        files: dict[str, dict[str, Any]] = self.manifest["files"]
        return files

    @contextmanager
    def open(self) -> Iterator[zipfile.ZipFile]:
        with contextlib.ExitStack() as stack:
            source = stack.enter_context(self.opener()) if self.opener is not None else self.path
            yield stack.enter_context(zipfile.ZipFile(source))

    def read_member(self, zf: zipfile.ZipFile, name: str) -> bytes:
        """A member's bytes, checked again against the manifest (the file may have changed since)."""
        try:
            data = zf.read(name)
        except _READ_ERRORS as err:
            raise damaged(self.path, tr("{name} cannot be read (the archive is damaged)", name=name)) from err
        expected = self.files[name]
        if len(data) != expected["size"] or hashlib.sha256(data).hexdigest() != expected["sha256"]:
            raise damaged(self.path, tr("{name} changed while it was being read", name=name))
        return data

    def extract_member(self, zf: zipfile.ZipFile, name: str, dest: Path) -> None:
        """Copy one member to ``dest`` (synced), hashing again; ``dest`` must not exist yet."""
        expected = self.files[name]
        h = hashlib.sha256()
        size = 0
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(name) as src, dest.open("xb") as out:
            while chunk := src.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                if size > expected["size"]:
                    break
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size != expected["size"] or h.hexdigest() != expected["sha256"]:
            raise damaged(self.path, tr("{name} changed while it was being read", name=name))


def damaged(path: Path, reason: str) -> UserError:
    return UserError(
        tr(
            "The archive {file} is damaged or incomplete and was refused; nothing was changed. "
            "Reason: {reason}",
            file=path.name,
            reason=reason,
        )
    )


def check_archive(
    path: Path,
    manifest_name: str,
    expected_format: str,
    progress: Progress | None = None,
    *,
    limits: Limits,
    seal_name: str | None = None,
    opener: Opener | None = None,
) -> CheckedArchive:
    """Open and check ``path`` completely (see the module docstring) without writing anything; with
    ``opener``, the zip it reads (inside an envelope around ``path``)."""
    with contextlib.ExitStack() as stack:
        try:
            zf = stack.enter_context(zipfile.ZipFile(stack.enter_context(opener()) if opener else path))
        except FileNotFoundError as err:
            raise UserError(tr("The file {file} does not exist.", file=str(path))) from err
        except _READ_ERRORS as err:
            raise damaged(path, tr("not a complete zip file (truncated or corrupt)")) from err
        checked = _check_open(
            path, zf, manifest_name, expected_format, progress=progress, limits=limits, seal_name=seal_name
        )
    return CheckedArchive(
        path=path, manifest=checked[1], manifest_bytes=checked[0], seal=checked[2], opener=opener
    )


def _check_open(
    path: Path,
    zf: zipfile.ZipFile,
    manifest_name: str,
    expected_format: str,
    *,
    progress: Progress | None,
    limits: Limits,
    seal_name: str | None,
) -> tuple[bytes, dict[str, Any], bytes | None]:
    infos = zf.infolist()
    names: set[str] = set()
    for info in infos:
        if not is_safe_name(info.filename) or info.is_dir():
            raise damaged(
                path, tr('the entry "{name}" is not a plain relative file name', name=info.filename[:200])
            )
        if _is_symlink(info):
            raise damaged(path, tr('the entry "{name}" is a symbolic link', name=info.filename[:200]))
        if info.filename in names:
            raise damaged(path, tr('the entry "{name}" appears twice', name=info.filename[:200]))
        names.add(info.filename)
    if manifest_name not in names:
        raise damaged(path, tr("the manifest {name} is missing", name=manifest_name))
    unlisted = {manifest_name, seal_name} if seal_name else {manifest_name}
    _check_sizes(path, {i.filename: i.file_size for i in infos if i.filename not in unlisted}, limits)
    seal = _read_seal(path, zf, seal_name) if seal_name and seal_name in names else None
    raw, manifest = _read_manifest(path, zf, manifest_name)
    if manifest.get("format") != expected_format:
        raise UserError(
            tr(
                "The file {file} is not a {kind} file; nothing was changed.",
                file=path.name,
                kind=expected_format,
            )
        )
    files = manifest["files"]
    _check_sizes(path, {name: entry["size"] for name, entry in files.items()}, limits)
    listed = set(files)
    present = names - unlisted
    for name in sorted(listed - present)[:1]:
        raise damaged(path, tr("{name} is listed in the manifest but missing", name=name))
    for name in sorted(present - listed)[:1]:
        raise damaged(path, tr("{name} is not listed in the manifest", name=name))
    total = len(listed)
    for i, name in enumerate(sorted(listed)):
        if progress is not None:
            progress(i, total)
        _check_member(path, zf, name, files[name])
    return raw, manifest, seal


def _read_seal(path: Path, zf: zipfile.ZipFile, seal_name: str) -> bytes:
    if zf.getinfo(seal_name).file_size > SEAL_LIMIT:
        raise damaged(path, tr("the signature is implausibly large"))
    try:
        return zf.read(seal_name)
    except _READ_ERRORS as err:
        raise damaged(path, tr("the signature cannot be read")) from err


def _read_manifest(path: Path, zf: zipfile.ZipFile, manifest_name: str) -> tuple[bytes, dict[str, Any]]:
    info = zf.getinfo(manifest_name)
    if info.file_size > MANIFEST_LIMIT:
        raise damaged(path, tr("the manifest is implausibly large"))
    try:
        raw = zf.read(manifest_name)
        manifest = json.loads(raw.decode("utf-8"))
    except (*_READ_ERRORS, UnicodeDecodeError) as err:
        raise damaged(path, tr("the manifest cannot be read")) from err
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise damaged(path, tr("the manifest cannot be read"))
    for name, entry in manifest["files"].items():
        if not (
            isinstance(name, str)
            and is_safe_name(name)
            and isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _HEX64.match(entry["sha256"])
            and isinstance(entry.get("size"), int)
            and not isinstance(entry["size"], bool)
            and entry["size"] >= 0
        ):
            raise damaged(path, tr('the manifest entry "{name}" is malformed', name=str(name)[:200]))
    return raw, manifest


def _check_member(path: Path, zf: zipfile.ZipFile, name: str, entry: dict[str, Any]) -> None:
    h = hashlib.sha256()
    size = 0
    try:
        with zf.open(name) as src:
            while chunk := src.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                if size > entry["size"]:
                    break
    except _READ_ERRORS as err:
        raise damaged(path, tr("{name} cannot be read (the archive is damaged)", name=name)) from err
    if size != entry["size"] or h.hexdigest() != entry["sha256"]:
        raise damaged(path, tr("{name} does not match its hash in the manifest", name=name))
