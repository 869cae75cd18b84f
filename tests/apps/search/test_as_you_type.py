"""The header box's path: typo corrections fit its 80 ms budget. The correction step is two statements whatever
the words (which are unknown; the candidates of all of them), and it still runs when the budget cut the
search itself short (names only), so a typo typed against a busy database gets its answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from apps.search import backends
from apps.search.backends.bm25 import Bm25Backend
from apps.search.backends.fts import FtsBackend
from apps.search.services import search, vocabulary

pytestmark = pytest.mark.django_db

TYPOS = [
    ("wrongsecrest", "project:wrongsecrets"),
    ("melbourn", "chapter:melbourne"),
    ("stockhlm", "chapter:stockholm"),
    ("juise shop", "project:juice-shop"),
    ("cyclondx", "project:cyclonedx"),
]


def test_corrections_cost_two_statements_whatever_the_words(synced_owasp):
    with CaptureQueriesContext(connection) as one:
        assert vocabulary.corrections(["wrongsecrest"], last_is_prefix=True) == {"wrongsecrest": "wrongsecrets"}
    with CaptureQueriesContext(connection) as three:
        fixed = vocabulary.corrections(["secuirty", "shepherd", "stockhlm"], last_is_prefix=True)

    assert fixed == {"secuirty": "security", "stockhlm": "stockholm"}
    assert len(one) == len(three) == 2


def test_a_word_being_typed_is_not_corrected_while_it_starts_a_known_word(synced_owasp):
    with CaptureQueriesContext(connection) as queries:
        assert vocabulary.corrections(["melbourn"], last_is_prefix=True) == {}  # "melbourne" is being typed
    assert len(queries) == 1  # nothing unknown: no candidates read
    assert vocabulary.corrections(["melbourn"], last_is_prefix=False) == {"melbourn": "melbourne"}
    assert vocabulary.corrections(["of", "to"], last_is_prefix=True) == {}  # too short to correct


@pytest.mark.parametrize(("typed", "answer"), TYPOS)
def test_a_typo_as_you_type_finds_its_answer(synced_owasp, backend, settings, typed, answer):
    settings.SEARCH_AS_YOU_TYPE_TIMEOUT_MS = 5000  # the path itself, not this machine's busy moments

    results = search(typed, limit=8, as_you_type=True)

    assert not results.degraded
    assert [f"{hit.type}:{hit.key}" for hit in results.hits[:1]] == [answer]


def _slow_down(monkeypatch, cls, sleep_after_match):
    """Every row ``cls``'s match is evaluated on costs 10 ms, the sleep put before or after the match. The
    names-only match of the fallback after a timeout (``fields="name"``) is left fast: it runs without the
    budget, so a sleep there would only make the test wait for every row."""
    original = cls.match
    sleep = "(pg_sleep(0.01) IS NOT NULL)"

    def slow(self, words, **options):
        match = original(self, words, **options)
        if options.get("fields") == "name":
            return match
        match.condition = f"{match.condition} AND {sleep}" if sleep_after_match else f"{sleep} AND {match.condition}"
        return match

    monkeypatch.setattr(cls, "match", slow)


@pytest.fixture(params=[FtsBackend, Bm25Backend], ids=["fts", "bm25"])
def out_of_time(request, monkeypatch):
    """Every row of the backend's own query costs 10 ms: the as-you-type budget always runs out."""
    cls = request.param
    # Full-text: the sleep before the match, so every row the scan reads costs 10 ms. It is slowed for bm25 too:
    # where pg_search refuses the query's shape, the search falls back to full-text.
    _slow_down(monkeypatch, FtsBackend, sleep_after_match=False)
    if cls is Bm25Backend:  # pg_search scores only where its own scan evaluates the @@@ first
        _slow_down(monkeypatch, Bm25Backend, sleep_after_match=True)
    backends.use(cls.name)
    yield
    backends.reset()


@pytest.mark.parametrize(("typed", "answer", "corrected"), [("wrongsecrest", "project:wrongsecrets", "wrongsecrets")])
def test_a_typo_cut_short_by_the_budget_still_gets_its_correction(synced_owasp, out_of_time, typed, answer, corrected):
    with override_settings(SEARCH_AS_YOU_TYPE_TIMEOUT_MS=30):
        results = search(typed, limit=8, as_you_type=True)

    assert results.degraded
    assert results.did_you_mean == corrected
    assert [f"{hit.type}:{hit.key}" for hit in results.hits[:1]] == [answer]
