"""Past health records for generated projects, so charts over time have data at scale.

Synthetic by design: the figures of the past are not in the database (stars and contributors have no
history), so each past day takes today's inputs of the project, drifts them a little further back each day,
and scores them with the real checks and thresholds (``apps.github.services.health.evaluate``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from apps.github.models import HealthThreshold, ProjectHealthRecord
from apps.github.services.health import CHECKS, HealthInputs, evaluate
from devtools.generate.bulk import copy_rows

COUNTS = {"contributors", "forks", "stars", "recent_releases", "open_pull_requests", "leaders"}
BACKLOG = {"unanswered_issues", "unassigned_issues"}


def _past_inputs(today: HealthInputs, days_back: int, rng: random.Random, drift: float) -> HealthInputs:
    past = HealthInputs()
    for spec in CHECKS:
        value = getattr(today, spec.name)
        if spec.name.startswith("days_since_"):
            if value is None:
                past_value = None
            elif value >= days_back:
                past_value = value - days_back
            else:  # the last event came after that day: the one before is some time earlier
                past_value = rng.randint(0, 120)
        elif spec.name in COUNTS:
            past_value = max(round(value * (1 - drift * days_back)), 0)
        else:
            past_value = max(round(value * (1 + drift * days_back * rng.uniform(-1, 1))), 0)
        setattr(past, spec.name, past_value)
    return past


def generate_health_history(
    days: int, rng: random.Random, *, on: date, progress: Callable[[int], None] | None = None
) -> int:
    """One record per project for each of the ``days`` days before ``on``, from that project's record of
    ``on``; days that already have a record are left alone."""
    if days <= 0:
        return 0
    thresholds = {threshold.level: threshold for threshold in HealthThreshold.objects.all()}
    latest = list(ProjectHealthRecord.objects.filter(date=on).only("project_id", "level", "checks"))
    taken = set(
        ProjectHealthRecord.objects.filter(date__gte=on - timedelta(days=days), date__lt=on).values_list(
            "project_id", "date"
        )
    )

    def rows():  # consumed while COPY runs: no query in here
        for record in latest:
            threshold = thresholds.get(record.level)
            if threshold is None:
                continue
            known = {spec.name for spec in CHECKS}
            today = HealthInputs(**{c["name"]: c["value"] for c in record.checks if c["name"] in known})
            drift = rng.uniform(0, 0.002)
            for back in range(1, days + 1):
                day = on - timedelta(days=back)
                if (record.project_id, day) in taken:
                    continue
                score, checks = evaluate(_past_inputs(today, back, rng, drift), threshold)
                yield {
                    "project_id": record.project_id,
                    "date": day,
                    "score": score,
                    "level": record.level,
                    "checks": checks,
                }

    return copy_rows(ProjectHealthRecord, rows(), skip=["id"], progress=progress)
