"""The child process of the kill tests: runs one backup or import through the public API (the same
calls the command line makes, without building the whole command line) and reports its progress on
stderr so the parent can kill it at the right moment."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from inspector.config import resolve
    from inspector.i18n import set_language

    set_language("en")
    action, data_dir, path = argv[0], Path(argv[1]), Path(argv[2])
    config = resolve(data_dir)
    code = os.environ.get("INSPECTOR_RECOVERY_CODE")
    if code and (data_dir / "inspector.keys").exists():  # an encrypted directory: unlock as its owner
        from inspector.services.unlock import unlock_with_recovery

        config = unlock_with_recovery(config, code)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if action == "backup":
        from inspector.backup import create_backup

        create_backup(config, path, progress=say)
        return 0
    from inspector.exchange import import_package
    from inspector.services.actor import SYSTEM
    from inspector.storage.db import open_database

    db = open_database(config)
    try:
        import_package(db, config, SYSTEM, path, progress=say)
    finally:
        db.close()
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
