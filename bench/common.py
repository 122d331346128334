"""Helpers for benchmarks: medians of repeated runs and the result record written to results.json.

These machines are noisy, so every target is a ratio against a baseline measured in the same run;
absolute times are reported for context only where the issue names one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    target: str
    met: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def median_time(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def interleaved_medians(
    a: Callable[[], object], b: Callable[[], object], repeat: int = 15
) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run alternately, so drift in machine load hits both equally."""
    a(), b()
    sa, sb = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        a()
        sa.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        b()
        sb.append(time.perf_counter() - t0)
    return statistics.median(sa), statistics.median(sb)
