"""The retrieval set (data/retrieval_set.json) and recall@k over it, for the tests and benchmarks/ai.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RETRIEVAL_SET = Path(__file__).parent / "data" / "retrieval_set.json"


@dataclass
class Outcome:
    question: str
    expected: list[str]
    found: list[str]  # the owasp_key (or "type:id") of the first k entities

    @property
    def recall(self) -> float:
        return len(set(self.expected) & set(self.found)) / min(len(self.expected), 5)


def questions() -> list[dict]:
    return json.loads(RETRIEVAL_SET.read_text(encoding="utf-8"))["questions"]


def recall_at_k(similar, *, k: int = 5) -> tuple[float, list[Outcome]]:
    """Mean recall@k of ``similar`` (``apps.ai.services.retrieval.similar``) over the retrieval set, with each
    question's outcome. A question's recall@k is the share of its expected entities, at most k of them, found
    among the first k entities returned."""
    from cms.models import OwaspPage

    outcomes = []
    for item in questions():
        matches = similar(item["question"], limit=k)
        page_ids = [m.object_id for m in matches if m.entity_type in ("project", "chapter", "committee", "event")]
        keys = dict(OwaspPage.objects.filter(pk__in=page_ids).values_list("pk", "owasp_key"))
        found = [keys.get(m.object_id) or f"{m.entity_type}:{m.object_id}" for m in matches]
        outcomes.append(Outcome(item["question"], item["expected"], found))
    return sum(o.recall for o in outcomes) / len(outcomes), outcomes
