"""Bad input is a 400 naming the parameter, an unknown detail a 404, both JSON in Nest's shape; never a 500."""

import pytest

from tests.api.rest.conftest import get_json

pytestmark = pytest.mark.django_db

LISTS = [
    "projects",
    "chapters",
    "committees",
    "events",
    "sponsors",
    "organizations",
    "repositories",
    "issues",
    "milestones",
    "releases",
    "members",
    "users",
]


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_ordering_is_a_400_naming_ordering_on_every_list(client, name):
    body = get_json(client, f"/api/v0/{name}/", {"ordering": "popularity"}, status=400)

    assert set(body["errors"]) == {"ordering"} and "popularity" in body["errors"]["ordering"][0]
    assert body["message"] == "Invalid parameters: ordering"


BAD_VALUES = [
    ("projects", {"level": "legendary"}, "level"),
    ("projects", {"type": ["code", "poetry"]}, "type"),
    ("projects", {"include_inactive": "sometimes"}, "include_inactive"),
    ("projects", {"q": "stars:>many"}, "q"),
    ("projects", {"q": "stars:>99999999999"}, "q"),
    ("projects", {"q": "popularity:high"}, "q"),
    ("projects", {"q": "is_active:perhaps"}, "q"),
    ("projects", {"q": "name:>x"}, None),  # a text value may hold ">": a valid search
    ("projects", {"q": "x" * 201}, "q"),
    ("projects", {"tag": "t" * 101}, "tag"),
    ("chapters", {"latitude_gte": "north"}, "latitude_gte"),
    ("chapters", {"latitude_lte": "91"}, "latitude_lte"),
    ("chapters", {"longitude_gte": "nan"}, "longitude_gte"),
    ("chapters", {"longitude_lte": "inf"}, "longitude_lte"),
    ("chapters", {"country": "Bel\x00gium"}, "country"),
    ("chapters", {"located": "2"}, "located"),
    ("chapters", {"q": "region:"}, None),  # a term without a value is a word, as Nest reads it
    ("chapters", {"q": "region>3"}, "q"),
    ("chapters", {"q": "population:>3"}, "q"),
    ("events", {"is_upcoming": "soon"}, "is_upcoming"),
    ("events", {"category": "conference"}, "category"),
    ("sponsors", {"is_member": "maybe"}, "is_member"),
    ("sponsors", {"member_type": "Bronze"}, "member_type"),
    ("organizations", {"q": "members:>3"}, "q"),
    ("issues", {"state": "merged"}, "state"),
    ("issues", {"assigned": "someone"}, "assigned"),
    ("issues", {"created_after": "yesterday"}, "created_after"),
    ("milestones", {"state": "done"}, "state"),
    ("releases", {"published_before": "2024-13-45"}, "published_before"),
    ("members", {"type": "Robot"}, "type"),
    ("repositories", {"organization_id": "o" * 101}, "organization_id"),
]


@pytest.mark.parametrize(("name", "params", "parameter"), BAD_VALUES)
def test_a_bad_value_is_a_400_naming_its_parameter(client, name, params, parameter):
    response = client.get(f"/api/v0/{name}/", params)

    if parameter is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    body = response.json()
    assert parameter in body["errors"] and body["errors"][parameter], body
    assert parameter in body["message"]


def test_several_bad_parameters_are_all_named(client):
    body = get_json(client, "/api/v0/projects/", {"level": "x", "ordering": "y", "page_size": "1000"}, status=400)

    assert set(body["errors"]) == {"level", "ordering"}  # the page parameters are read once the filters hold


UNKNOWN_DETAILS = [
    ("projects/no-such-project", "Project not found"),
    ("chapters/atlantis", "Chapter not found"),
    ("committees/fun", "Committee not found"),
    ("events/never", "Event not found"),
    ("sponsors/acme", "Sponsor not found"),
    ("organizations/no-such-org", "Organization not found"),
    ("organizations/not a login!", "Organization not found"),
    ("repositories/OWASP/none", "Repository not found"),
    ("repositories/-bad-/..", "Repository not found"),
    ("issues/OWASP/none/1", "Issue not found"),
    ("milestones/OWASP/none/1", "Milestone not found"),
    ("releases/OWASP/none/v1", "Release not found"),
    ("members/nobody-here", "Member not found"),
    ("users/nobody-here", "Member not found"),
]


@pytest.mark.parametrize(("path", "message"), UNKNOWN_DETAILS)
def test_an_unknown_detail_is_a_json_404_in_the_entity_s_words(client, path, message):
    assert get_json(client, f"/api/v0/{path}", status=404) == {"message": message}


@pytest.mark.parametrize(
    "path",
    ["nothing", "projects/a/b/c", "issues/OWASP/Nest/not-a-number", "issues/OWASP/Nest/9999999999", "v1/projects/"],
)
def test_an_unknown_path_under_the_api_is_a_json_404(client, path):
    assert get_json(client, f"/api/v0/{path}", status=404) == {"message": "Not found"}


def test_writes_are_not_allowed(client):
    response = client.post("/api/v0/projects/", {"key": "x"})

    assert response.status_code == 405 and "message" in response.json()


def test_the_root_says_where_the_documentation_is(client):
    body = get_json(client, "/api/v0/")

    assert body["docs_url"].endswith("/api/v0/docs/") and body["schema_url"].endswith("/api/v0/schema/")


def test_a_refused_key_is_a_401_even_for_a_cached_answer(client):
    assert client.get("/api/v0/committees/").status_code == 200  # now cached

    response = client.get("/api/v0/committees/", HTTP_X_API_KEY="nest_0badc0de_" + "x" * 43)

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "api_key_unknown" and body["message"] == body["detail"] and "API key" in body["message"]
    assert response["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


def test_a_valid_key_reads_the_same_answer(client):
    from tests.factories import make_account, make_api_key

    _, plain = make_api_key(make_account("reader"))

    anonymous = client.get("/api/v0/committees/")
    with_key = client.get("/api/v0/committees/", HTTP_X_API_KEY=plain)

    assert with_key.status_code == 200 and with_key.content == anonymous.content
