"""Mentorship over /graphql/: programs and modules as the services show them, the whole flow by mutations
(apply, the mentor accepts, the mentee sees the acceptance and the assignment), withdrawing, the CSRF check of a
session, and bad input answered as GraphQL errors with the service's message, never a 500."""

import pytest
from django.test import Client

from apps.mentorship.models import Application, ApplicationStatus, MentorshipAssignment, StatusChange
from apps.mentorship.services import applications
from tests.apps.mentorship.conftest import STATEMENT

pytestmark = pytest.mark.django_db

APPLY = """
mutation Apply($program: String!, $module: String!, $statement: String!) {
  applyToModule(programKey: $program, moduleKey: $module, statement: $statement) {
    id status statement module { key }
  }
}"""
DECIDE = """
mutation Decide($id: ID!, $decision: DecisionEnum!, $note: String) {
  decideApplication(id: $id, decision: $decision, note: $note) {
    id status decidedAt assignment { mentor { login } }
  }
}"""
WITHDRAW = "mutation Withdraw($id: ID!) { withdrawApplication(id: $id) { id status } }"
MODULE_APPLICATIONS = """
query ModuleApplications($program: String!, $module: String!) {
  moduleApplications(programKey: $program, moduleKey: $module) {
    id status statement menteeEmail mentee { login }
  }
}"""
MY_APPLICATIONS = """
{ myApplications { id status statement module { key program { key } } assignment { mentor { login } } } }"""


def error_of(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]


def test_published_programs_and_their_modules_are_public_with_nest_s_field_names(client, data, world, program_factory):
    program_factory("draft-program", status="draft", name="Secret Draft")

    listing = data("{ programs { key name status experienceLevels domains tags startedAt endedAt menteesLimit } }")
    program = data(
        """{ getProgram(programKey: "gsoc-2026") {
              key name status modules { key name projectKey projectName mentors { login } } } }"""
    )["getProgram"]
    modules = data('{ getProgramModules(programKey: "gsoc-2026") { key program { key } } }')["getProgramModules"]
    module = data(
        """{ getModule(programKey: "gsoc-2026", moduleKey: "scanner") {
              key skills labels experienceLevels mentors { login name avatarUrl } } }"""
    )["getModule"]

    assert [row["key"] for row in listing["programs"]] == ["gsoc-2026"]
    assert listing["programs"][0]["status"] == "PUBLISHED" and listing["programs"][0]["menteesLimit"] == 2
    assert [m["key"] for m in program["modules"]] == ["docs", "scanner"]  # by name
    scanner = next(m for m in program["modules"] if m["key"] == "scanner")
    assert scanner["projectKey"] == world.project.short_key and scanner["projectName"] == world.project.title
    assert scanner["mentors"] == [{"login": "the-mentor"}]
    assert {m["program"]["key"] for m in modules} == {"gsoc-2026"}
    assert module["skills"] == ["python"] and module["labels"] == ["gsoc", "Mentorship"]
    assert module["experienceLevels"] == ["BEGINNER"] and module["mentors"][0]["login"] == "the-mentor"


def test_a_draft_is_not_found_except_for_its_admins(client, graphql, data, world, program_factory):
    program_factory("draft-program", status="draft", name="Secret Draft")
    query = '{ getProgram(programKey: "draft-program") { key status } }'

    refused = graphql(query)
    assert refused["data"]["getProgram"] is None
    assert error_of(refused)["message"] == "No such program."
    assert error_of(refused)["extensions"] == {"code": "NOT_FOUND", "status": 404}
    assert [row["key"] for row in data("{ programs { key } }")["programs"]] == ["gsoc-2026"]

    client.force_login(world.staff)
    assert data(query)["getProgram"] == {"key": "draft-program", "status": "DRAFT"}
    assert {row["key"] for row in data("{ programs { key } }")["programs"]} == {"gsoc-2026", "draft-program"}


