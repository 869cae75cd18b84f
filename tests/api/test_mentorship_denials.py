"""The denial matrix of mentorship, the same on the site, in REST and in GraphQL: for each other role (an
anonymous visitor, a mentee reading another mentee's application, a mentor of another module, a signed-in user
with no role, a leader named admin whose match staff never confirmed), reading an application, listing a
module's applications, deciding and withdrawing someone else's are refused, each with its status or message,
and the application's private fields (statement, the mentee's e-mail) are in no response they get."""

import json

import pytest
from django.test import Client

from apps.mentorship.models import Application, ApplicationStatus, MentorshipAssignment
from apps.mentorship.services import applications
from tests.apps.mentorship.conftest import STATEMENT, github_account

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_mentee", "other_mentor", "no_role", "unconfirmed_leader"]
MENTEE_EMAIL = "mentee-one@example.org"
SIGN_IN = "/accounts/login/"


@pytest.fixture
def submitted(world):
    """The first mentee's submitted application to the first module."""
    return applications.apply(world.mentee_account, world.module, STATEMENT)


def client_as(world, role: str) -> tuple[Client, bool]:
    """A test client signed in as ``role`` (not signed in: anonymous), and whether it is signed in."""
    client = Client()
    if role == "anonymous":
        return client, False
    if role == "no_role":
        account, _ = github_account("bystander")  # signed in with GitHub, nothing in mentorship
    else:
        account = {
            "other_mentee": world.other_mentee_account,
            "other_mentor": world.other_mentor_account,
            "unconfirmed_leader": world.unconfirmed_account,
        }[role]
    client.force_login(account)
    return client, True


def assert_private_fields_absent(*contents: bytes) -> None:
    for content in contents:
        assert STATEMENT.encode() not in content
        assert MENTEE_EMAIL.encode() not in content


def assert_untouched(application: Application) -> None:
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.decided_by is None
    assert not MentorshipAssignment.objects.exists()


# The site (theme URLs) ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_site_refuses_every_other_role(world, submitted, role):
    client, signed_in = client_as(world, role)
    base = f"/mentorship/applications/{submitted.pk}/"

    page = client.get(base)
    listing = client.get("/mentorship/mentoring/")  # where the site lists the applications a mentor decides
    decided = client.post(f"{base}decide/", {"decision": "accept"})
    withdrawn = client.post(f"{base}withdraw/")

    if not signed_in:
        for response in (page, listing, decided, withdrawn):
            assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    else:
        assert page.status_code == 404 and decided.status_code == 404 and withdrawn.status_code == 404
        assert listing.status_code == 200
        assert f'data-application="{submitted.pk}"'.encode() not in listing.content
        assert base.encode() not in listing.content
    assert_private_fields_absent(page.content, listing.content, decided.content, withdrawn.content)
    assert_untouched(submitted)


def test_site_control_the_module_s_mentor_lists_reads_and_decides_it(client, world, submitted):
    client.force_login(world.mentor_account)

    listing = client.get("/mentorship/mentoring/")
    page = client.get(f"/mentorship/applications/{submitted.pk}/")

    assert f'data-application="{submitted.pk}"'.encode() in listing.content
    assert STATEMENT.encode() in page.content and MENTEE_EMAIL.encode() in page.content


# REST (read only: published programs and modules, never an application) -----------------------------------


@pytest.mark.parametrize("role", [*ROLES, "mentor", "admin", "staff"])
def test_rest_shows_no_application_no_private_field_and_no_draft_to_anyone(world, submitted, program_factory, role):
    program_factory("draft-program", status="draft", name="Secret Draft")
    if role in ROLES:
        client, _ = client_as(world, role)
    else:
        client = Client()
        client.force_login({"mentor": world.mentor_account, "admin": world.leader_account, "staff": world.staff}[role])

    responses = [
        client.get(url)
        for url in (
            "/api/v0/mentorship/programs/",
            "/api/v0/mentorship/programs/gsoc-2026",
            "/api/v0/mentorship/programs/gsoc-2026/modules/",
            "/api/v0/mentorship/programs/gsoc-2026/modules/scanner",
        )
    ]
    draft = client.get("/api/v0/mentorship/programs/draft-program")
    draft_modules = client.get("/api/v0/mentorship/programs/draft-program/modules/")
    application = client.get(f"/api/v0/mentorship/applications/{submitted.pk}")

    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    assert [row["key"] for row in responses[0].json()["items"]] == ["gsoc-2026"]
    assert (draft.status_code, draft.json()) == (404, {"message": "Program not found"})
    assert (draft_modules.status_code, draft_modules.json()) == (404, {"message": "Program not found"})
    assert application.status_code == 404
    for response in responses:
        assert not {"statement", "email", "applications", "mentee_email"} & _keys(response.json())
    assert_private_fields_absent(*(response.content for response in [*responses, draft, application]))


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


# GraphQL -------------------------------------------------------------------------------------------------

READ = "query Read($id: ID!) { application(id: $id) { id status statement menteeEmail } }"
LIST = """{ moduleApplications(programKey: "gsoc-2026", moduleKey: "scanner") { id statement menteeEmail } }"""
MINE = "{ myApplications { id statement menteeEmail } }"
DECIDE = "mutation Decide($id: ID!) { decideApplication(id: $id, decision: ACCEPT) { id status } }"
WITHDRAW = "mutation Withdraw($id: ID!) { withdrawApplication(id: $id) { id status } }"


def post(client: Client, query: str, variables: dict | None = None):
    body = {"query": query, **({"variables": variables} if variables else {})}
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 200, response.content[:500]
    return response


def error_of(response) -> dict:
    body = response.json()
    assert body.get("errors"), body
    return {"message": body["errors"][0]["message"], "code": body["errors"][0]["extensions"]["code"]}


@pytest.mark.parametrize("role", ROLES)
def test_graphql_refuses_every_other_role(world, submitted, role):
    client, signed_in = client_as(world, role)
    variables = {"id": str(submitted.pk)}
    not_found = {"message": "No such application.", "code": "NOT_FOUND"}

    read = post(client, READ, variables)
    listing = post(client, LIST)
    mine = post(client, MINE)
    decided = post(client, DECIDE, variables)
    withdrawn = post(client, WITHDRAW, variables)

    assert error_of(read) == not_found and read.json()["data"] == {"application": None}
    assert error_of(decided) == not_found and decided.json()["data"] is None
    assert error_of(withdrawn) == not_found and withdrawn.json()["data"] is None
    if signed_in:
        assert error_of(listing) == {
            "message": "Only the module's mentors and the program's admins see its applications.",
            "code": "FORBIDDEN",
        }
        assert mine.json() == {"data": {"myApplications": []}}
    else:
        assert error_of(listing) == {"message": "Sign in to see a module's applications.", "code": "UNAUTHENTICATED"}
        assert error_of(mine) == {"message": "Sign in to see your applications.", "code": "UNAUTHENTICATED"}
    assert_private_fields_absent(*(r.content for r in (read, listing, mine, decided, withdrawn)))
    assert_untouched(submitted)


def test_graphql_control_the_mentee_the_mentor_and_the_admin_read_the_private_fields(world, submitted):
    for account in (world.mentee_account, world.mentor_account, world.leader_account, world.staff):
        client = Client()
        client.force_login(account)
        read = json.loads(post(client, READ, {"id": str(submitted.pk)}).content)["data"]["application"]
        assert read == {
            "id": str(submitted.pk),
            "status": "SUBMITTED",
            "statement": STATEMENT,
            "menteeEmail": MENTEE_EMAIL,
        }
