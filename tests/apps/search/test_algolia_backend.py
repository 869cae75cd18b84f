"""The Algolia backend against the local fake Algolia: settings and synonyms pushed, searches (typos, prefixes,
accents, synonyms, acronyms, facets, filters, paging, snippets) mapped into ``SearchResults``, and the check
that refuses a wrong key at start-up."""

import pytest
from django.core import checks

from apps.search import backends
from apps.search.backends.algolia import INDEX_SETTINGS, AlgoliaBackend, object_id
from apps.search.backends.base import BackendUnavailable
from apps.search.models import SearchDocument, Synonym
from apps.search.services import search
from apps.search.services.text import fold
from tests.fakes.algolia import (
    INDEX,
    SEARCH_KEY,
    FakeAlgolia,
    algolia_backend,
    algolia_settings,
    eager_tasks,
    fake_algolia,
)

__all__ = ["algolia_backend", "algolia_settings", "eager_tasks", "fake_algolia"]

# Small documents of their own: the database as the migrations leave it (no synced OWASP documents).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


def make_document(kind: str, object_id: int, title: str, **fields) -> SearchDocument:
    """A document row as indexing writes it (text as shown, and folded)."""
    name = fields.pop("name_text", title)
    alias = fields.pop("alias_text", "")
    body = fields.pop("body_text", "")
    return SearchDocument.objects.create(
        type=kind,
        object_id=object_id,
        key=fields.pop("key", title.lower().replace(" ", "-")),
        title=title,
        url=fields.pop("url", f"/{kind}s/{object_id}/"),
        snippet=fields.pop("snippet", body[:600]),
        name_text=name,
        alias_text=alias,
        body_text=body,
        name_folded=fold(name),
        alias_folded=fold(alias),
        body_folded=fold(body),
        **fields,
    )


@pytest.fixture
def documents(db):
    rows = [
        make_document(
            "project",
            1,
            "OWASP Django Security",
            level="flagship",
            project_type="code",
            body_text="Security hardening checks for Django web applications and their settings.",
            popularity=0.9,
        ),
        make_document(
            "project",
            2,
            "OWASP CycloneDX",
            level="flagship",
            project_type="standard",
            body_text="A full-stack bill of materials standard for software supply chain risk.",
            popularity=0.8,
        ),
        make_document(
            "project",
            3,
            "OWASP Software Assurance Maturity Model",
            level="lab",
            project_type="documentation",
            body_text="An effective and measurable way to analyze and improve secure development.",
            popularity=0.6,
        ),
        make_document(
            "project",
            4,
            "OWASP Django Legacy Scanner",
            level="incubator",
            project_type="tool",
            body_text="An old scanner for Django sites, no longer maintained.",
            popularity=0.95,
            is_active=False,
        ),
        make_document(
            "chapter",
            10,
            "OWASP Montréal",
            region="North America",
            country="Canada",
            alias_text="Montréal Canada North America",
            body_text="Meetups about application security in Montréal, Québec.",
            popularity=0.3,
        ),
        make_document(
            "chapter",
            11,
            "OWASP Geneva",
            region="Europe",
            country="Switzerland",
            alias_text="Geneva Switzerland Europe genf geneve",
            popularity=0.3,
        ),
        make_document(
            "issue",
            20,
            "Django settings check crashes on empty SECRET_KEY",
            key="OWASP/django-security/7",
            language="Python",
            labels=["bug", "good first issue"],
            snippet="OWASP/django-security #7",
            popularity=0.05,
        ),
        make_document(
            "project",
            5,
            "OWASP Zed Attack Proxy",
            level="flagship",
            project_type="tool",
            body_text="The world's most widely used web app scanner.",
            popularity=0.99,
        ),
    ]
    return rows


@pytest.fixture
def indexed(algolia_backend, documents, fake_algolia):
    """Every document replaced into the fake's index, settings and synonyms included."""
    report = algolia_backend.rebuild(SearchDocument.objects.order_by("pk"))
    assert report["records"] == len(documents)
    return fake_algolia


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def test_rebuild_pushes_the_settings_the_synonyms_and_every_record(indexed):
    index = indexed.indexes[INDEX]

    assert index.settings == INDEX_SETTINGS
    assert index.settings["searchableAttributes"] == ["name", "aliases", "unordered(body)"]
    assert index.settings["customRanking"] == ["desc(is_active)", "desc(popularity)"]
    assert "searchable(labels)" in index.settings["attributesForFaceting"]
    staff = [s for s in index.synonyms.values() if s["objectID"].startswith("staff-")]
    assert len(staff) == Synonym.objects.count()
    assert {"objectID": "acronym-samm", "type": "onewaysynonym", "input": "samm"}.items() <= index.synonyms[
        "acronym-samm"
    ].items()
    assert index.synonyms["acronym-samm"]["synonyms"] == ["software assurance maturity model"]
    record = index.records[object_id("project", 2)]
    assert record["title"] == "OWASP CycloneDX"
    assert record["popularity"] == 800
    assert record["is_active"] is True
    assert set(index.records) == {object_id(d.type, d.object_id) for d in SearchDocument.objects.all()}