def test_the_whole_flow_apply_then_the_mentor_accepts_then_the_mentee_sees_it(client, data, world):
    client.force_login(world.mentee_account)
    applied = data(APPLY, {"program": "gsoc-2026", "module": "scanner", "statement": STATEMENT})["applyToModule"]
    assert applied["status"] == "SUBMITTED" and applied["statement"] == STATEMENT
    assert applied["module"] == {"key": "scanner"}
    application = Application.objects.get(pk=applied["id"])
    assert application.mentee.github_user == world.mentee_gh

    client.force_login(world.mentor_account)
    listed = data(MODULE_APPLICATIONS, {"program": "gsoc-2026", "module": "scanner"})["moduleApplications"]
    assert listed == [
        {
            "id": applied["id"],
            "status": "SUBMITTED",
            "statement": STATEMENT,
            "menteeEmail": "mentee-one@example.org",
            "mentee": {"login": "mentee-one"},
        }
    ]
    decided = data(DECIDE, {"id": applied["id"], "decision": "ACCEPT", "note": "Welcome aboard"})
    assert decided["decideApplication"]["status"] == "ACCEPTED"
    assert decided["decideApplication"]["decidedAt"]
    assert decided["decideApplication"]["assignment"] == {"mentor": {"login": "the-mentor"}}

    client.force_login(world.mentee_account)
    mine = data(MY_APPLICATIONS)["myApplications"]
    assert mine == [
        {
            "id": applied["id"],
            "status": "ACCEPTED",
            "statement": STATEMENT,
            "module": {"key": "scanner", "program": {"key": "gsoc-2026"}},
            "assignment": {"mentor": {"login": "the-mentor"}},
        }
    ]
    assignment = MentorshipAssignment.objects.get(application=application)
    assert (assignment.mentee, assignment.mentor) == (application.mentee, world.mentor)
    trail = StatusChange.objects.filter(application=application).order_by("id")
    assert [(c.from_status, c.to_status, c.note) for c in trail] == [
        ("", "submitted", ""),
        ("submitted", "accepted", "Welcome aboard"),
    ]


def test_an_admin_rejects_and_the_mentee_withdraws_an_accepted_one(client, data, graphql, world):
    rejected = applications.apply(world.mentee_account, world.module, STATEMENT)
    accepted = applications.apply(world.mentee_account, world.other_module, STATEMENT)
    client.force_login(world.leader_account)  # a confirmed leader among the program's admins
    assert data(DECIDE, {"id": str(rejected.pk), "decision": "REJECT"})["decideApplication"]["status"] == "REJECTED"
    assert data(DECIDE, {"id": str(accepted.pk), "decision": "ACCEPT"})["decideApplication"]["assignment"] == {
        "mentor": None  # an admin, not a mentor of the module, decided
    }
    again = graphql(DECIDE, {"id": str(rejected.pk), "decision": "ACCEPT"})
    assert error_of(again)["message"] == "This application is Rejected: it was decided already."
    assert error_of(again)["extensions"]["code"] == "BAD_USER_INPUT"

    client.force_login(world.mentee_account)
    assert data(WITHDRAW, {"id": str(accepted.pk)})["withdrawApplication"]["status"] == "WITHDRAWN"
    assert not MentorshipAssignment.objects.filter(application=accepted).exists()
    refused = graphql(WITHDRAW, {"id": str(rejected.pk)})
    assert error_of(refused)["message"] == "This application is Rejected: it cannot be withdrawn."


