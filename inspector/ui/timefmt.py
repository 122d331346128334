"""Times are stored in UTC; people read them in the laptop's local zone."""

from __future__ import annotations

import datetime as dt


def local_text(value: dt.datetime | None, with_time: bool = True) -> str:
    if value is None:
        return ""
    local = value.astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
