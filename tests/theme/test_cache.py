import pytest
from wagtail.models import Page

from tests import factories
from theme.cache import bump_site_data_version, group_versions, site_data_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEST_PAGE_CACHE_SECONDS = 60
    bump_site_data_version("test start")  # nothing cached by an earlier test can match


def test_a_public_page_is_served_from_cache_without_queries(client, page_cache, django_assert_num_queries):
    first = client.get("/about/")
    assert first["X-Nest-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get("/about/")

    assert second["X-Nest-Cache"] == "hit"
    assert second.content == first.content


def test_bumping_the_site_data_version_clears_every_cached_page(client, page_cache):
    client.get("/about/")
    before = site_data_version()

    assert bump_site_data_version("sync finished") > before
    assert client.get("/about/")["X-Nest-Cache"] == "miss"


def test_publishing_a_page_clears_the_cache(client, page_cache, data_dir):
    committee = factories.real_committees()[0]
    client.get("/committees/")
    assert client.get("/committees/")["X-Nest-Cache"] == "hit"

    committee.title = "A new title"
    committee.save_revision().publish()

    response = client.get("/committees/")
    assert response["X-Nest-Cache"] == "miss"
    assert "A new title" in response.content.decode()


def test_unpublishing_and_deleting_pages_clear_the_cache(client, page_cache, data_dir):
    committees = factories.real_committees()
    client.get("/committees/")
    committees[0].unpublish()
    assert client.get("/committees/")["X-Nest-Cache"] == "miss"
    client.get("/committees/")
    Page.objects.get(pk=committees[1].pk).delete()
    assert client.get("/committees/")["X-Nest-Cache"] == "miss"


def test_pages_differ_by_language_and_query_string(client, page_cache):
    client.get("/about/")
    assert client.get("/about/", {"x": "1"})["X-Nest-Cache"] == "miss"
    client.cookies["django_language"] = "fr"
    assert client.get("/about/")["X-Nest-Cache"] == "miss"


def test_admin_errors_and_signed_in_users_are_never_cached(client, page_cache, admin_user):
    client.get("/no-such-page/")
    assert "X-Nest-Cache" not in client.get("/no-such-page/")
    assert "X-Nest-Cache" not in client.get("/cms/login/")
    client.force_login(admin_user)
    assert "X-Nest-Cache" not in client.get("/about/")


def test_pages_are_not_cached_when_the_cache_is_off(client, settings):
    settings.NEST_PAGE_CACHE_SECONDS = 0
    assert "X-Nest-Cache" not in client.get("/about/")


def test_a_data_changed_signal_clears_the_cache_once_per_batch(client, page_cache):
    from apps.core.signals import data_changed

    client.get("/about/")
    assert client.get("/about/")["X-Nest-Cache"] == "hit"
    before = site_data_version()
    about_before = group_versions(["about"])["about"]

    data_changed.send(sender=None, kind="project", ids=frozenset({1}), batch="run-1")
    data_changed.send(sender=None, kind="chapter", ids=frozenset({2}), batch="run-1")

    # The about page shows every kind: its group goes stale once for the batch; the rest of the site stays.
    assert group_versions(["about"])["about"] == about_before + 1
    assert site_data_version() == before
    assert client.get("/about/")["X-Nest-Cache"] == "miss"
    client.get("/about/")
    data_changed.send(sender=None, kind="repository", ids=frozenset({3}), batch="run-2")
    assert client.get("/about/")["X-Nest-Cache"] == "miss"


def test_fragments_are_kept_until_the_site_data_changes(settings):
    from theme.cache import cached

    settings.NEST_FRAGMENT_CACHE = True
    bump_site_data_version("test start")
    calls = []

    def compute():
        calls.append(1)
        return {"projects": len(calls)}

    assert cached("test-counts", compute) == {"projects": 1}
    assert cached("test-counts", compute) == {"projects": 1}
    bump_site_data_version("sync finished")
    assert cached("test-counts", compute) == {"projects": 2}
    assert len(calls) == 2


def test_lists_share_one_entry_whatever_the_parameter_order_or_ignored_parameters(client, page_cache, data_dir):
    factories.real_projects(limit=5)

    first = client.get("/projects/?level=flagship&sort=name")
    again = client.get("/projects/?sort=name&utm_source=newsletter&level=flagship&page=")

    assert first["X-Nest-Cache"] == "miss"
    assert again["X-Nest-Cache"] == "hit"
    assert again.content == first.content


def test_a_list_with_invalid_parameters_is_not_cached(client, page_cache, data_dir):
    factories.real_projects(limit=5)

    for _ in range(2):
        response = client.get("/projects/", {"level": "legendary"})
        assert response.status_code == 200
        assert "X-Nest-Cache" not in response
        assert "data-filter-errors" in response.content.decode()
    assert client.get("/events.ics", {"category": "\x00"}).status_code == 400
    assert "X-Nest-Cache" not in client.get("/events.ics", {"category": "\x00"})


def test_a_forgiven_page_number_is_stored_as_the_page_it_served(client, page_cache, data_dir):
    from theme.cache import PageParameters, described_parameters

    factories.real_projects(limit=5)

    response = client.get("/projects/", {"page": "abc", "sort": "level", "q": " juice "})

    described = described_parameters(response.wsgi_request)
    assert described == PageParameters.of(described.accepted, {"q": "juice"})
    assert {"q", "level", "sort", "page"} <= described.accepted
