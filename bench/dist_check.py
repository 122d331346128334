"""``make dist-check``: the one-folder build (``make dist``) started as an office would start it,
headless, on a fresh data directory, and measured.

Checks, each a separate start of the bundle's own executable (no Python of this checkout involved):
``demo`` seeds the demo office, ``verify`` finds everything consistent, ``document`` issues a record
(a Word file that opens as one), ``verify`` again with that document, and ``--smoke`` paints the main
window's first frame under offscreen Qt in Chinese, with our and Qt's catalogues found, also with no
font installed at all (no font is bundled); ``db upgrade`` and ``db check`` on the private PostgreSQL
server of ``scripts/pg-test-server.sh`` (an office's server). Exit status 1 when any check fails,
with the step and the program's output.

Figures, printed and merged into ``bench/results.json`` (rows named ``dist: …``, which ``make bench``
keeps): the folder's size, and the start to the first paint (launch until ``--smoke`` reports the
painted frame; median of 3 after a warm-up) of the bundle beside the same start of this checkout's
virtual environment, measured alternately in the same run, as the other benchmarks do.

Commands that accept ``--as USER`` (their ``--help`` says so) run as the demo account ``office`` with
the demo password, so the check keeps working when the CLI asks who is acting; the others open the
(encrypted) demo directory with the recovery code ``demo`` showed, as maintenance would.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.common import Result

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "inspector"
RESULTS = Path(__file__).parent / "results.json"
PREFIX = "dist: "
ACTOR = "office"
DEMO_PASSWORD = "demo1234"  # every demo account's, see README
TIMEOUT = 900.0
SMOKE_TIMEOUT = 120.0
SMOKE_REPEAT = 3
RECOVERY_CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){5}\b")


class CheckFailedError(Exception):
    """A step of the check failed; the message says which and shows the program's output."""


def executable(bundle: Path) -> Path:
    return bundle / ("inspector.exe" if sys.platform == "win32" else "inspector")


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a fresh desk: offscreen Qt, no data directory, database or language set,
    Qt's settings (the remembered language) in a private folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"INSPECTOR_DATA_DIR", "INSPECTOR_DB_URL", "INSPECTOR_LANG", "INSPECTOR_QUIT_AFTER_SHOW"}
    }
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"))
    return env


