"""Retrieval on the real OWASP data with the local model: 37 questions and the entities that answer them."""

import pytest

from apps.ai.services.retrieval import similar
from tests.apps.ai.retrieval import Outcome, questions, recall_at_k

pytestmark = pytest.mark.django_db


def test_the_set_has_at_least_30_questions_about_pages_that_exist(embedded):
    from cms.models import OwaspPage

    items = questions()
    expected = {key for item in items for key in item["expected"]}
    assert len(items) >= 30
    assert set(OwaspPage.objects.filter(owasp_key__in=expected).values_list("owasp_key", flat=True)) == expected


def test_recall_at_5_of_the_local_model(embedded):
    recall, outcomes = recall_at_k(similar, k=5)

    misses = [(o.question, o.expected[:3], o.found) for o in outcomes if o.recall < 1]
    print(f"recall@5 = {recall:.3f} over {len(outcomes)} questions; misses: {misses}")
    # Measured 0.819 (BENCHMARKS.md); the bound catches a regression, not noise in the last digit.
    assert recall >= 0.78, misses
    # 31 of the 37 questions find at least one right entity in their first 5.
    assert sum(o.recall > 0 for o in outcomes) >= 0.8 * len(outcomes), misses


def test_a_question_finds_the_right_project_first(embedded):
    first = similar("intentionally insecure web application for training", limit=5)[0]

    assert first.entity_type == "project"
    assert first.chunk.context.title == "OWASP Juice Shop"
    assert "insecure web application" in first.chunk.text


def test_types_limit_what_is_returned(embedded):
    matches = similar("OWASP chapters in Brazil", types=["committee"], limit=3)

    assert matches and {m.entity_type for m in matches} == {"committee"}


def test_the_recall_helper():
    assert Outcome("q", ["a"], ["b", "a"]).recall == 1.0
    assert Outcome("q", ["a", "b"], ["a", "x", "y", "z", "w"]).recall == 0.5
    assert Outcome("q", [f"k{i}" for i in range(20)], ["k1", "k2", "k3", "k4", "x"]).recall == 0.8
    assert Outcome("q", ["a"], []).recall == 0.0