def test_a_synonym_an_editor_adds_is_pushed_with_the_next_rebuild(indexed, algolia_backend):
    group = Synonym.objects.create(terms=["DSec", "Django Security"])

    algolia_backend.rebuild(SearchDocument.objects.all())

    assert indexed.indexes[INDEX].synonyms[f"staff-{group.pk}"] == {
        "objectID": f"staff-{group.pk}",
        "type": "synonym",
        "synonyms": ["DSec", "Django Security"],
    }
    assert keys(search("dsec")) == ["owasp-django-security"]


def test_typos_prefixes_accents_and_other_names(indexed):
    assert keys(search("djnago", types=["project"]))[0] == "owasp-django-security"
    assert keys(search("cyclo")) == ["owasp-cyclonedx"]
    assert keys(search("Montreal")) == keys(search("montréal")) == ["owasp-montréal"]
    assert keys(search("genf")) == ["owasp-geneva"]


def test_synonyms_and_acronyms_find_the_names(indexed):
    assert keys(search("zap")) == ["owasp-zed-attack-proxy"]
    assert keys(search("samm")) == ["owasp-software-assurance-maturity-model"]


def test_active_before_inactive_and_name_before_body(indexed):
    results = search("django", types=["project"])

    # The inactive scanner is more popular, and still ranks below the active project.
    assert keys(results) == ["owasp-django-security", "owasp-django-legacy-scanner"]
    assert [hit.is_active for hit in results.hits] == [True, False]
    assert results.backend == "algolia"
    assert results.hits[0].score > results.hits[1].score


def test_facets_with_counts_filters_and_total(indexed):
    results = search("owasp", facets=True, limit=2)

    assert results.total == 7
    assert len(results.hits) == 2
    assert results.facets["type"] == [("project", 5), ("chapter", 2)]
    assert results.facets["level"] == [("flagship", 3), ("incubator", 1), ("lab", 1)]
    assert results.facets["region"] == [("Europe", 1), ("North America", 1)]
    assert set(results.facets) == {"type", "level", "project_type", "region", "country", "language", "label"}

    flagship = search("owasp", filters={"level": "flagship"}, facets=True)
    assert flagship.total == 3
    assert flagship.facets["type"] == [("project", 3)]
    tools = search("owasp", filters={"project_type": ["tool", "code"]})
    assert sorted(keys(tools)) == ["owasp-django-legacy-scanner", "owasp-django-security", "owasp-zed-attack-proxy"]
    labelled = search("django", filters={"label": "good first issue"}, facets=True)
    assert keys(labelled) == ["OWASP/django-security/7"]
    assert labelled.facets["label"] == [("bug", 1), ("good first issue", 1)]
    assert labelled.facets["language"] == [("Python", 1)]


def test_paging_with_offset_and_limit(indexed):
    everything = keys(search("owasp", limit=10))
    pages = (
        keys(search("owasp", limit=3))
        + keys(search("owasp", limit=3, offset=3))
        + keys(search("owasp", limit=3, offset=6))
    )

    assert pages == everything
    assert len(everything) == 7


def test_hits_carry_type_key_title_url_and_a_snippet_around_the_match(indexed):
    hit = search("supply chain").hits[0]

    assert (hit.type, hit.key, hit.title, hit.url) == ("project", "owasp-cyclonedx", "OWASP CycloneDX", "/projects/2/")
    assert "supply chain risk" in hit.snippet
    assert "<em>" not in hit.snippet and "<em>" not in hit.title
    assert hit.facets["level"] == "flagship"
    issue = search("secret key").hits[0]
    assert issue.type == "issue" and issue.snippet == "OWASP/django-security #7"
    assert issue.facets["labels"] == ["bug", "good first issue"]


def test_as_you_type_leaves_issues_out_of_short_prefixes(indexed):
    assert "issue" not in {hit.type for hit in search("dj", as_you_type=True).hits}
    assert "issue" in {hit.type for hit in search("djang", as_you_type=True).hits}
    assert "issue" in {hit.type for hit in search("dj").hits}


