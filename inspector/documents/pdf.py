"""PDF through LibreOffice (when installed), and page images through pdftoppm (for previews).

LibreOffice is optional: the .docx is the document; the PDF is a convenience for printing and
previews. When it is missing the caller gets :class:`PdfUnavailableError` with a message saying what to
install, never a traceback.

Conversion details that matter:
- Several files go through ONE ``soffice`` call (each start costs seconds).
- A private profile (``-env:UserInstallation``) is used, so a LibreOffice the user has open, or a
  second conversion running at the same time, does not make the call silently do nothing.
- On Linux, the template's Chinese font names (仿宋, 黑体, 宋体, as Word on Windows has them) are
  mapped to installed CJK fonts (Noto / Source Han / WenQuanYi) through a private fontconfig file, so
  the PDF shows a serif for 仿宋 and a sans for 黑体 rather than whatever fallback comes first.
- Output is written to a temporary folder beside the destination and renamed into place, so an
  interrupted conversion leaves no half-written PDF.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from inspector import durable
from inspector.errors import UserError
from inspector.i18n import os_reason, tr

SOFFICE_ENV = "INSPECTOR_SOFFICE"
PROFILE_ENV = "INSPECTOR_SOFFICE_PROFILE"
DEFAULT_TIMEOUT = 300.0

_WINDOWS_CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_CANDIDATES = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)

SERIF = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "AR PL UMing CN",
    "Noto Serif CJK",
)
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "Noto Sans CJK")
FONT_ALIASES = {
    "仿宋": SERIF,
    "仿宋_GB2312": SERIF,
    "FangSong": SERIF,
    "FangSong_GB2312": SERIF,
    "华文仿宋": SERIF,
    "宋体": SERIF,
    "SimSun": SERIF,
    "方正小标宋简体": SERIF,
    "华文中宋": SERIF,
    "黑体": SANS,
    "SimHei": SANS,
    "微软雅黑": SANS,
    "Microsoft YaHei": SANS,
    "等线": SANS,
}
SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")
# The photos in a document are already evidence images sized for print; LibreOffice's default export
# re-samples every image above 300 dpi, which costs seconds for a page of photos and gains nothing.
# Keeping them as they are (the JPEG passes through) makes a 20-photo annex convert ~4x faster.
PDF_FILTER = 'pdf:writer_pdf_Export:{"ReduceImageResolution":{"type":"boolean","value":"false"}}'


class PdfUnavailableError(UserError):
    """LibreOffice is not installed (or not found): no PDF, the .docx is still there."""


class PdfFailedError(UserError):
    """LibreOffice ran but did not produce the PDF."""


def find_soffice() -> Path | None:
    """LibreOffice's ``soffice``: ``INSPECTOR_SOFFICE``, then the PATH, then the usual install places."""
    configured = os.environ.get(SOFFICE_ENV, "").strip()
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates = _WINDOWS_CANDIDATES if sys.platform == "win32" else _MAC_CANDIDATES
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def pdf_available() -> bool:
    return find_soffice() is not None


def fontconfig_file(profile: Path) -> Path | None:
    if not SYSTEM_FONTCONFIG.is_file():
        return None
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        f'  <include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>',
    ]
    for family, prefer in FONT_ALIASES.items():
        names = "".join(f"<family>{name}</family>" for name in prefer)
        lines.append(f'  <alias binding="same"><family>{family}</family><prefer>{names}</prefer></alias>')
    lines.append("</fontconfig>")
    path = profile / "fonts.conf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def convert_to_pdf(
    jobs: Sequence[tuple[Path, Path]], *, timeout: float = DEFAULT_TIMEOUT, profile_dir: Path | None = None
) -> list[Path]:
    """Convert each ``(docx, pdf)`` pair in one LibreOffice run; returns the PDF paths.

    Raises :class:`PdfUnavailableError` when LibreOffice is missing, :class:`PdfFailedError` when it ran but a
    PDF is missing (the message carries LibreOffice's own output).
    """
    if not jobs:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailableError(
            tr(
                "LibreOffice is not installed, so no PDF was made (the Word file is complete). "
                "Install LibreOffice to get PDFs and previews, or open the .docx in Word and save "
                "it as PDF."
            )
        )
    stems = [docx.stem for docx, _ in jobs]
    if len(set(stems)) != len(stems):
        raise ValueError("two files with the same name would overwrite each other's PDF")
    for _, pdf in jobs:
        pdf.parent.mkdir(parents=True, exist_ok=True)
    configured = os.environ.get(PROFILE_ENV, "").strip()
    profile_root = profile_dir or (Path(configured) if configured else None)
    with contextlib.ExitStack() as stack:
        if profile_root is None:
            profile_root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="inspector-lo-")))
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".pdf-", dir=jobs[0][1].parent)))
        done = _run_soffice(soffice, profile_root, work, [docx for docx, _ in jobs], timeout)
        return [_take_pdf(work, docx, pdf, done) for docx, pdf in jobs]


def _run_soffice(
    soffice: Path, profile_root: Path, work: Path, sources: Sequence[Path], timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """One ``soffice --convert-to`` run over ``sources`` into ``work``, with the private profile."""
    env = dict(os.environ)
    fonts = fontconfig_file(profile_root / "fontconfig")
    if fonts is not None:
        env["FONTCONFIG_FILE"] = str(fonts)
    command = [
        str(soffice),
        f"-env:UserInstallation={(profile_root / 'user').resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        "--convert-to",
        PDF_FILTER,
        "--outdir",
        str(work),
        *(str(docx.resolve()) for docx in sources),
    ]
    try:
        return subprocess.run(
            command, capture_output=True, timeout=timeout, env=env, check=False, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as err:
        raise PdfFailedError(
            tr(
                "LibreOffice did not finish the PDF conversion within {seconds} seconds.",
                seconds=int(timeout),
            )
        ) from err
    except OSError as err:
        raise PdfFailedError(
            tr(
                "LibreOffice could not be started ({path}): {reason}",
                path=str(soffice),
                reason=os_reason(err),
            )
        ) from err


def _take_pdf(work: Path, docx: Path, pdf: Path, done: subprocess.CompletedProcess[bytes]) -> Path:
    """Move the PDF LibreOffice made for ``docx`` to ``pdf``; a missing one is explained."""
    made = work / f"{docx.stem}.pdf"
    if not made.is_file() or made.stat().st_size == 0:
        output = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
        raise PdfFailedError(
            tr(
                "LibreOffice did not convert {name} to PDF (exit status {code}). {output}",
                name=docx.name,
                code=done.returncode,
                output=" ".join(output),
            )
        )
    durable.publish(made, pdf)
    return pdf


def rasterize(
    pdf: Path, out_dir: Path, *, dpi: int = 80, first: int = 1, last: int | None = None
) -> list[Path]:
    """PNG images of the PDF's pages (pdftoppm, from poppler-utils); ``[]`` when it is not installed."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [tool, "-png", "-r", str(dpi), "-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    prefix = out_dir / "page"
    done = subprocess.run(
        [*command, str(pdf), str(prefix)],
        capture_output=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        return []
    return sorted(out_dir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
