"""/.well-known/security.txt as RFC 9116 asks: Contact, an Expires in the future (less than a year ahead),
Canonical, Policy and Preferred-Languages; none without a contact, and `check --deploy` says so."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from apps.core.checks import security_contact

pytestmark = pytest.mark.django_db

CONTACTS = ["mailto:security@example.org", "https://example.org/report"]
POLICY = "https://example.org/disclosure"


def fields(text: str) -> list[tuple[str, str]]:
    return [tuple(part.strip() for part in line.split(":", 1)) for line in text.splitlines() if line]


@override_settings(
    NEST_SECURITY_CONTACTS=CONTACTS, NEST_SECURITY_POLICY_URL=POLICY, NEST_SITE_URL="https://nest.example"
)
def test_security_txt_names_the_contacts_an_expiry_the_canonical_url_and_the_languages(client):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.content.decode())
    assert [value for name, value in found if name == "Contact"] == CONTACTS
    values = dict(found)
    expires = datetime.strptime(values["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) + timedelta(days=80) < expires < datetime.now(UTC) + timedelta(days=365)
    assert values["Canonical"] == "https://nest.example/.well-known/security.txt"
    assert values["Policy"] == POLICY
    assert values["Preferred-Languages"] == "en, fr"
    assert {name for name, _ in found} <= {"Contact", "Expires", "Canonical", "Policy", "Preferred-Languages"}


@override_settings(NEST_SECURITY_CONTACTS=CONTACTS[:1])
def test_without_a_site_url_the_canonical_url_is_the_request_s_and_policy_is_left_out(client):
    values = dict(fields(client.get("/.well-known/security.txt").content.decode()))

    assert values["Canonical"] == "http://testserver/.well-known/security.txt"
    assert "Policy" not in values


@override_settings(NEST_SECURITY_CONTACTS=[])
def test_without_a_contact_there_is_no_file_and_the_deploy_check_warns(client):
    assert client.get("/.well-known/security.txt").status_code == 404
    assert [warning.id for warning in security_contact(None)] == ["nest.W001"]
