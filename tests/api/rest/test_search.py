"""``GET /api/v0/search/``: the service's ranked hits and facets; bad parameters are a 400 naming them."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_returns_ranked_hits_of_every_type_with_facets(client, synced_owasp):
    response = client.get("/api/v0/search/", {"q": "melbourn"})

    assert response.status_code == 200
    body = response.json()
    first = body["results"][0]
    assert (first["type"], first["key"], first["title"]) == ("chapter", "melbourne", "OWASP Melbourne")
    assert first["url"].endswith("/chapters/melbourne/")
    assert set(first) >= {"type", "key", "title", "url", "snippet", "score"}
    assert body["backend"] in ("bm25", "fts")
    assert {"value": "chapter", "count": body["facets"]["type"][0]["count"]} in body["facets"]["type"]


def test_filters_narrow_the_results(client, synced_owasp):
    body = client.get("/api/v0/search/", {"q": "top 10", "type": "project", "level": "flagship"}).json()

    assert body["results"]
    assert {hit["type"] for hit in body["results"]} == {"project"}
    assert {hit["facets"]["level"] for hit in body["results"]} == {"flagship"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "zap", "limit": "many"}, "limit"),
        ({"q": "zap", "limit": "500"}, "limit"),
        ({"q": "zap", "offset": "-3"}, "offset"),
        ({"q": "zap", "type": "planet"}, "type"),
        ({"q": "zap", "level": "legendary"}, "level"),
        ({"q": "zap" * 100}, "q"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, synced_owasp, params, parameter):
    response = client.get("/api/v0/search/", params)

    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_search_is_in_the_schema(client):
    schema = client.get("/api/v0/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v0/search/"]["get"]
    assert operation["operationId"] == "search"
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"q", "type", "level", "limit"}