def test_the_applicant_cannot_decide_their_own_application(client, graphql, world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    client.force_login(world.mentee_account)

    body = graphql(DECIDE, {"id": str(application.pk), "decision": "ACCEPT"})

    assert body["data"] is None
    assert error_of(body)["message"] == "Only the module's mentors and the program's admins decide its applications."
    assert error_of(body)["extensions"] == {"code": "FORBIDDEN", "status": 403}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_my_applications_needs_a_signed_in_user(graphql):
    body = graphql("{ myApplications { id } }")

    assert error_of(body)["message"] == "Sign in to see your applications."
    assert error_of(body)["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_session_mutation_needs_its_csrf_token_a_key_does_not(world):
    from tests.factories import make_api_key

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.mentee_account)
    body = {"query": APPLY, "variables": {"program": "gsoc-2026", "module": "scanner", "statement": STATEMENT}}

    refused = browser.post("/graphql/", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["errors"][0]["message"]
    assert not Application.objects.exists()

    browser.get("/graphql/", headers={"Accept": "text/html"})  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    served = browser.post("/graphql/", body, content_type="application/json", headers={"X-CSRFToken": token})
    assert served.status_code == 200 and served.json()["data"]["applyToModule"]["status"] == "SUBMITTED"

    _, plain = make_api_key(world.other_mentee_account)
    by_key = Client(enforce_csrf_checks=True).post(
        "/graphql/", body, content_type="application/json", headers={"X-API-Key": plain}
    )
    assert by_key.status_code == 200, by_key.content
    assert by_key.json()["data"]["applyToModule"]["status"] == "SUBMITTED"
    assert Application.objects.filter(mentee__github_user=world.other_mentee_gh).exists()


def test_a_mutation_is_never_run_by_get(client, world):
    client.force_login(world.mentee_account)

    response = client.get("/graphql/", {"query": 'mutation { withdrawApplication(id: "1") { id } }'})

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("query", "variables", "message", "code"),
    [
        ('{ getProgram(programKey: "no-such-program") { key } }', None, "No such program.", "NOT_FOUND"),
        ('{ getModule(programKey: "gsoc-2026", moduleKey: "nope") { key } }', None, "No such module.", "NOT_FOUND"),
        ('{ getProgramModules(programKey: "nope") { key } }', None, "No such program.", "NOT_FOUND"),
        ('{ application(id: "not-a-number") { id } }', None, "No such application.", "NOT_FOUND"),
        ('{ application(id: "99999999999999999999") { id } }', None, "No such application.", "NOT_FOUND"),
        ('{ application(id: "-1") { id } }', None, "No such application.", "NOT_FOUND"),
        ('{ application(id: "1\\u0000") { id } }', None, "id: must not contain a NUL character.", "BAD_USER_INPUT"),
        (
            '{ getProgram(programKey: "gsoc\\u0000") { key } }',
            None,
            "programKey: must not contain a NUL character.",
            "BAD_USER_INPUT",
        ),
        (
            '{ getProgram(programKey: "%s") { key } }' % ("k" * 201),
            None,
            "programKey: is longer than 200 characters.",
            "BAD_USER_INPUT",
        ),
        (
            APPLY,
            {"program": "gsoc-2026", "module": "scanner", "statement": "x" * (applications.STATEMENT_MAX + 1)},
            "The statement must be 20 to 5000 characters long.",
            "BAD_USER_INPUT",
        ),
        (
            APPLY,
            {"program": "gsoc-2026", "module": "scanner", "statement": "too short"},
            "The statement must be 20 to 5000 characters long.",
            "BAD_USER_INPUT",
        ),
        (
            APPLY,
            {"program": "gsoc-2026", "module": "scanner", "statement": STATEMENT + "\x00"},
            "statement: must not contain a NUL character.",
            "BAD_USER_INPUT",
        ),
        (
            APPLY,
            {"program": "gsoc-2026", "module": "scanner", "statement": "x" * (applications.STATEMENT_MAX * 2 + 1)},
            f"statement: is longer than {applications.STATEMENT_MAX * 2} characters.",
            "BAD_USER_INPUT",
        ),
        (
            APPLY,
            {"program": "gsoc-2026", "module": "no-such-module", "statement": STATEMENT},
            "No such module.",
            "NOT_FOUND",
        ),
        (DECIDE, {"id": "abc", "decision": "ACCEPT"}, "No such application.", "NOT_FOUND"),
        (
            DECIDE,
            {"id": "1", "decision": "ACCEPT", "note": "n" * 501},
            "note: is longer than 500 characters.",
            "BAD_USER_INPUT",
        ),
        (WITHDRAW, {"id": "1e9"}, "No such application.", "NOT_FOUND"),
    ],
)
def test_bad_input_is_a_graphql_error_with_its_message_never_a_500(
    client, graphql, world, query, variables, message, code
):
    client.force_login(world.mentee_account)

    body = graphql(query, variables)

    assert error_of(body)["message"] == message
    assert error_of(body)["extensions"]["code"] == code
    assert not Application.objects.exists()


def test_an_unknown_decision_is_refused_by_the_schema(client, graphql, world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    client.force_login(world.mentor_account)

    body = graphql(DECIDE, {"id": str(application.pk), "decision": "MAYBE"}, status=400)

    assert "MAYBE" in error_of(body)["message"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