def test_the_search_request_is_what_algolia_documents(indexed, fake_algolia):
    fake_algolia.reset_log()

    search("djnago", types=["project", "chapter"], filters={"level": "flagship"}, facets=True, limit=5, offset=5)

    (request,) = fake_algolia.requests("/query")
    assert request.method == "POST"
    assert request.path == f"/1/indexes/{INDEX}/query"
    assert request.body["query"] == "djnago"
    assert request.body["facetFilters"] == [["type:project", "type:chapter"], ["level:flagship"]]
    assert request.body["offset"] == 5 and request.body["length"] == 5
    assert "labels" in request.body["facets"]


def test_the_real_client_reads_the_fakes_answers_as_its_own_models(indexed, algolia_backend):
    """The fake's responses validate against the client's pydantic models (what a real caller would parse)."""
    from apps.search.backends.algolia import make_client

    with make_client() as client:
        response = client.search_single_index(INDEX, {"query": "cyclo", "facets": ["type"]})
        assert response.nb_hits == 1
        assert response.hits[0].object_id == object_id("project", 2)
        assert response.hits[0].highlight_result["title"].actual_instance.match_level == "full"
        assert response.facets == {"type": {"project": 1}}
        settings_response = client.get_settings(INDEX)
        assert settings_response.searchable_attributes == INDEX_SETTINGS["searchableAttributes"]
        multi = client.search({"requests": [{"indexName": INDEX, "query": "genf"}]})
        assert multi.results[0].actual_instance.nb_hits == 1


# ------------------------------------------------------------------------------------------------- the check


def test_the_check_accepts_the_fakes_admin_key(algolia_settings):
    AlgoliaBackend().check()

    assert backends.get_backend().name == "algolia"


def test_a_wrong_key_fails_the_system_check_not_each_search(algolia_settings):
    algolia_settings.ALGOLIA_API_KEY = "not-a-key"

    errors = checks.run_checks()

    (error,) = [e for e in errors if e.id == "search.E002"]
    assert "Algolia refused ALGOLIA_APP_ID 'NESTTESTAPP' with ALGOLIA_API_KEY (HTTP 403" in error.msg
    assert "Invalid Application-ID or API key" in error.msg
    with pytest.raises(BackendUnavailable):
        backends.get_backend()


def test_a_wrong_application_id_fails_the_check(algolia_settings):
    algolia_settings.ALGOLIA_APP_ID = "OTHERAPP"

    with pytest.raises(BackendUnavailable, match="Invalid Application-ID or API key"):
        AlgoliaBackend().check()


def test_a_search_only_key_fails_the_check_naming_the_missing_acl(algolia_settings):
    algolia_settings.ALGOLIA_API_KEY = SEARCH_KEY

    with pytest.raises(BackendUnavailable, match="lacks the ACL addObject, deleteObject, deleteIndex, settings"):
        AlgoliaBackend().check()


def test_missing_settings_and_a_bad_url_are_named(algolia_settings):
    algolia_settings.ALGOLIA_API_KEY = ""
    with pytest.raises(BackendUnavailable, match="needs ALGOLIA_APP_ID and ALGOLIA_API_KEY"):
        AlgoliaBackend().check()

    algolia_settings.ALGOLIA_API_KEY = "k"
    algolia_settings.ALGOLIA_BASE_URL = "ftp://example"
    with pytest.raises(BackendUnavailable, match="is not an http"):
        AlgoliaBackend().check()


def test_an_unreachable_algolia_fails_the_check(algolia_settings):
    with FakeAlgolia() as other:
        url = other.url  # a port that was free, and is closed again below
    algolia_settings.ALGOLIA_BASE_URL = url

    with pytest.raises(BackendUnavailable, match=f"Algolia is unreachable at {url}"):
        AlgoliaBackend().check()


def test_an_admin_key_that_is_not_listed_is_checked_with_a_read(algolia_settings, fake_algolia):
    """Algolia does not list the admin key under /1/keys: the check reads the settings with it instead."""
    fake_algolia.unlisted_keys.add(algolia_settings.ALGOLIA_API_KEY)

    AlgoliaBackend().check()

    assert [r.status for r in fake_algolia.requests("/1/keys/")] == [404]
    assert [r.status for r in fake_algolia.requests(f"/1/indexes/{INDEX}/settings", "GET")] == [404]


def test_a_slow_algolia_is_answered_from_postgresql_within_the_timeout(indexed, algolia_settings, caplog):
    algolia_settings.ALGOLIA_SEARCH_TIMEOUT_MS = 300
    backends.use("algolia")  # a new client, with the short timeout
    indexed.inject("timeout", path="/query", delay=2.0)

    results = search("cyclo")

    assert results.degraded
    assert results.backend in ("bm25", "fts")
    assert [hit.key for hit in results.hits][:1] == ["owasp-cyclonedx"]
    assert "algolia: search failed" in caplog.text
    assert indexed.requests("/query")[0].fault == "timeout"
