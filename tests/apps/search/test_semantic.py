"""Hybrid ranking on the real OWASP data, embedded once per run with the local model (the AI tests' session
fixture): the entities nearest a question's embedding join the lexical candidates and the rerank blends both.
Only a full search embeds the question (once: the vector is kept); as you type it never does; without
embeddings nothing changes."""

import pytest

from apps.ai.models import EmbeddingIndex
from apps.ai.providers.local import LocalProvider
from apps.ai.services import retrieval
from apps.search.models import SearchDocument
from apps.search.services import search
from apps.search.services.text import query_words, words
from cms.models import ProjectPage
from tests.apps.search.relevance import SEMANTIC_CASES

pytestmark = pytest.mark.django_db

QUESTION = "tool to find vulnerable dependencies in my project"
ANSWERS = {"project:dependency-check", "project:dependency-track"}


def keys(results) -> list[str]:
    return [f"{hit.type}:{hit.key}" for hit in results.hits]


@pytest.fixture
def encodings(monkeypatch):
    """How many texts the local encoder embeds (a forward pass each), counted around the real encoder."""
    counted = {"texts": 0}
    embed = LocalProvider.embed

    def counting(self, texts):
        counted["texts"] += len(texts)
        return embed(self, texts)

    monkeypatch.setattr(LocalProvider, "embed", counting)
    retrieval._query_cache.clear()
    return counted


@pytest.mark.parametrize("case", SEMANTIC_CASES, ids=str)
def test_the_questions_name_none_of_their_answers_words(embedded, case):
    for expected in case.expected:
        kind, key = expected.split(":")
        document = SearchDocument.objects.get(type=kind, key=key)
        name = set(words(document.name_text)) - {"owasp"}
        asked = set(query_words(case.query))
        # Not the words of the name, nor a word that starts one or that one starts ("rules" for "rule").
        overlap = {w for w in asked for n in name if w == n or w.startswith(n) or n.startswith(w)}
        assert not overlap, (case.query, document.title)


def test_a_question_finds_the_project_that_answers_it(embedded, backend):
    with_embeddings = search(QUESTION, limit=5)
    EmbeddingIndex.objects.update(is_active=False)  # a fresh install: no embeddings (rolled back)
    without = search(QUESTION, limit=5)

    assert ANSWERS & set(keys(with_embeddings)[:3]), keys(with_embeddings)
    assert not ANSWERS & set(keys(without)), keys(without)


def test_without_embeddings_the_hybrid_step_adds_nothing_and_embeds_nothing(embedded, backend, encodings):
    EmbeddingIndex.objects.update(is_active=False)

    results = search("juice shop", limit=10)

    assert encodings["texts"] == 0
    assert keys(results)[0] == "project:juice-shop"
    assert all(hit.score < 2 for hit in results.hits)


def test_only_a_full_search_embeds_the_question_once(embedded, backend, encodings):
    for typed in ("too", "tool to", "tool to find vuln", QUESTION):
        search(typed, limit=8, as_you_type=True)
    assert encodings["texts"] == 0  # the header box: never a forward pass

    search(QUESTION, limit=10)
    assert encodings["texts"] == 1
    search(QUESTION, limit=10, offset=10)  # the next page, a facet: the question's vector is kept
    search(QUESTION, limit=10, types=["project"])
    assert encodings["texts"] == 1


def test_semantic_hits_obey_the_filters_and_count_in_total_and_facets(embedded, backend):
    everything = search(QUESTION, limit=20, facets=True)
    chapters = search(QUESTION, limit=20, types=["chapter"])
    flagship = search(QUESTION, limit=20, filters={"level": "flagship"})

    assert ANSWERS & set(keys(everything))
    assert {hit.type for hit in chapters.hits} <= {"chapter"}
    assert {hit.facets["level"] for hit in flagship.hits} <= {"flagship"}
    assert everything.total >= len(everything.hits)
    counted = dict(everything.facets["type"])
    assert counted.get("project", 0) >= sum(1 for hit in everything.hits if hit.type == "project")
    assert dict(everything.facets["level"]).get("flagship", 0) == flagship.total


def test_a_page_search_may_not_show_never_joins(embedded, backend, django_capture_on_commit_callbacks):
    check = ProjectPage.objects.get(owasp_key="www-project-dependency-check")
    track = ProjectPage.objects.get(owasp_key="www-project-dependency-track")
    with django_capture_on_commit_callbacks(execute=True):
        check.unpublish()
        track.unpublish()  # their chunks stay until the embedding task runs; search must not show them

    assert not ANSWERS & set(keys(search(QUESTION, limit=20)))


def test_an_exact_name_still_comes_first(embedded, backend):
    for query, first in [("zap", "project:zap"), ("london", "chapter:london"), ("cyclonedx", "project:cyclonedx")]:
        assert keys(search(query, limit=5))[0] == first
