"""The photo store's upkeep: hash every original again (``photos verify``) and make the derived images
again from the originals (``photos rebuild``).

Both walk every original that a row names, deleted rows included (their originals stay evidence), and
report each problem with its reason instead of stopping at the first.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto.sealed import SealedFileError
from inspector.i18n import os_reason, tr
from inspector.photos import annotate as annotation
from inspector.photos import store
from inspector.photos.decode import PhotoRejectedError
from inspector.photos.derive import ensure_derived, rebuild
from inspector.photos.verify import OriginalState, check_original, stored_originals
from inspector.services.photo_views import Cancel, Progress, render_annotated
from inspector.storage.models import Photo


@dataclass(frozen=True)
class OriginalProblem:
    sha256: str
    photo_ids: tuple[uuid.UUID, ...]
    filenames: tuple[str, ...]
    state: OriginalState


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[OriginalProblem] = field(default_factory=list)
    altered: list[OriginalProblem] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)  # files in the store that no row names

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


# A row naming an original: (photo id, original file name, size); the originals by SHA-256.
_Row = tuple[uuid.UUID, str, int]
_Originals = dict[str, list[_Row]]


def _originals(session: Session) -> _Originals:
    """Every stored original that rows refer to (deleted rows too: their originals stay evidence)."""
    by_sha: _Originals = {}
    for pid, sha, name, size in session.execute(
        select(Photo.id, Photo.sha256, Photo.original_filename, Photo.size).order_by(Photo.sha256)
    ):
        by_sha.setdefault(sha, []).append((pid, name, size))
    return by_sha


def _walk(
    by_sha: _Originals, progress: Progress | None, cancel: Cancel | None
) -> Iterator[tuple[str, list[_Row]]]:
    """The originals one by one, each announced to ``progress`` by its first file name, until
    ``cancel`` says stop."""
    total = len(by_sha)
    for index, (sha, rows) in enumerate(by_sha.items()):
        if cancel is not None and cancel():
            return
        if progress is not None:
            progress(index, total, rows[0][1])
        yield sha, rows


def verify_originals(
    session: Session, config: Config, progress: Progress | None = None, cancel: Cancel | None = None
) -> VerifyReport:
    """Hash every original again; report missing and altered ones and files no row refers to."""
    by_sha = _originals(session)
    report = VerifyReport()
    for sha, rows in _walk(by_sha, progress, cancel):
        state = check_original(config.photo_dir, sha, rows[0][2], key=config.key)
        report.checked += 1
        if state is not OriginalState.OK:
            problem = OriginalProblem(sha, tuple(r[0] for r in rows), tuple(r[1] for r in rows), state)
            (report.missing if state is OriginalState.MISSING else report.altered).append(problem)
    report.unreferenced = sorted(stored_originals(config.photo_dir) - set(by_sha))
    if progress is not None:
        progress(len(by_sha), len(by_sha), "")
    return report


@dataclass
class RebuildReport:
    rebuilt: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (sha256, translated reason)


def _write_failure(name: str, err: OSError) -> str:
    return tr(
        "{name}: the derived images could not be written: {reason}.",
        name=name,
        reason=os_reason(err),
    )


def _rebuild_one(config: Config, sha: str, name: str, *, only_missing: bool) -> str | None:
    """Make the working copy and thumbnail of one original; the reason when that failed."""
    try:
        if only_missing:
            ensure_derived(config.photo_dir, sha, name, key=config.key)
        else:
            rebuild(config.photo_dir, sha, name, key=config.key)
    except FileNotFoundError:
        return tr("{name}: the original is missing from the photo store.", name=name)
    except PhotoRejectedError as err:
        return err.reason
    except OSError as err:
        return _write_failure(name, err)
    return None


def _rebuild_annotated(
    session: Session, config: Config, report: RebuildReport, *, only_missing: bool
) -> None:
    """Render the annotated copies again, except of originals that already failed."""
    failed = {sha for sha, _ in report.failed}
    annotated = session.execute(
        select(Photo.sha256, Photo.annotation).where(Photo.annotation.is_not(None))
    ).all()
    for sha, doc in annotated:
        shapes = doc.get("shapes") if isinstance(doc, dict) else None
        if sha in failed or not shapes:
            continue
        key = annotation.annotation_key(shapes)
        if only_missing and store.annotated_path(config.photo_dir, sha, key).exists():
            continue
        try:
            render_annotated(config, sha, shapes)
        except SealedFileError:
            report.failed.append((sha, tr("{name}: the working copy fails its check.", name=sha[:12])))
        except OSError as err:
            report.failed.append((sha, _write_failure(sha[:12], err)))


def rebuild_derived(
    session: Session,
    config: Config,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    only_missing: bool = False,
) -> RebuildReport:
    """Make the working copies, thumbnails and annotated copies again from the originals."""
    by_sha = _originals(session)
    report = RebuildReport()
    for sha, rows in _walk(by_sha, progress, cancel):
        problem = _rebuild_one(config, sha, rows[0][1], only_missing=only_missing)
        if problem is None:
            report.rebuilt += 1
        else:
            report.failed.append((sha, problem))
    _rebuild_annotated(session, config, report, only_missing=only_missing)
    if progress is not None:
        progress(len(by_sha), len(by_sha), "")
    return report
