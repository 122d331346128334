"""``make soak``: 200 SIGKILLs of a process recording answers; see :mod:`bench.kill_harness`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kill_harness import main

if __name__ == "__main__":
    sys.exit(main())
