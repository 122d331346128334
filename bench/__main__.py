"""``make bench``: run every benchmark, print a table of figures, write ``bench/results.json``."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

MODULES = [
    "bench.bench_startup",
    "bench.bench_site_search",
    "bench.bench_photos",
    "bench.bench_followup",
    "bench.bench_documents",
    "bench.bench_case_documents",
    "bench.bench_encryption",
]


def main() -> int:
    results = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        print(f"running {name} …", flush=True)
        for r in module.run():
            results.append(r if isinstance(r, dict) else r.as_dict())
    out = Path(__file__).parent / "results.json"
    # The one-folder build's figures come from `make dist-check`, not from this run: keep them.
    if out.exists():
        results += [
            r for r in json.loads(out.read_text(encoding="utf-8")) if str(r["name"]).startswith("dist: ")
        ]
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    width = max(len(str(r["name"])) for r in results)
    print()
    print(f"{'benchmark':<{width}}  {'value':>10}  unit  {'target':<10}  met")
    for r in results:
        met = "yes" if r["met"] else "NO"
        # A part that could not run (e.g. no server) has no value; print a dash, never crash.
        cells = ["-" if r.get(k) is None else str(r[k]) for k in ("name", "value", "unit", "target")]
        print(f"{cells[0]:<{width}}  {cells[1]:>10}  {cells[2]:<4}  {cells[3]:<10}  {met}")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
