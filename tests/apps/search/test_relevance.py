"""The relevance set on both PostgreSQL backends, on the synced OWASP data (whose sync indexed it), embedded
by the session's AI fixture as a site with embeddings is: the hybrid step takes part in every case. The
lexical cases are also run without embeddings (a fresh install), where they must rank as well."""

import pytest

from apps.ai.models import EmbeddingIndex
from apps.search.services import search
from tests.apps.search.relevance import CASES, SEMANTIC_CASES, measures, rank

LEXICAL_CASES = [case for case in CASES if case not in SEMANTIC_CASES]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=str)
def test_query_finds_its_answer(embedded, backend, case):
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
    assert len(SEMANTIC_CASES) >= 8
    kinds = {case.kind for case in CASES}
    assert kinds >= {"typo", "prefix", "acronym", "synonym", "accent", "other language", "semantic"}


@pytest.mark.django_db
def test_mrr_and_recall_on_both_backends(embedded, backend):
    ranks = [rank(search(case.query, limit=10).hits, case) for case in CASES]

    scores = measures(ranks)
    semantic = measures([r for r, case in zip(ranks, CASES, strict=True) if case in SEMANTIC_CASES])
    print(f"{backend.name}: {scores} over {len(CASES)} cases; semantic questions alone: {semantic}")

    assert scores["recall@5"] >= 0.95, scores
    assert scores["mrr@10"] >= 0.9, scores
    assert semantic["recall@5"] >= 0.8, semantic


@pytest.mark.django_db
def test_without_embeddings_the_lexical_cases_rank_as_well(embedded, backend):
    EmbeddingIndex.objects.update(is_active=False)  # as on a fresh install: nothing to read (rolled back)

    ranks = [rank(search(case.query, limit=10).hits, case) for case in LEXICAL_CASES]
    questions = [rank(search(case.query, limit=10).hits, case) for case in SEMANTIC_CASES]

    scores = measures(ranks)
    assert scores == {"mrr@10": 1.0, "recall@5": 1.0}, scores
    print(f"{backend.name} without embeddings, semantic questions: {measures(questions)}")


def test_measures():
    assert measures([1, 2, None, 11]) == {"mrr@10": 0.375, "recall@5": 0.5}
