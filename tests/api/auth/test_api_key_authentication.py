"""The X-API-Key header on the REST API: reading needs no key, a valid key authenticates its owner, an unknown,
revoked or expired key gets a 401 that says which."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.models import ApiKey
from apps.core.services import api_keys
from tests.factories import make_account, make_api_key

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.auth.urls")]

WHOAMI = "/api/v0/test-whoami/"


def test_reading_needs_no_key(client):
    assert client.get("/api/v0/").status_code == 200
    assert client.get(WHOAMI).json() == {"user": None, "by": "anonymous"}


def test_an_empty_header_is_no_key(client):
    assert client.get(WHOAMI, HTTP_X_API_KEY="  ").json() == {"user": None, "by": "anonymous"}


def test_a_valid_key_authenticates_its_owner(client):
    account = make_account("keyholder")
    key, plain = make_api_key(account)

    response = client.get(WHOAMI, headers={"X-API-Key": plain})

    assert response.status_code == 200
    assert response.json() == {"user": "keyholder", "by": "api_key"}
    key.refresh_from_db()
    assert key.last_used_at is not None


def assert_refused(response, code: str, words: str):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert words in body["detail"]
    assert response["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


@pytest.mark.parametrize("path", ["/api/v0/", WHOAMI])
def test_an_unknown_key_gets_401_saying_so(client, path):
    response = client.get(path, headers={"X-API-Key": "nest_0badc0de_" + "x" * 43})

    assert_refused(response, "api_key_unknown", "Unknown API key")


def test_a_revoked_key_gets_401_saying_so(client):
    account = make_account()
    key, plain = make_api_key(account)
    assert client.get(WHOAMI, headers={"X-API-Key": plain}).status_code == 200

    api_keys.revoke_api_key(account, key.pk)
    response = client.get(WHOAMI, headers={"X-API-Key": plain})

    assert_refused(response, "api_key_revoked", "revoked")
    # Even where reading needs no key: a key that is sent must be valid.
    assert_refused(client.get("/api/v0/", headers={"X-API-Key": plain}), "api_key_revoked", "revoked")


def test_an_expired_key_gets_401_saying_so(client):
    key, plain = make_api_key(make_account(), days=1)
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_refused(client.get(WHOAMI, headers={"X-API-Key": plain}), "api_key_expired", "expired")


def test_a_key_and_a_signed_in_session_the_key_wins(client):
    client.force_login(make_account("browser-user"))
    _, plain = make_api_key(make_account("script-user"))

    assert client.get(WHOAMI).json() == {"user": "browser-user", "by": "session"}
    assert client.get(WHOAMI, headers={"X-API-Key": plain}).json() == {"user": "script-user", "by": "api_key"}


def test_session_posts_keep_csrf_but_key_posts_need_none(client_address):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=client_address)
    browser.force_login(make_account("signed-in"))
    _, plain = make_api_key(make_account("with-key"))

    refused = browser.post(WHOAMI)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    script = Client(enforce_csrf_checks=True, REMOTE_ADDR=client_address)
    assert script.post(WHOAMI, headers={"X-API-Key": plain}).json() == {"user": "with-key", "by": "api_key"}
