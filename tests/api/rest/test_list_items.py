"""The lists' fast paths give the bytes DRF's own path gives: page rows (``values()``, no page instances)
against page instances, items built from the declared fields (``FastItemsMixin``) against DRF's
``Serializer.to_representation``, and page URLs from ``url_path`` (``cms.page_urls``) against Wagtail's
``get_url``, on the real OWASP pages and the fake GitHub's organization synced for real."""

import pytest
from rest_framework import serializers

from api.rest.serializers.common import ItemsSerializer, PageUrlField
from api.rest.views.base import ListViewSet, PageRowsMixin
from cms.models import ProjectPage

pytestmark = pytest.mark.django_db

LISTS = (
    "projects",
    "chapters",
    "committees",
    "events",
    "repositories",
    "issues",
    "releases",
    "milestones",
    "members",
    "organizations",
)


def drf_path(monkeypatch):
    """Serve lists as before the fast paths: page instances, DRF's per-item serializer, Wagtail's get_url."""

    def instances(self, queryset, ids):
        return ListViewSet.load_page(self, queryset, ids)

    def wagtail_url(self, page):
        request = self.context.get("request")
        url = page.get_url(request=request)
        if url and request is not None and url.startswith("/"):
            return request.build_absolute_uri(url)
        return url

    monkeypatch.setattr(PageRowsMixin, "load_page", instances)
    monkeypatch.setattr(ItemsSerializer, "to_representation", serializers.ListSerializer.to_representation)
    monkeypatch.setattr(PageUrlField, "to_representation", wagtail_url)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_answers_the_bytes_of_drf_s_own_path(client, settings, synced_github, project_site, name, monkeypatch):
    settings.NEST_API_CACHE_SECONDS = 0
    urls = [f"/api/v0/{name}/?page_size=100", f"/api/v0/{name}/?page=2&page_size=7"]
    fast = [client.get(url) for url in urls]

    drf_path(monkeypatch)
    reference = [client.get(url) for url in urls]

    for url, ours, theirs in zip(urls, fast, reference, strict=True):
        assert ours.status_code == theirs.status_code == 200, url
        assert ours.content == theirs.content, url
    assert fast[0].json()["items"], name


def test_page_rows_name_pages_as_the_pages_do(client, settings):
    """A page an editor made (no upstream key) is named by its slug in a list, as the page itself says."""
    settings.NEST_API_CACHE_SECONDS = 0
    page = ProjectPage.objects.listed().order_by("pk").first()
    ProjectPage.objects.filter(pk=page.pk).update(owasp_key="")
    page.refresh_from_db()

    items = client.get("/api/v0/projects/", {"page_size": 100, "q": page.title}).json()["items"]

    assert page.short_key == page.slug
    assert page.slug in [item["key"] for item in items]
