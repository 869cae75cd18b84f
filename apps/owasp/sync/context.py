"""What every part of one sync run shares: the sync user, the report, the run's time and the progress step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apps.owasp.sync.report import SyncReport


@dataclass
class SyncContext:
    user: Any
    report: SyncReport
    now: datetime
    step: Callable[[], Any] | None = None

    def kwargs(self) -> dict[str, Any]:
        return {"user": self.user, "report": self.report, "now": self.now, "step": self.step}
