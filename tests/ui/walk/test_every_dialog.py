"""Every dialog of the app, opened on real data at 1366×768, at 100 % and at 150 % scaling, in
Chinese and in English, with its validation errors shown: no label or button is clipped, no dialog
reaches past the screen, no title repeats the application's name.

The dialogs are found by importing the whole ``inspector.ui`` package; each must have a sample in
``samples.py`` (how to open it, in which states), or the first test names it. The walk itself runs
in a child process per scale (``child.py``), because the screen and the scale factor are fixed when
Qt starts.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

import inspector.ui
from inspector.crypto import keys as crypto_keys
from inspector.storage.db import open_database
from tests.conftest import RECOVERY_CODES, encrypted_config
from tests.ui.walk import world
from tests.ui.walk.samples import SAMPLES

ROOT = Path(__file__).resolve().parents[3]
SCREEN = {"width": 1366, "height": 768}


def app_dialogs() -> list[type[QDialog]]:
    """Every QDialog subclass defined in a module of ``inspector.ui``, but for the bases other
    dialogs of the app extend (a shared frame is walked through the dialogs built on it)."""
    found: dict[str, type[QDialog]] = {}
    for info in pkgutil.walk_packages(inspector.ui.__path__, "inspector.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    bases = {base for cls in found.values() for base in cls.__mro__[1:]}
    return [found[k] for k in sorted(found) if found[k] not in bases]


def test_every_dialog_has_a_sample() -> None:
    dialogs = app_dialogs()
    assert len(dialogs) >= 15, "the discovery found too few dialogs to be believed"
    missing = [f"{d.__module__}.{d.__qualname__}" for d in dialogs if d not in SAMPLES]
    assert not missing, "add a @sample for each of these dialogs in tests/ui/walk/samples.py: " + ", ".join(
        missing
    )


@pytest.fixture(scope="module")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("walk") / "data"
    data_dir.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(crypto_keys, "SCRYPT_N", 2**10)
        config = encrypted_config(data_dir)
        db = open_database(config)
        try:
            world.build(db, config)
        finally:
            db.close()
    yield config.data_dir


def run_walk(
    data_dir: Path, qm: Path, scale: str, tmp: Path, shots: Path | None = None
) -> list[dict[str, object]]:
    screen = tmp / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, **SCREEN, "logicalDpi": 96, "dpr": 1}]}),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": scale,
        "INSPECTOR_RECOVERY_CODE": RECOVERY_CODES[data_dir],
    }
    env.pop("INSPECTOR_LANG", None)
    args = [sys.executable, "-m", "tests.ui.walk.child", str(data_dir), str(qm), "zh_CN,en"]
    if shots is not None:
        args.append(str(shots))
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines and lines[-1].get("done"), done.stdout[-2000:] + done.stderr[-2000:]
    return lines[:-1]


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_every_dialog_fits_and_nothing_is_clipped(
    world_dir: Path, zh_qm: Path, scale: str, tmp_path: Path
) -> None:
    shots = (
        Path(os.environ["INSPECTOR_WALK_SHOTS"]) / scale if os.environ.get("INSPECTOR_WALK_SHOTS") else None
    )
    checked = run_walk(world_dir, zh_qm, scale, tmp_path, shots)
    walked = {c["dialog"] for c in checked}
    assert walked == {cls.__name__ for cls in SAMPLES}
    assert {c["lang"] for c in checked} == {"zh_CN", "en"}
    bad = [
        f"{c['lang']} {c['dialog']} ({c['sample']}, {c['state']}{', ' + str(c['tab']) if c['tab'] else ''}): "
        + "; ".join(str(p) for p in c["problems"])  # type: ignore[attr-defined]
        for c in checked
        if c["problems"]
    ]
    assert not bad, f"{len(bad)} of {len(checked)} checks failed:\n" + "\n".join(bad)
