"""What the frozen ``inspector`` executable runs: the same ``main`` as the installed console script
(the desktop app without arguments, a headless command with them). A separate file rather than
``inspector/__main__.py`` so PyInstaller does not put the ``inspector/`` folder itself on the path."""

import sys

from inspector.cli import main

if __name__ == "__main__":
    sys.exit(main())
