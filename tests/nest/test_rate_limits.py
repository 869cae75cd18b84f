"""Rate limits on sign-in (allauth's form and both admins' login forms), the site's search and search as you
type, and the API's AI endpoint: over the limit each answers 429 and says when to try again. Every test sends
from an address of its own, so the counts (in Redis) never meet another test's."""

import uuid

import pytest
from django.test import Client, override_settings

from tests.factories import make_account

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


def client_from_own_address() -> Client:
    number = uuid.uuid4().int
    return Client(REMOTE_ADDR=f"203.0.{number % 250}.{(number >> 8) % 250 + 1}")


@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/h/ip"})
def test_allauth_sign_in_is_limited_per_address():
    client = client_from_own_address()
    make_account("member", password=PASSWORD)

    answers = [client.post("/accounts/login/", {"login": "member", "password": "wrong"}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Too many requests" in answers[-1].content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "100/m/ip,3/300s/key"})
def test_allauth_locks_an_account_name_out_after_failed_passwords():
    client = client_from_own_address()
    make_account("guessed", password=PASSWORD)
    for _ in range(3):
        client.post("/accounts/login/", {"login": "guessed", "password": "wrong"})

    locked = client.post("/accounts/login/", {"login": "guessed", "password": PASSWORD})

    assert locked.status_code == 200  # the form again, not signed in
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in locked.content.decode()


@pytest.mark.parametrize("path", ["/cms/login/", "/django-admin/login/"])
@override_settings(NEST_SIGN_IN_RATE="2/hour")
def test_the_admins_sign_in_forms_are_limited_per_address(path):
    client = client_from_own_address()
    make_account("staffer", password=PASSWORD, is_staff=True)

    answers = [client.post(path, {"username": "staffer", "password": "wrong"}) for _ in range(2)]
    refused = client.post(path, {"username": "staffer", "password": PASSWORD})  # even the right password

    assert [answer.status_code for answer in answers] == [200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Please try again in" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(path).status_code == 200  # showing the form is not an attempt


@override_settings(NEST_SEARCH_RATE="2/hour")
def test_site_search_is_limited_per_address():
    client = client_from_own_address()

    answers = [client.get("/search/", {"q": "zap"}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Please try again in" in answers[-1].content.decode()
    assert int(answers[-1]["Retry-After"]) > 0
    assert client_from_own_address().get("/search/", {"q": "zap"}).status_code == 200  # another address


@override_settings(NEST_SEARCH_AS_YOU_TYPE_RATE="2/hour")
def test_search_as_you_type_is_limited_per_address_with_a_message_the_box_shows():
    client = client_from_own_address()

    answers = [client.get("/search/suggestions/", {"q": "juice"}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "data-rate-limited" in answers[-1].content.decode()
    assert "Too many searches in a short time" in answers[-1].content.decode()
    assert int(answers[-1]["Retry-After"]) > 0


@override_settings(NEST_API_RATE_AI="1/hour")
def test_the_api_s_ai_endpoint_has_its_own_limit_below_the_api_s():
    client = client_from_own_address()

    first = client.post("/api/v0/ai/ask/", {"question": "OWASP Top Ten"}, content_type="application/json")
    second = client.post("/api/v0/ai/agent/", {"question": "OWASP Top Ten"}, content_type="application/json")
    api = client.get("/api/v0/projects/")

    assert first.status_code == 200
    assert second.status_code == 429
    assert "throttled" in second.json()["message"].lower()  # the AI endpoints answer in Nest's error shape
    assert int(second["Retry-After"]) > 0
    assert api.status_code == 200  # the rest of the API is not spent
