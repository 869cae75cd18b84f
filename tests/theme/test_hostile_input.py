"""Hostile input on every public page: NUL bytes, oversized, malformed and repeated values in every parameter
the page reads (and some it does not) must give a 2xx, 3xx or 4xx with a page, never a 5xx."""

from urllib.parse import quote

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

VALUES = [
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "%",
    "<script>alert(1)</script>",
    "2026-13-45T00:00:00_abc",
    "😀",
]
# Bytes that are not UTF-8 at all, sent as the raw query string.
RAW_QUERIES = ["q=%ff%fe", "page=%c0%af", "%00=1", "q=1&q=2&q=%00", "q[]=1&q[x]=2", "=", "&&&", "q"]

PAGES = {
    "/": ["q"],
    "/projects/": ["q", "level", "type", "tag", "language", "active", "sort", "page"],
    "/chapters/": ["q", "region", "country", "city", "lat", "lon", "page"],
    "/committees/": ["page"],
    "/events/": ["category", "page"],
    "/events.ics": ["category"],
    "/contribute/": ["language", "project", "label", "before"],
    "/search/": ["q", "type", "level", "project_type", "region", "country", "language", "label", "page"],
    "/search/suggestions/": ["q"],
    "/sponsors/": [],
    "/about/": [],
    "/chapters.geojson": [],
    "/sitemap.xml": ["p"],
    "/lang/fr/": ["next"],
}
PATH_VALUES = ["%00", "a%00b", "x" * 300, "..", "%2e%2e", "😀", "' OR 1=1 --"]


@pytest.fixture
def client():
    """A visitor's client that records a server error as a 500 response instead of raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def site(data_dir):
    built = factories.project_site(data_dir, limit=3, health_days=1)
    built["chapters"] = factories.real_chapters(limit=3)
    built["committees"] = factories.real_committees()
    return built


def _failures(client, path: str, queries: list[str]) -> list[str]:
    failures = []
    for query in queries:
        response = client.get(path, QUERY_STRING=query)
        if response.status_code >= 500:
            failures.append(f"{path}?{query[:60]} -> {response.status_code}")
    return failures


def _queries(params: list[str]) -> list[str]:
    names = [*params, "unknown", "utm_source"]
    return [f"{name}={quote(value, safe='')}" for name in names for value in VALUES] + RAW_QUERIES


def test_no_parameter_value_gives_a_server_error(client, site):
    failures = []
    for path, params in PAGES.items():
        failures += _failures(client, path, _queries(params))
    assert failures == []


def test_detail_pages_survive_hostile_parameters(client, site):
    paths = [
        site["juice"].url,
        site["chapters"][0].url,
        site["committees"][0].url,
        f"/repositories/{site['github']['repository'].full_name}/",
        f"/members/{site['github']['top_contributor'].login}/",
        f"/organizations/{site['github']['organization'].login}/",
    ]
    failures = []
    for path in paths:
        failures += _failures(client, path, _queries(["page", "q", "tab"]))
    assert failures == []


def test_hostile_path_segments_give_a_not_found_not_a_server_error(client, site):
    patterns = ["/members/{}/", "/organizations/{}/", "/repositories/{}/x/", "/repositories/OWASP/{}/", "/projects/{}/"]
    statuses = {
        pattern.format(value): client.get(pattern.format(value)).status_code
        for pattern in patterns
        for value in PATH_VALUES
    }

    assert {path: status for path, status in statuses.items() if status >= 500} == {}