class Bundle:
    """Runs the bundle's commands on one data directory."""

    def __init__(self, exe: Path, data: Path, env: dict[str, str]) -> None:
        self.exe, self.data, self.env = exe, data, env
        self._accepts_as: dict[tuple[str, ...], bool] = {}
        self.recovery_code: str | None = None  # the demo's, for commands without --as

    def demo(self) -> str:
        """Seed the demo office; its data directory is encrypted, so keep the recovery code it
        shows: commands without ``--as`` open the directory with it, as maintenance does."""
        out = self.run(["demo"]).stdout
        found = RECOVERY_CODE.search(out)
        self.recovery_code = found.group(0) if found else None
        return _tail(out, 1)

    def accepts_as(self, words: Sequence[str]) -> bool:
        key = tuple(words)
        if key not in self._accepts_as:
            done = self.run([*words, "--help"], actor=False)
            self._accepts_as[key] = re.search(r"(^|\s)--as\b", done.stdout) is not None
        return self._accepts_as[key]

    def run(
        self, args: Sequence[str], *, words: int = 0, actor: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """``inspector ARGS --data-dir DATA``; ``words``: how many of ``args`` name the command (for
        ``--as``). Raises CheckFailedError on a non-zero status."""
        command = [str(self.exe), *args, "--data-dir", str(self.data)]
        env = self.env
        if actor and words and self.accepts_as(args[:words]):
            command += ["--as", ACTOR]
            env = {**env, "INSPECTOR_PASSWORD": DEMO_PASSWORD}
        elif actor and words and self.recovery_code:
            env = {**env, "INSPECTOR_RECOVERY_CODE": self.recovery_code}
        try:
            done = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as err:
            raise CheckFailedError(f"{' '.join(args)}: no answer in {TIMEOUT:.0f} s") from err
        if done.returncode != 0:
            raise CheckFailedError(
                f"{' '.join(args)}: exit status {done.returncode}\n{_tail(done.stdout)}\n{_tail(done.stderr)}"
            )
        return done

    def json(self, args: Sequence[str], words: int) -> Any:
        return json.loads(self.run([*args, "--json"], words=words).stdout)


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def issue_document(bundle: Bundle, out: Path) -> str:
    """Issue a record for a finalized demo inspection that has none (or write an issued one again);
    the file must be a Word document. Returns what was done."""
    inspections = bundle.json(["inspections", "list", "--status", "finalized"], words=2)
    issued = {(d["inspection_id"], d["kind"]) for d in bundle.json(["documents", "list"], words=2)}
    if not inspections:
        raise CheckFailedError("document: the demo data has no finalized inspection")
    fresh = [i for i in inspections if (i["id"], "record") not in issued]
    target = (fresh or inspections)[0]
    done = bundle.run(["document", target["id"], "--kind", "record", "--out", str(out)], words=1)
    if not zipfile.is_zipfile(out):
        raise CheckFailedError(f"document: {out} is not a Word file")
    with zipfile.ZipFile(out) as docx:
        if "word/document.xml" not in docx.namelist():
            raise CheckFailedError(f"document: {out} has no word/document.xml")
    after = {(d["inspection_id"], d["kind"]) for d in bundle.json(["documents", "list"], words=2)}
    if fresh and (target["id"], "record") not in after:
        raise CheckFailedError("document: the issued record is not listed by `documents list`")
    return _tail(done.stdout, 2)


def smoke(command: Sequence[str], env: dict[str, str], data: Path) -> tuple[float, dict[str, Any]]:
    """Seconds from launch to the painted frame's report, and the report; the process must end with 0."""
    with tempfile.TemporaryFile() as errors:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*command, "--smoke", "--data-dir", str(data)], env=env, stdout=subprocess.PIPE, stderr=errors
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        try:
            proc.communicate(timeout=SMOKE_TIMEOUT)
        except subprocess.TimeoutExpired as err:
            proc.kill()
            raise CheckFailedError(f"--smoke did not quit within {SMOKE_TIMEOUT:.0f} s") from err
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if proc.returncode != 0 or not line.strip():
        raise CheckFailedError(f"--smoke: exit status {proc.returncode}\n{_tail(stderr)}")
    try:
        report: dict[str, Any] = json.loads(line)
    except ValueError as err:
        raise CheckFailedError(f"--smoke printed {line!r}, not its report") from err
    return elapsed, report


def check_smoke_report(report: dict[str, Any]) -> str:
    expected = {"painted": True, "language": "zh_CN", "ui_translated": True, "qt_translated": True}
    wrong = {k: report.get(k) for k, v in expected.items() if report.get(k) != v}
    if wrong:
        raise CheckFailedError(f"--smoke: unexpected {wrong} in {report}")
    return f"first frame painted, title “{report['title']}”, UI and Qt catalogues in Chinese"


def start_times(
    bundle_cmd: Sequence[str], venv_cmd: Sequence[str], env: dict[str, str], data: Path
) -> tuple[float, float, dict[str, Any]]:
    """Medians (seconds) of the bundle's and the venv's start to first paint, run alternately after
    one warm-up each; and the bundle's last report."""
    smoke(bundle_cmd, env, data)
    smoke(venv_cmd, env, data)
    ours, base = [], []
    report: dict[str, Any] = {}
    for _ in range(SMOKE_REPEAT):
        elapsed, report = smoke(bundle_cmd, env, data)
        ours.append(elapsed)
        base.append(smoke(venv_cmd, env, data)[0])
    return statistics.median(ours), statistics.median(base), report


FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc", ".pfb", ".woff", ".woff2"}
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def without_fonts(bundle_dir: Path, env: dict[str, str], home: Path) -> str:
    """No font is shipped, and the window paints on a machine with no font at all (fontconfig shown
    an empty folder; on Linux, where Qt finds fonts through fontconfig)."""
    shipped = [p.name for p in bundle_dir.rglob("*") if p.suffix.lower() in FONT_SUFFIXES]
    if shipped:
        raise CheckFailedError(f"fonts are bundled: {shipped[:5]}")
    if sys.platform != "linux":
        return "no font bundled"
    (home / "no-fonts").mkdir()
    conf = home / "no-fonts.conf"
    conf.write_text(
        NO_FONTS_CONF.format(fonts=home / "no-fonts", cache=home / "font-cache"), encoding="utf-8"
    )
    _, report = smoke(
        [str(executable(bundle_dir))], {**env, "FONTCONFIG_FILE": str(conf)}, home / "smoke-data"
    )
    check_smoke_report(report)
    return "no font bundled; the first frame paints with no font installed (boxes for glyphs)"


PG_ENV = "INSPECTOR_TEST_PG_URL"  # set by scripts/pg-test-server.sh, which make dist-check runs under


def office_server(bundle: Bundle) -> str:
    """The PostgreSQL driver (psycopg and its libpq) is in the bundle: migrate and check a database on
    the private server ``make dist-check`` starts."""
    url = os.environ.get(PG_ENV)
    if not url:
        return f"not checked: no server ({PG_ENV} unset; make dist-check starts one)"
    bundle.run(["db", "upgrade", "--db-url", url])
    return _tail(bundle.run(["db", "check", "--db-url", url]).stdout, 1)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def step(name: str, action: Callable[[], str], failures: list[str]) -> None:
    print(f"{name} …", flush=True)
    try:
        print(f"  ok: {action()}", flush=True)
    except CheckFailedError as err:
        failures.append(name)
        print(f"  FAILED: {err}", flush=True)


def merge_results(rows: list[Result], path: Path = RESULTS) -> None:
    """Replace the ``dist:`` rows of ``results.json``, keeping every other benchmark's."""
    kept = []
    if path.exists():
        kept = [
            r for r in json.loads(path.read_text(encoding="utf-8")) if not str(r["name"]).startswith(PREFIX)
        ]
    data = kept + [r.as_dict() for r in rows]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def measure(bundle_dir: Path, env: dict[str, str], data: Path) -> list[Result]:
    exe = executable(bundle_dir)
    t_bundle, t_venv, report = start_times([str(exe)], [sys.executable, "-m", "inspector"], env, data)
    print(f"  ok: {check_smoke_report(report)}")
    size = folder_size(bundle_dir) / 1e6
    return [
        Result(f"{PREFIX}bundle size", round(size, 1), "MB", "context", True),
        Result(f"{PREFIX}start to first paint, venv", round(t_venv * 1000, 1), "ms", "baseline", True),
        Result(f"{PREFIX}start to first paint, bundle", round(t_bundle * 1000, 1), "ms", "context", True),
        Result(f"{PREFIX}ratio bundle / venv start", round(t_bundle / t_venv, 2), "x", "context", True),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--bundle", type=Path, default=BUNDLE, help="the built folder (default dist/inspector)"
    )
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    exe = executable(args.bundle)
    if not exe.is_file():
        print(f"no bundle at {exe}: run `make dist` first", file=sys.stderr)
        return 1
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="inspector-dist-check-") as tmp:
        home = Path(tmp)
        env = clean_env(home)
        bundle = Bundle(exe, home / "data", env)
        step("demo", bundle.demo, failures)
        step("verify", lambda: _tail(bundle.run(["verify"], words=1).stdout, 1), failures)
        step("document", lambda: issue_document(bundle, home / "record.docx"), failures)
        step(
            "verify (with the new document)",
            lambda: _tail(bundle.run(["verify"], words=1).stdout, 1),
            failures,
        )
        step("PostgreSQL (office server)", lambda: office_server(bundle), failures)
        step("no fonts", lambda: without_fonts(args.bundle, env, home), failures)
        rows: list[Result] = []

        def timed() -> str:
            rows.extend(measure(args.bundle, env, home / "smoke-data"))
            return "start times measured"

        step("--smoke (first frame, offscreen)", timed, failures)
    for r in rows:
        print(f"{r.name:<40} {r.value:>9} {r.unit:<3} {r.target}")
    if rows and not args.no_write:
        merge_results(rows)
        print(f"written to {RESULTS}")
    if failures:
        print(f"dist-check FAILED: {', '.join(failures)}", file=sys.stderr)
        return 1
    print("dist-check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
