"""What a request reads from the cache it reads once (apps.core.request_memo), fragments are read together
(theme.cache.cached_many), and the lists' counts are kept until their data changes."""

import pytest
import redis.client

from apps.core import request_memo
from cms.models import ProjectPage
from theme.cache import Fragment, bump_groups, bump_site_data_version, cached_many, group_versions, site_data_version
from theme.cache_groups import PROJECTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments(settings):
    settings.NEST_FRAGMENT_CACHE = True
    bump_site_data_version("test start")


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands sent to Redis (name and first key), as the server receives them."""
    sent = []
    original = redis.client.Redis.execute_command

    def execute_command(self, *args, **options):
        sent.append((str(args[0]).upper(), str(args[1]) if len(args) > 1 else ""))
        return original(self, *args, **options)

    monkeypatch.setattr(redis.client.Redis, "execute_command", execute_command)
    return sent


def test_in_a_request_versions_are_read_once_and_a_bump_is_seen_at_once(fragments, redis_commands):
    with request_memo.scope():
        first = site_data_version()
        versions = group_versions([PROJECTS])
        redis_commands.clear()
        assert site_data_version() == first
        assert group_versions([PROJECTS]) == versions
        assert redis_commands == []  # both from the memo

        bump_groups([PROJECTS], "test")
        assert group_versions([PROJECTS])[PROJECTS] > versions[PROJECTS]  # the request's own bump is seen
        bump_site_data_version("test")
        assert site_data_version() > first


def test_outside_a_request_every_read_goes_to_the_cache(fragments, redis_commands):
    site_data_version()
    redis_commands.clear()

    site_data_version()

    assert redis_commands != []


def test_fragments_are_read_in_one_round_trip_and_computed_only_when_missing(fragments, redis_commands):
    computed = []

    def compute(name):
        def value():
            computed.append(name)
            return f"{name} value"

        return value

    specs = [Fragment(f"test-{name}", compute(name), groups=(PROJECTS,)) for name in ("a", "b", "c")]
    assert cached_many(*specs) == ["a value", "b value", "c value"]
    with request_memo.scope():
        site_data_version(), group_versions([PROJECTS])  # the versions, as a page has read them already
        redis_commands.clear()

        assert cached_many(*specs) == ["a value", "b value", "c value"]

        assert [name for name, _ in redis_commands] == ["MGET"]
    assert computed == ["a", "b", "c"]  # once each
    bump_groups([PROJECTS], "projects changed")
    assert cached_many(*specs) == ["a value", "b value", "c value"]
    assert computed == ["a", "b", "c"] * 2


def test_the_project_count_is_kept_per_filter_until_the_projects_change(client, fragments, django_assert_num_queries):
    listed = ProjectPage.objects.listed()
    client.get("/projects/", {"level": "flagship"})
    assert (
        client.get("/projects/", {"level": "flagship"}).context["listing"].total
        == listed.filter(level="flagship").count()
    )
    flagship = listed.filter(level="flagship").first()

    # Another sort of the same filters: the same count, from the cache (no COUNT query).
    with django_assert_num_queries(3):  # the page's row, the ids of the page's projects, their rows
        response = client.get("/projects/", {"level": "flagship", "sort": "name"})
    assert response.context["listing"].total == listed.filter(level="flagship").count()

    flagship.unpublish()  # an editor's unpublish bumps the projects' group

    assert (
        client.get("/projects/", {"level": "flagship"}).context["listing"].total
        == listed.filter(level="flagship").count()
    )


def test_a_cached_page_is_served_in_one_round_trip_and_a_bump_still_makes_it_stale(
    client, settings, redis_commands, django_assert_num_queries
):
    """The stored page and the versions it was rendered from (the site data version and its groups) come in
    one MGET; a bump of either still makes the next request render it afresh."""
    settings.NEST_PAGE_CACHE_SECONDS = 60
    bump_site_data_version("test start")
    assert client.get("/projects/")["X-Nest-Cache"] == "miss"
    redis_commands.clear()

    with django_assert_num_queries(0):
        assert client.get("/projects/")["X-Nest-Cache"] == "hit"

    assert [name for name, _ in redis_commands] == ["MGET"]
    bump_groups([PROJECTS], "projects changed")
    assert client.get("/projects/")["X-Nest-Cache"] == "miss"
    assert client.get("/projects/")["X-Nest-Cache"] == "hit"
    bump_site_data_version("everything changed")
    assert client.get("/projects/")["X-Nest-Cache"] == "miss"


def test_the_requests_site_and_the_restricted_paths_are_read_in_one_round_trip(client, settings, redis_commands):
    """Finding the request's Site (``cms.routing``) reads the sites version, the host's entry and the
    view-restricted paths together; routing and listings then ask the request's memo for the paths."""
    from cms.restrictions import CACHE_KEY as RESTRICTED_PATHS

    settings.NEST_PAGE_CACHE_SECONDS = 0
    client.get("/projects/")
    redis_commands.clear()

    client.get("/projects/")

    assert redis_commands[0][0] == "MGET"
    assert not any(RESTRICTED_PATHS in key for name, key in redis_commands[1:])
    assert not any(name == "GET" and "cms:site" in key for name, key in redis_commands)
