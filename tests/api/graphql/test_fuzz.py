"""A bounded property-based fuzz of the schema (hypothesis-graphql): queries built from the schema itself,
with any field, argument and value it allows, never get a 5xx nor an internal error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from api.graphql.schema import schema

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCHEMA = str(schema)
EXAMPLES = 300


def check(response) -> None:
    assert response.status_code < 500, response.content[:500]
    body = response.json()
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
    assert "INTERNAL_SERVER_ERROR" not in codes, body["errors"]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(query=queries(SCHEMA))
def test_generated_queries_never_fail_the_server(client, github_site, query):
    check(client.post("/graphql/", {"query": query}, content_type="application/json"))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(query=queries(SCHEMA, mode=Mode.NEGATIVE))
def test_queries_the_schema_refuses_are_4xx_with_a_message(client, query):
    response = client.post("/graphql/", {"query": query}, content_type="application/json")
    check(response)
    assert response.status_code == 400, response.content[:500]
    assert response.json()["errors"][0]["message"]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.text(max_size=200),
        st.dictionaries(
            st.sampled_from(["query", "variables", "operationName", "id"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=50), st.lists(st.integers(), max_size=3)),
        ),
    )
)
def test_arbitrary_request_bodies_never_fail_the_server(client, body):
    payload = body if isinstance(body, str) else json.dumps(body)
    response = client.post("/graphql/", payload, content_type="application/json")
    assert response.status_code < 500, response.content[:500]
