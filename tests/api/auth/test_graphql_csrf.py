"""/graphql/: a signed-in browser session keeps Django's CSRF check; a request with an API key or a Bearer JWT
needs none and is authenticated by the REST API's classes; anonymous clients read freely."""

import pytest
from django.test import Client

from apps.core.models import ApiKey
from tests.factories import make_account, make_api_key

pytestmark = pytest.mark.django_db

QUERY = {"query": "{ siteName }"}


def post(client, **headers):
    return client.post("/graphql/", QUERY, content_type="application/json", headers=headers)


def test_a_signed_in_session_without_a_csrf_token_is_refused():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_account())

    response = post(browser)

    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert "CSRF" in error["message"]
    assert error["extensions"]["code"] == "permission_denied"


def test_a_signed_in_session_with_its_csrf_token_is_served():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_account())
    browser.get("/graphql/", headers={"Accept": "text/html"})  # GraphiQL: sets the CSRF cookie
    token = browser.cookies["csrftoken"].value

    response = post(browser, **{"X-CSRFToken": token})

    assert response.status_code == 200
    assert response.json()["data"]["siteName"]


def test_an_anonymous_client_needs_no_token():
    response = post(Client(enforce_csrf_checks=True))

    assert response.status_code == 200
    assert response.json()["data"]["siteName"]


def test_a_key_needs_no_csrf_token_even_beside_a_session_cookie():
    account = make_account()
    key, plain = make_api_key(account)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_account())

    for client in (Client(enforce_csrf_checks=True), browser):
        response = post(client, **{"X-API-Key": plain})
        assert response.status_code == 200, response.content
        assert response.json()["data"]["siteName"]
    # The key was checked, as on REST: its use is recorded.
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


@pytest.mark.parametrize(
    ("make_key", "code"),
    [
        (lambda account: "nest_0badc0de_" + "x" * 43, "api_key_unknown"),
        (lambda account: _revoked(account), "api_key_revoked"),
    ],
)
def test_a_refused_key_gets_401_saying_why(make_key, code):
    raw = make_key(make_account())

    response = post(Client(enforce_csrf_checks=True), **{"X-API-Key": raw})

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert response["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


def _revoked(account) -> str:
    from apps.core.services.api_keys import revoke_api_key

    key, plain = make_api_key(account)
    revoke_api_key(account, key.pk)
    return plain


def test_a_bearer_jwt_needs_no_csrf_token():
    make_account("graphql-jwt", password="a long test password")
    client = Client(enforce_csrf_checks=True)
    tokens = client.post(
        "/api/v0/auth/token/",
        {"username": "graphql-jwt", "password": "a long test password"},
        content_type="application/json",
    ).json()

    assert post(client, Authorization=f"Bearer {tokens['access']}").status_code == 200
    refused = post(client, Authorization="Bearer not.a.token")
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "token_not_valid"
