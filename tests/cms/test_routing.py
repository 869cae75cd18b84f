"""Serving a page finds it in one query (cms.routing, cms.restrictions), and never serves a stale answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from cms.models import Leader
from tests import factories

pytestmark = pytest.mark.django_db


def routing_queries(queries) -> list[str]:
    """The queries Wagtail's routing and serving hooks would make: sites, tree walks, view restrictions."""
    sql = [query["sql"] for query in queries]
    return [
        statement
        for statement in sql
        if '"wagtailcore_site"' in statement
        or '"wagtailcore_pageviewrestriction"' in statement
        or ('"wagtailcore_page"."slug" =' in statement)
        or '"wagtailcore_page"."alias_of_id" FROM' in statement
    ]


def test_a_page_is_found_in_one_query_once_its_path_was_served(client):
    project = factories.real_projects(limit=1)[0]
    assert client.get(project.url).status_code == 200  # the tree walk, remembered

    with CaptureQueriesContext(connection) as queries:
        assert client.get(project.url).status_code == 200

    assert routing_queries(queries.captured_queries) == []
    found = [q["sql"] for q in queries.captured_queries if '"wagtailcore_page"."url_path" =' in q["sql"]]
    assert len(found) == 1  # the page's specific row, by id, checked against its path and live


def test_a_renamed_page_moves_and_its_old_path_is_not_found(client):
    project = factories.real_projects(limit=1)[0]
    old_url = project.url
    assert client.get(old_url).status_code == 200

    project.slug = f"{project.slug}-renamed"
    project.save_revision().publish()
    project.refresh_from_db()

    assert client.get(old_url).status_code == 404
    response = client.get(project.url)
    assert response.status_code == 200
    assert response.context["page"].pk == project.pk


def test_an_unpublished_page_is_not_served_from_the_remembered_route(client):
    project = factories.real_projects(limit=1)[0]
    assert client.get(project.url).status_code == 200

    project.unpublish()

    assert client.get(project.url).status_code == 404


def test_a_restricted_page_still_asks_to_log_in(client):
    project = factories.real_projects(limit=1)[0]
    assert client.get(project.url).status_code == 200  # route remembered, no restriction yet

    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(project.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_restriction_on_an_ancestor_applies_to_its_pages(client):
    project = factories.real_projects(limit=1)[0]
    assert client.get(project.url).status_code == 200

    PageViewRestriction.objects.create(page=project.get_parent(), restriction_type=PageViewRestriction.LOGIN)

    assert client.get(project.url).status_code == 302


def test_a_site_edit_is_seen_at_once(client):
    project = factories.real_projects(limit=1)[0]
    assert client.get(project.url).status_code == 200
    site = Site.objects.get(is_default_site=True)

    site.site_name = "Renamed Nest"
    site.save()
    client.get(project.url)

    assert client.get(project.url).wsgi_request._wagtail_site.site_name == "Renamed Nest"


def test_the_home_page_shows_its_latest_edit(client):
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert client.get("/").status_code == 200  # the site and its root are cached

    home.title = "Welcome to the Nest"
    home.save_revision().publish()

    assert "Welcome to the Nest" in client.get("/").content.decode()


def test_leaders_and_their_roles_are_read_in_one_query(client):
    project = factories.real_projects(limit=1)[0]
    client.get(project.url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(project.url).status_code == 200
    for n in range(15):
        Leader.objects.create(page=project, name=f"Leader {n}", role="Chair" if n % 2 else "")

    with CaptureQueriesContext(connection) as many:
        html = client.get(project.url).content.decode()

    assert html.count("data-leader-role") == Leader.objects.filter(page=project).exclude(role="").count() >= 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_owasp_page_knows_its_index_url_without_reading_its_parent(django_assert_num_queries):
    pages = [factories.real_projects(limit=1)[0], factories.real_chapters(limit=1)[0], factories.real_events()[0]]
    expected = [page.get_parent().url for page in pages]
    for page in pages:
        page.url  # noqa: B018 - the site root paths, read once

    with django_assert_num_queries(0):
        assert [page.index_url for page in pages] == expected
