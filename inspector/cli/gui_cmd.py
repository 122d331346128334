"""``inspector gui``: open the desktop app. Qt is imported only here, lazily, so the rest of the CLI
runs on machines without a display or without the Qt libraries. This module is on the desktop app's
start-up path, so what only ``register`` needs is imported there."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from inspector.config import Config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from inspector.cli.options import add_app_flags, add_common

    p = sub.add_parser("gui", help="open the desktop app (the default without a command)")
    add_common(p)
    add_app_flags(p)
    p.set_defaults(handler=lambda ctx, args: run_gui(ctx.config, [], smoke=hasattr(args, "smoke")))


def run_gui(config: Config, argv: Sequence[str], *, smoke: bool = False) -> int:
    """Open the app; ``smoke``: quit after the window's first paint (``--smoke``)."""
    # The layering contract forbids a static import of inspector.ui from the core.
    app_module = importlib.import_module("inspector.ui.app")
    code: int = app_module.run(config, list(argv), smoke=smoke)
    return code


__all__ = ["register", "run_gui"]
