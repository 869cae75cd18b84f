"""GraphQL ``search(query:, types:, limit:)``: the same service as REST; a refused argument names itself."""

import pytest

pytestmark = pytest.mark.django_db

QUERY = """
query ($query: String!, $types: [String!], $limit: Int) {
  search(query: $query, types: $types, limit: $limit, facets: true) {
    total didYouMean backend
    hits { type key title url snippet score level }
    facets { name values { value count } }
  }
}
"""


def test_search_finds_a_misspelt_project(data, synced_owasp):
    found = data(QUERY, {"query": "wrongsecrest", "types": ["project"], "limit": 3})["search"]

    assert found["hits"][0]["key"] == "wrongsecrets"
    assert found["hits"][0]["type"] == "project"
    assert {facet["name"] for facet in found["facets"]} >= {"type", "level"}


def test_a_bad_argument_is_named(graphql, synced_owasp):
    body = graphql(QUERY, {"query": "zap", "types": ["planet"]})

    assert body["errors"][0]["extensions"]["argument"] == "types"
