"""inspector: the headless core of the field inspection tool.

Everything under this package except :mod:`inspector.ui` runs without Qt, so the CLI, the tests and an
office server job can use it directly.
"""

__version__ = "0.1.0"
