"""Mentorship pages through the test client: public once published, the apply form, the decision, and the
denials for every other role."""

import pytest

from apps.mentorship.models import Application, ApplicationStatus
from apps.mentorship.services import applications
from tests.apps.mentorship.conftest import STATEMENT

pytestmark = pytest.mark.django_db


def test_published_programs_and_modules_are_public_drafts_are_not(client, world, program_factory):
    program_factory("draft-program", status="draft", name="Secret Draft")

    listing = client.get("/mentorship/")
    assert b"GSoC 2026" in listing.content and b"Secret Draft" not in listing.content
    assert client.get("/mentorship/gsoc-2026/scanner/").status_code == 200
    assert client.get("/mentorship/draft-program/").status_code == 404
    client.force_login(world.staff)
    assert client.get("/mentorship/draft-program/").status_code == 200


def test_apply_through_the_form_then_the_mentor_accepts(client, world):
    client.force_login(world.mentee_account)
    response = client.post("/mentorship/gsoc-2026/scanner/apply/", {"statement": STATEMENT})
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mentorship/applications/{application.pk}/"
    assert b"Scanner rules" in client.get("/mentorship/dashboard/").content

    client.force_login(world.mentor_account)
    assert str(application.pk).encode() in client.get("/mentorship/mentoring/").content
    response = client.post(f"/mentorship/applications/{application.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_a_short_statement_is_a_400_with_its_message(client, world):
    client.force_login(world.mentee_account)
    response = client.post("/mentorship/gsoc-2026/scanner/apply/", {"statement": "too short"})
    assert response.status_code == 400
    assert b"characters long" in response.content


@pytest.mark.parametrize("role", ["anonymous", "other_mentor", "other_mentee", "unconfirmed_leader"])
def test_other_roles_cannot_read_or_decide_an_application(client, world, role):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    account = {
        "anonymous": None,
        "other_mentor": world.other_mentor_account,
        "other_mentee": world.other_mentee_account,
        "unconfirmed_leader": world.unconfirmed_account,
    }[role]
    if account is not None:
        client.force_login(account)

    page = client.get(f"/mentorship/applications/{application.pk}/")
    decision = client.post(f"/mentorship/applications/{application.pk}/decide/", {"decision": "accept"})

    if account is None:
        assert page.status_code == 302 and decision.status_code == 302  # to the sign-in page
    else:
        assert page.status_code == 404 and decision.status_code == 404
        assert STATEMENT.encode() not in page.content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_confirmed_leader_admin_and_the_mentor_read_the_statement(client, world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    for account in (world.leader_account, world.mentor_account, world.mentee_account):
        client.force_login(account)
        page = client.get(f"/mentorship/applications/{application.pk}/")
        assert page.status_code == 200
        assert STATEMENT.encode() in page.content and b"mentee-one@example.org" in page.content


def test_the_applicant_cannot_decide_their_own_application(client, world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    client.force_login(world.mentee_account)
    response = client.post(f"/mentorship/applications/{application.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 403
