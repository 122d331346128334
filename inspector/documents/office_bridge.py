"""Runs under LibreOffice's own Python (not the app's): converts documents in a running LibreOffice.

Started by :mod:`inspector.documents.warm_pdf` with the name of the pipe a headless ``soffice``
listens on. It reads one JSON request per line on stdin (``{"src": ..., "dst": ...}``), converts
``src`` to PDF at ``dst`` through UNO and answers one JSON line on stdout (``{"ok": true}`` or
``{"ok": false, "error": "..."}``). Keeping LibreOffice and this bridge alive for the session is what
makes a preview take a fraction of a second instead of the seconds LibreOffice needs to start.

It imports nothing from the app: on Windows and macOS it runs under the Python that LibreOffice
bundles, on Debian under the system Python with ``python3-uno``.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any


def _connect(pipe: str, seconds: float) -> Any:
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _prop(name: str, value: object) -> Any:
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _convert(desktop: Any, src: str, dst: str) -> None:
    import uno

    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0, (_prop("Hidden", True), _prop("ReadOnly", True))
    )
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {src}")
    try:
        # Photos are already sized for print: no re-sampling (see PDF_FILTER in documents/pdf.py).
        options = uno.Any("[]com.sun.star.beans.PropertyValue", (_prop("ReduceImageResolution", False),))
        args = (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", options))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), args))
    finally:
        doc.close(True)


def main() -> int:
    pipe = sys.argv[1]
    try:
        desktop = _connect(pipe, float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
    except Exception as err:
        print(json.dumps({"ok": False, "error": f"connect: {err}"}), flush=True)
        return 1
    print(json.dumps({"ok": True, "ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            # LibreOffice is going away either way; the app kills it if it lingers.
            with contextlib.suppress(Exception):
                desktop.terminate()
            return 0
        try:
            _convert(desktop, request["src"], request["dst"])
            print(json.dumps({"ok": True}), flush=True)
        except Exception as err:
            print(json.dumps({"ok": False, "error": str(err)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
