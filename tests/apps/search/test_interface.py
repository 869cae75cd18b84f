import pytest
from django.core import checks
from django.db import connection
from django.test import override_settings

from apps.search import backends
from apps.search.services import InvalidSearch, search
from apps.search.services.text import fold, initials


def test_fold_drops_accents_and_case():
    assert fold("Montréal (QC)") == "montreal qc"
    assert fold("Malmö") == fold("malmo") == "malmo"
    assert fold("Bogotá") == "bogota"
    assert fold("Straße") == "strasse"


def test_initials_of_a_name():
    assert initials("Software Assurance Maturity Model") == "samm"
    assert initials("OWASP Juice Shop") == "js"
    assert initials("Amass") == ""


@pytest.mark.django_db
def test_migration_installs_pg_search_and_its_index_where_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchdocument'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert "search_document_vector_gin" in indexes
    assert "search_document_bm25" in indexes
    assert backends.available_backends() == ["bm25", "fts"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"query": "x" * 201}, "q"),
        ({"query": "zap", "types": ["planet"]}, "type"),
        ({"query": "zap", "filters": {"colour": "red"}}, "colour"),
        ({"query": "zap", "filters": {"level": "legendary"}}, "level"),
        ({"query": "zap", "limit": 0}, "limit"),
        ({"query": "zap", "limit": 51}, "limit"),
        ({"query": "zap", "offset": -1}, "offset"),
        ({"query": "zap\x00"}, "q"),
    ],
)
def test_invalid_arguments_name_their_parameter(arguments, parameter):
    with pytest.raises(InvalidSearch) as caught:
        search(**arguments)
    assert caught.value.parameter == parameter


def test_an_unknown_backend_fails_the_checks():
    with override_settings(SEARCH_BACKEND="elastic"):
        errors = [error.id for error in checks.run_checks()]
    assert "search.E001" in errors


def test_the_algolia_stub_fails_the_checks_until_implemented():
    with override_settings(SEARCH_BACKEND="algolia"):
        errors = [error.id for error in checks.run_checks()]
    assert "search.E002" in errors


@pytest.mark.django_db
def test_the_vocabulary_is_rebuilt_nightly():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Search vocabulary (nightly)")
    assert task.task == "search.rebuild_vocabulary"
    assert task.enabled


def test_typo_correction_ranks_by_edit_distance():
    from apps.search.services.vocabulary import osa_distance, trigrams

    assert osa_distance("djnago", "django") == 1  # a transposition is one edit
    assert osa_distance("wrongsecrest", "wrongsecrets") == 1
    assert osa_distance("deago", "django") == 2
    assert trigrams("ab") == ["  a", " ab", "ab "]


@pytest.mark.django_db
def test_a_search_out_of_time_falls_back_to_names(synced_owasp, monkeypatch):
    from apps.search.backends.fts import FtsBackend

    backends.use("fts")
    slow_match = FtsBackend.match

    def slow(self, words, **options):
        match = slow_match(self, words, **options)
        if options.get("fields") == "name":  # the fallback's own match, which runs without the budget
            return match
        # Every row the condition is evaluated on costs 100 ms: even when the planner matches through the
        # index first and evaluates the sleep only on the few matching rows, one row is over the budget.
        match.condition = f"(pg_sleep(0.1) IS NOT NULL) AND {match.condition}"
        return match

    monkeypatch.setattr(FtsBackend, "match", slow)
    try:
        with override_settings(SEARCH_STATEMENT_TIMEOUT_MS=50):
            results = search("juice")
    finally:
        backends.reset()

    assert results.degraded
    assert [(hit.type, hit.key) for hit in results.hits[:1]] == [("project", "juice-shop")]


@pytest.mark.django_db
def test_facets_count_the_matches(synced_owasp, backend):
    results = search("top 10", facets=True, limit=5)

    types = dict(results.facets["type"])
    levels = dict(results.facets["level"])
    assert types["project"] == sum(levels.values())
    assert set(levels) <= {"flagship", "production", "lab", "incubator", "unknown"}
    narrowed = search("top 10", filters={"level": "flagship"}, limit=50)
    assert narrowed.total == levels["flagship"]
    assert {hit.facets["level"] for hit in narrowed.hits} == {"flagship"}
