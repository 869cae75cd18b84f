"""The API key pages of a signed-in user: sign in, make a key (shown once), list, revoke; never cached."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.core.models import ApiKey
from tests.factories import make_account, make_api_key

pytestmark = pytest.mark.django_db

PAGE = "/accounts/api-keys/"
PASSWORD = "a long test password"


def signed_in(username=None, **client_options):
    account = make_account(username, password=PASSWORD)
    client = Client(**client_options)
    client.force_login(account)
    return client, account


def make(client, name="laptop", days=30):
    expires_on = (timezone.localdate() + timedelta(days=days)).isoformat()
    return client.post(PAGE, {"name": name, "expires_on": expires_on})


def test_visitors_are_sent_to_sign_in_and_come_back(client):
    make_account("visitor", password=PASSWORD)

    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PAGE}"

    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    assert b'name="login"' in login_page.content
    assert b"OWASP Nest" in login_page.content  # the site's frame

    signed = client.post("/accounts/login/", {"login": "visitor", "password": PASSWORD, "next": PAGE})
    assert signed.status_code == 302
    assert signed["Location"] == PAGE
    assert client.get(PAGE).status_code == 200


def test_a_wrong_password_is_refused_on_the_sign_in_page(client):
    make_account("visitor2", password=PASSWORD)

    response = client.post("/accounts/login/", {"login": "visitor2", "password": "nope"})

    assert response.status_code == 200
    assert b"data-form-errors" in response.content
    assert "_auth_user_id" not in client.session


def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert b"Sign-up is closed" in response.content


def test_a_new_key_is_shown_once_and_listed_after(settings):
    client, account = signed_in()

    response = make(client, "ci runner")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = re.search(rb'value="(nest_[0-9a-f]{8}_[^"]+)"', response.content).group(1).decode()
    key = ApiKey.objects.get(user=account)
    assert plain.startswith(f"nest_{key.prefix}_")
    assert key.name == "ci runner"
    assert key.secret_hash != plain and plain not in key.secret_hash

    again = client.get(PAGE)
    assert plain.encode() not in again.content
    assert f"nest_{key.prefix}_…".encode() in again.content
    assert b'data-key-status="active"' in again.content
    assert "no-store" in again["Cache-Control"]


def test_the_expiry_date_is_the_start_of_that_day():
    client, account = signed_in()

    make(client, days=10)

    expires_at = timezone.localtime(ApiKey.objects.get(user=account).expires_at)
    assert expires_at.date() == timezone.localdate() + timedelta(days=10)
    assert (expires_at.hour, expires_at.minute) == (0, 0)


def test_the_service_s_rules_are_shown_as_form_errors(settings):
    settings.NEST_API_KEYS_PER_USER, settings.NEST_API_KEY_MAX_DAYS = 1, 30
    client, account = signed_in()

    too_long = make(client, days=60)
    assert too_long.status_code == 400
    assert "at most 30 days" in too_long.content.decode()

    assert make(client, "first").status_code == 200
    capped = make(client, "second")
    assert capped.status_code == 400
    assert "already have 1 active keys" in capped.content.decode()
    assert ApiKey.objects.filter(user=account).count() == 1

    no_name = client.post(PAGE, {"name": "", "expires_on": ""})
    assert no_name.status_code == 400
    assert b"data-form-errors" in no_name.content


def test_making_a_key_needs_the_csrf_token():
    client, account = signed_in(enforce_csrf_checks=True)

    assert make(client).status_code == 403
    assert not ApiKey.objects.filter(user=account).exists()


def test_revoke_is_a_post_of_one_s_own_key():
    client, account = signed_in()
    key, _ = make_api_key(account, name="old script")
    other_key, _other_plain = make_api_key(make_account(), name="not mine")
    url = f"/accounts/api-keys/{key.pk}/revoke/"

    assert client.get(url).status_code == 405
    revoked = client.post(url, follow=True)

    assert revoked.redirect_chain == [(PAGE, 302)]
    assert "“old script” is revoked" in revoked.content.decode()
    assert b'data-key-status="revoked"' in revoked.content
    key.refresh_from_db()
    assert key.revoked_at is not None

    assert client.post(f"/accounts/api-keys/{other_key.pk}/revoke/").status_code == 404
    other_key.refresh_from_db()
    assert other_key.revoked_at is None


def test_another_user_s_keys_are_not_listed():
    client, _ = signed_in()
    make_api_key(make_account(), name="someone else's key")

    assert b"someone else" not in client.get(PAGE).content


def test_the_footer_links_to_the_keys(client):
    assert b'href="/accounts/api-keys/"' in client.get("/about/").content
