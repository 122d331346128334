"""What a demo run made, and the few constants every demo step shares."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

MARKER = "demo_seeded"
# Every demo account signs in with this password (README, "Demo data"); never used outside the demo.
DEMO_PASSWORD = "demo1234"


@dataclass
class DemoResult:
    created: bool
    restarted: bool = False  # an interrupted demo was found and started again
    sites: int = 0
    users: int = 0
    inspections: int = 0
    finalized: list[uuid.UUID] = field(default_factory=list)
    drafts: list[uuid.UUID] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
