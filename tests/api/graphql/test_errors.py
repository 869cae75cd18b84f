"""Whatever a client sends, the answer is a GraphQL error with a message (a 400 when nothing could run, a
field error beside the data otherwise), never a 500; and what one request may ask is limited in depth and
cost, with an error naming the limit. Introspection stays open."""

import json

import pytest
from graphql import get_introspection_query

from api.graphql.endpoint import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def post(client, body, content_type="application/json"):
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/graphql/", payload, content_type=content_type)


def nested(levels: int) -> str:
    """A query ``levels`` fields deep: project, its repositories, their project, ... and last a name."""
    fields = ["repositories(limit: 1)" if n % 2 else "project" for n in range(1, levels - 1)]
    inner = "{ name }"
    for field in reversed(fields):
        inner = f"{{ {field} {inner} }}"
    return f'{{ project(key: "a") {inner} }}'


def message(response) -> str:
    return response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "not a valid JSON query"),
        ({"query": "{ siteName "}, "Syntax Error"),
        ({"query": "{ noSuchField }"}, "Cannot query field 'noSuchField'"),
        ({"query": "{ project(key: 12) { name } }"}, "String cannot represent a non string value"),
        ({"query": "{ project { name } }"}, "argument 'key' of type 'String!' is required"),
        ({"query": "query($k: String!) { project(key: $k) { name } }"}, "Variable '$k' of required type"),
        ({"query": "query($k: String!) { project(key: $k) { name } }", "variables": [1]}, "JSON object"),
        ({"query": 12}, "must be a string"),
        ({"query": "{ siteName }", "operationName": 5}, "operation name"),
        ({"query": "{ a: siteName } { b: siteName }"}, "anonymous operation must be the only defined operation"),
        ({"query": "query A { siteName } query B { siteName }", "operationName": "C"}, "Unknown operation named 'C'"),
        ({"query": "{ ...Missing }"}, "Unknown fragment 'Missing'"),
        ({"query": "{ ...A } fragment A on Query { ...A }"}, "Cannot spread fragment 'A' within itself"),
        ({"query": "mutation { siteName }"}, "Cannot query field 'siteName' on type 'Mutation'"),
        ({}, "Must provide query string"),
    ],
)
def test_malformed_requests_are_400_with_a_message(client, body, fragment):
    response = post(client, body)

    assert response.status_code == 400, response.content
    assert fragment in response.content.decode()


def test_an_oversized_query_is_refused_before_it_is_parsed(client):
    response = post(client, {"query": "{ siteName }" + " " * MAX_QUERY_LENGTH})
    assert response.status_code == 400
    assert "longer than" in message(response)


def test_other_methods_are_405(client):
    assert client.put("/graphql/", "{}", content_type="application/json").status_code == 405


def test_get_runs_queries(client):
    response = client.get("/graphql/", {"query": "{ siteName }"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"siteName": "OWASP Nest"}}


def test_a_query_deeper_than_the_limit_is_refused(client, settings):
    settings.NEST_GRAPHQL_MAX_DEPTH = 10
    response = post(client, {"query": nested(11)})

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert error["extensions"]["maxDepth"] == 10
    assert "levels deep" in error["message"]


def test_the_depth_counts_through_fragments(client):
    fragment = "fragment P on ProjectNode " + nested(11).removeprefix('{ project(key: "a") ')[:-2]
    response = post(client, {"query": '{ project(key: "a") { ...P } } ' + fragment})

    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert post(client, {"query": nested(10)}).status_code == 200


def test_a_query_costlier_than_the_limit_is_refused_with_its_estimate(client, settings):
    settings.NEST_GRAPHQL_MAX_COST = 20_000
    costly = "query($n: Int) { projects(limit: $n) { repositories(limit: 100) { issues(limit: 100) { title } } } }"
    response = post(client, {"query": costly, "variables": {"n": 100}})

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] == 1 + 100 + 100 * 100 + 100 * 100 * 100
    assert "smaller limits" in error["message"]
    cheap = post(client, {"query": costly, "variables": {"n": 1}})
    assert cheap.status_code == 200


