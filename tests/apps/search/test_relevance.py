"""The relevance set on both PostgreSQL backends, on the synced OWASP data (whose sync indexed it)."""

import pytest

from apps.search.services import search
from tests.apps.search.relevance import CASES, measures, rank


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=str)
def test_query_finds_its_answer(synced_owasp, backend, case):
    results = search(case.query, limit=10)
    hits = results.hits

    position = rank(hits, case)
    assert results.backend == backend.name  # answered by the backend under test, not a fallback

    assert position is not None and position <= case.within, (
        f"{case.query!r}: expected {case.expected} within {case.within}, got "
        f"{[f'{hit.type}:{hit.key}' for hit in hits[:5]]}"
    )


def test_the_set_is_large_enough():
    assert len(CASES) >= 60
    assert {case.kind for case in CASES} >= {"typo", "prefix", "acronym", "synonym", "accent", "other language"}


@pytest.mark.django_db
def test_mrr_and_recall_on_both_backends(synced_owasp, backend):
    ranks = [rank(search(case.query, limit=10).hits, case) for case in CASES]

    scores = measures(ranks)

    assert scores["recall@5"] >= 0.95, scores
    assert scores["mrr@10"] >= 0.9, scores


def test_measures():
    assert measures([1, 2, None, 11]) == {"mrr@10": 0.375, "recall@5": 0.5}
