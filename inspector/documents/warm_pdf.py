"""One LibreOffice kept running for the session, so every preview after the first is quick.

Starting LibreOffice costs seconds each time (2–3 s on a laptop, more when busy); a preview that
starts it anew every time makes the issue dialog feel broken. A headless ``soffice`` listening on a
private pipe stays up instead, and a small bridge script (:mod:`inspector.documents.office_bridge`),
run by LibreOffice's own Python because the app's Python has no UNO, converts each document in it:
a fraction of a second per page set. ``soffice --convert-to`` handed to a running instance cannot
do this: LibreOffice quits after the forwarded conversion.

Everything here is best effort. Where LibreOffice's Python cannot be found, or the bridge dies, the
caller falls back to the one-shot conversion of :mod:`inspector.documents.pdf` (same PDF, slower).
The process uses the same private profile and font aliases as the one-shot path, is stopped at exit,
and serves one conversion at a time.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import IO, Any

from inspector import durable
from inspector.documents import pdf

PYTHON_ENV = "INSPECTOR_LO_PYTHON"
START_TIMEOUT = 90.0
CONVERT_TIMEOUT = 120.0


def find_office_python(soffice: Path) -> Path | None:
    """A Python that can ``import uno``: ``INSPECTOR_LO_PYTHON``, LibreOffice's bundled one (Windows,
    macOS), else the system Python (Debian's ``python3-uno``)."""
    configured = os.environ.get(PYTHON_ENV, "").strip()
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    program = soffice.resolve().parent
    candidates = [program / "python.exe", program / "python", program.parent / "Resources" / "python"]
    # Debian's LibreOffice uses the system Python (package python3-uno), which a virtual
    # environment or pyenv earlier on the PATH hides.
    candidates.append(Path("/usr/bin/python3"))
    for name in ("python3", "python"):
        if found := shutil.which(name):
            candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and _has_uno(candidate):
            return candidate
    return None


def _has_uno(python: Path) -> bool:
    try:
        done = subprocess.run(
            [str(python), "-c", "import uno"],
            check=False,
            capture_output=True,
            timeout=20,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


class BridgeError(Exception):
    """The warm LibreOffice could not do it; the caller falls back to a one-shot conversion."""


class WarmOffice:
    """A running headless LibreOffice and its bridge. Thread-safe; one conversion at a time."""

    def __init__(self, soffice: Path, python: Path) -> None:
        self._soffice = soffice
        self._python = python
        self._lock = threading.Lock()
        self._office: subprocess.Popen[bytes] | None = None
        self._bridge: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._root: Path | None = None
        self._reader: threading.Thread | None = None

    @property
    def office_pid(self) -> int | None:
        return self._office.pid if self._office is not None else None

    def _start(self) -> None:
        self._root = Path(tempfile.mkdtemp(prefix="inspector-lo-warm-"))
        pipe = f"inspector_{os.getpid()}_{secrets.token_hex(6)}"
        env = dict(os.environ)
        fonts = pdf.fontconfig_file(self._root / "fontconfig")
        if fonts is not None:
            env["FONTCONFIG_FILE"] = str(fonts)
        self._office = subprocess.Popen(
            [
                str(self._soffice),
                f"-env:UserInstallation={(self._root / 'user').resolve().as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            # soffice is a launcher that starts soffice.bin: its own process group lets both be stopped.
            start_new_session=True,
        )
        script = self._root / "office_bridge.py"
        script.write_text(
            resources.files("inspector.documents").joinpath("office_bridge.py").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        self._bridge = subprocess.Popen(
            [str(self._python), str(script), pipe, str(START_TIMEOUT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        assert self._bridge.stdout is not None
        self._answers = queue.Queue()  # each bridge answers into its own queue
        self._reader = threading.Thread(
            target=_read_lines, args=(self._bridge.stdout, self._answers), daemon=True
        )
        self._reader.start()
        self._answer(START_TIMEOUT + 5)

    def _answer(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty as err:
            raise BridgeError("LibreOffice did not answer in time") from err
        if line is None:
            raise BridgeError("the LibreOffice bridge ended")
        answer: dict[str, Any] = json.loads(line)
        if not answer.get("ok"):
            raise BridgeError(str(answer.get("error", "unknown error")))
        return answer

    def convert(self, docx: Path, out: Path, *, timeout: float = CONVERT_TIMEOUT) -> Path:
        """Convert ``docx`` to the PDF ``out`` (written beside it, then renamed into place)."""
        with self._lock:
            try:
                if self._bridge is None:
                    self._start()
                assert self._bridge is not None and self._bridge.stdin is not None
                tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
                request = {"src": str(docx.resolve()), "dst": str(tmp.resolve())}
                self._bridge.stdin.write(json.dumps(request) + "\n")
                self._bridge.stdin.flush()
                self._answer(timeout)
                if not tmp.is_file() or tmp.stat().st_size == 0:
                    raise BridgeError("no PDF was written")
                durable.publish(tmp, out)
                return out
            except (BridgeError, OSError, ValueError) as err:
                self._stop()
                with contextlib.suppress(OSError, UnboundLocalError):
                    tmp.unlink()
                raise BridgeError(str(err)) from err

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        bridge, office, root, reader = self._bridge, self._office, self._root, self._reader
        self._bridge = self._office = self._root = self._reader = None
        if bridge is not None:
            with contextlib.suppress(OSError, ValueError):
                assert bridge.stdin is not None
                bridge.stdin.write(json.dumps({"quit": True}) + "\n")
                bridge.stdin.close()
            _reap(bridge)
            if reader is not None:
                reader.join(timeout=10)
            if bridge.stdout is not None:
                bridge.stdout.close()
        if office is not None:
            _reap(office)
            _kill_group(office.pid)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


def _read_lines(stream: IO[str], answers: queue.Queue[str | None]) -> None:
    for line in stream:
        answers.put(line)
    answers.put(None)  # the bridge ended


def _reap(process: subprocess.Popen[Any]) -> None:
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


def _kill_group(pid: int) -> None:
    """Stop whatever is left of LibreOffice's process group (soffice.bin outlives its launcher)."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


_state: dict[str, WarmOffice | None] = {}
_state_lock = threading.Lock()


def warm_office() -> WarmOffice | None:
    """The session's warm LibreOffice (created on first use), or ``None`` where it cannot run."""
    with _state_lock:
        if "office" not in _state:
            soffice = pdf.find_soffice()
            python = find_office_python(soffice) if soffice is not None else None
            _state["office"] = WarmOffice(soffice, python) if soffice and python else None
            if _state["office"] is not None:
                atexit.register(close)
        return _state["office"]


def close() -> None:
    """Stop the warm LibreOffice (at exit, and in tests)."""
    with _state_lock:
        office = _state.pop("office", None)
    if office is not None:
        office.close()


def convert(docx: Path, out: Path, *, timeout: float = CONVERT_TIMEOUT) -> Path:
    """``docx`` to PDF, through the warm LibreOffice when it can run, else a one-shot conversion."""
    office = warm_office()
    if office is not None:
        try:
            return office.convert(docx, out, timeout=timeout)
        except BridgeError:
            pass  # slower, but the same PDF: the one-shot path also explains a missing LibreOffice
    out.parent.mkdir(parents=True, exist_ok=True)
    (made,) = pdf.convert_to_pdf([(docx, out)], timeout=timeout)
    return made