def test_aliases_add_up_in_the_cost(client):
    many = " ".join(f"a{n}: projects(limit: 100) {{ repositories(limit: 100) {{ name }} }}" for n in range(3))
    response = post(client, {"query": "{ " + many + " }"})
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_introspection_stays_open(client):
    response = post(client, {"query": get_introspection_query(descriptions=True)})

    assert response.status_code == 200
    types = {entry["name"] for entry in response.json()["data"]["__schema"]["types"]}
    assert {"ProjectNode", "ChapterNode", "CommitteeNode", "RepositoryNode", "UserNode", "IssueNode"} <= types


def test_an_unexpected_failure_is_a_field_error_without_its_details(client, monkeypatch, caplog):
    from api.graphql.schema import schema

    def broken(root, info):
        raise RuntimeError("secret internals")

    field = schema.graphql_schema.query_type.fields["chapterCountries"]
    monkeypatch.setattr(field, "resolve", broken)
    response = post(client, {"query": "{ siteName chapterCountries }"})

    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None or body["data"].get("chapterCountries") is None
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in response.content.decode()
    assert "secret internals" in caplog.text


@pytest.mark.parametrize(
    "query",
    ['{ snapshot(key: "a\\u0000b") { key } }', '{ project(key: "juice\\u0000shop") { name } }'],
)
def test_a_nul_character_in_any_argument_is_refused_naming_it(client, query):
    """The argument guard runs for every field (graphene-django would drop a middleware class attribute)."""
    response = post(client, {"query": query})
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "key"}
    assert "NUL" in error["message"]


@pytest.fixture
def parses(monkeypatch):
    """How many times the endpoint parses a query text (graphql-core's ``parse``, called through), from an
    empty document cache."""
    from api.graphql import endpoint

    endpoint.checked_document.cache_clear()
    calls = []
    real = endpoint.parse

    def counting(source, *args, **kwargs):
        calls.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(endpoint, "parse", counting)
    yield calls
    endpoint.checked_document.cache_clear()


def test_a_second_identical_query_is_not_parsed_again(client, parses):
    query = "query($k: String!) { project(key: $k) { name } siteName }"

    first = post(client, {"query": query, "variables": {"k": "no-such-project"}})
    second = post(client, {"query": query, "variables": {"k": "another-one"}})

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() == {"data": {"project": None, "siteName": "OWASP Nest"}}
    assert parses == [query]
    assert post(client, {"query": query + " "}).status_code == 400  # another text: parsed (and refused: no $k)
    assert len(parses) == 2


@pytest.mark.parametrize(
    ("query", "fragment"),
    [("{ siteName ", "Syntax Error"), ("{ noSuchField }", "Cannot query field 'noSuchField'")],
)
def test_an_invalid_query_is_refused_each_time_it_is_sent(client, parses, query, fragment):
    for _ in range(3):
        response = post(client, {"query": query})
        assert response.status_code == 400
        assert fragment in message(response)
    assert parses == [query]


def test_the_limits_and_the_argument_guard_run_on_a_cached_document(client, parses, settings):
    settings.NEST_GRAPHQL_MAX_COST = 20_000
    costly = "query($n: Int, $k: String!) { project(key: $k) { name } projects(limit: $n) { repositories(limit: 100) { issues(limit: 100) { title } } } }"  # noqa: E501

    assert post(client, {"query": costly, "variables": {"n": 1, "k": "a"}}).status_code == 200
    too_costly = post(client, {"query": costly, "variables": {"n": 100, "k": "a"}})
    assert too_costly.status_code == 400
    assert too_costly.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    guarded = post(client, {"query": costly, "variables": {"n": 1, "k": "a\x00b"}})
    assert guarded.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "key"}
    settings.NEST_GRAPHQL_MAX_DEPTH = 2
    assert (
        post(client, {"query": costly, "variables": {"n": 1, "k": "a"}}).json()["errors"][0]["extensions"]["code"]
        == "QUERY_TOO_DEEP"
    )
    assert parses == [costly]
