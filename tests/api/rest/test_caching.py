"""Responses cached in Redis under the API data version, revalidated with ETag / Last-Modified, gzipped."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from apps.core import changes
from apps.core.signals import data_changed
from cms.models import CommitteePage, Sponsor

pytestmark = pytest.mark.django_db


def test_a_response_carries_validators_and_a_matching_etag_gets_a_304(client):
    first = client.get("/api/v0/committees/")
    etag, modified = first["ETag"], first["Last-Modified"]

    same = client.get("/api/v0/committees/", HTTP_IF_NONE_MATCH=etag)
    weak = client.get("/api/v0/committees/", HTTP_IF_NONE_MATCH=f"W/{etag}")
    listed = client.get("/api/v0/committees/", HTTP_IF_NONE_MATCH=f'"other", {etag}')
    other = client.get("/api/v0/committees/", HTTP_IF_NONE_MATCH='"something-else"')
    other_page = client.get("/api/v0/committees/", {"ordering": "name"}, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200 and etag.startswith('"') and parse_http_date(modified)
    assert "must-revalidate" in first["Cache-Control"]
    for response in (same, weak, listed):
        assert response.status_code == 304 and response.content == b"" and response["ETag"] == etag
    assert other.status_code == 200 and other.content == first.content
    assert other_page.status_code == 200 and other_page["ETag"] != etag


def test_if_modified_since_gets_a_304_when_nothing_was_made_since(client):
    first = client.get("/api/v0/committees/project")
    modified = parse_http_date(first["Last-Modified"])

    unchanged = client.get("/api/v0/committees/project", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    later = client.get("/api/v0/committees/project", HTTP_IF_MODIFIED_SINCE=http_date(modified + 60))
    older = client.get("/api/v0/committees/project", HTTP_IF_MODIFIED_SINCE=http_date(modified - 3600))

    assert unchanged.status_code == later.status_code == 304
    assert older.status_code == 200 and older.content == first.content


def test_a_cached_response_is_served_without_any_query(client):
    first = client.get("/api/v0/projects/", {"level": "lab"})
    with CaptureQueriesContext(connection) as context:
        again = client.get("/api/v0/projects/", {"level": "lab"})
    with CaptureQueriesContext(connection) as reordered:
        client.get("/api/v0/projects/?level=lab&page=1")

    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert len(context.captured_queries) == 0
    assert len(reordered.captured_queries) > 0  # other parameters: its own entry (the count stays cached)


def test_a_sync_s_data_changed_makes_cached_responses_stale(client, django_capture_on_commit_callbacks):
    sponsor = Sponsor.objects.get(owasp_key="corp-member-adobe")
    before = client.get("/api/v0/sponsors/adobe")

    Sponsor.objects.filter(pk=sponsor.pk).update(name="Adobe Renamed")  # no signal: still the cached answer
    cached = client.get("/api/v0/sponsors/adobe", HTTP_IF_NONE_MATCH=before["ETag"])
    with django_capture_on_commit_callbacks(execute=True), changes.run("test sync"):
        changes.record("sponsor", [sponsor.pk], sender=Sponsor)  # what a sync run announces once committed
    fresh = client.get("/api/v0/sponsors/adobe", HTTP_IF_NONE_MATCH=before["ETag"])
    other_kind = client.get("/api/v0/committees/")
    data_changed.send(sender=CommitteePage, kind="committee", ids=frozenset({1}), batch="b")

    assert before.json()["name"] == "Adobe" and cached.status_code == 304
    assert fresh.status_code == 200 and fresh.json()["name"] == "Adobe Renamed" and fresh["ETag"] != before["ETag"]
    assert client.get("/api/v0/committees/", HTTP_IF_NONE_MATCH=other_kind["ETag"]).status_code == 304


def test_an_editor_s_publish_or_snippet_edit_makes_cached_responses_stale(client):
    committee = CommitteePage.objects.get(owasp_key="www-committee-project")
    client.get("/api/v0/committees/project")

    committee.title = "The Project Committee"
    committee.save_revision().publish()
    published = client.get("/api/v0/committees/project").json()
    sponsor = Sponsor.objects.get(owasp_key="corp-member-adobe")
    client.get("/api/v0/sponsors/adobe")
    sponsor.description = "Edited by staff"
    sponsor.save()
    edited = client.get("/api/v0/sponsors/adobe").json()

    assert published["name"] == "The Project Committee"
    assert edited["description"] == "Edited by staff"


def test_responses_are_gzipped_for_clients_that_accept_it(client):
    plain = client.get("/api/v0/chapters/")
    zipped = client.get("/api/v0/chapters/", HTTP_ACCEPT_ENCODING="gzip")
    revalidated = client.get("/api/v0/chapters/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])

    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert len(zipped.content) < len(plain.content) / 3
    assert zipped["ETag"].startswith("W/")  # weakened: the bytes differ from the identity response
    assert revalidated.status_code == 304
    schema = client.get("/api/v0/schema/", HTTP_ACCEPT_ENCODING="gzip")
    assert schema["Content-Encoding"] == "gzip"


def test_errors_are_not_cached(client):
    bad = client.get("/api/v0/projects/", {"level": "legendary"})
    again = client.get("/api/v0/projects/", {"level": "legendary"})

    assert bad.status_code == again.status_code == 400
    assert "ETag" not in bad


def test_head_answers_like_get_without_a_body(client):
    get = client.get("/api/v0/committees/")
    head = client.head("/api/v0/committees/")

    assert head.status_code == 200 and head.content == b"" and head["ETag"] == get["ETag"]


def test_a_list_reads_the_cache_the_same_number_of_times_whatever_its_size(client):
    """The data version and the cached values (when GitHub was synced, asked once per item) are read once per
    request (``apps.core.request_memo``)."""
    from unittest import mock

    from django.core.cache import cache

    for size in (3, 60):  # the list's count and values cached, as after any first request
        client.get("/api/v0/projects/", {"page_size": size})
    reads = {}
    for size in (3, 60):
        with mock.patch.object(cache, "get", wraps=cache.get) as get:
            body = client.get("/api/v0/projects/", {"page_size": size, "page": 2}).json()
        assert len(body["items"]) == size
        reads[size] = get.call_count

    assert 0 < reads[3] == reads[60], reads
