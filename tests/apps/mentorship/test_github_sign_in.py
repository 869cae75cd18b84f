"""Sign-in with GitHub through allauth's provider, against the local fake GitHub OAuth server."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from apps.github.models import User
from tests.apps.mentorship.conftest import sign_in, start_sign_in, visit_github
from tests.factories import make_account, make_user

pytestmark = pytest.mark.django_db


def test_the_login_page_offers_github_sign_in(client, fake_oauth):
    page = client.get("/accounts/login/")

    assert page.status_code == 200
    assert b'action="/accounts/github/login/"' in page.content
    # The form's redirect to GitHub is allowed by the page's form-action.
    assert fake_oauth.url in page["Content-Security-Policy"]


def test_the_authorize_redirect_goes_to_the_configured_url_with_a_state(client, fake_oauth):
    location = start_sign_in(client)

    assert location.startswith(f"{fake_oauth.url}/login/oauth/authorize?")
    assert "state=" in location and "client_id=Iv1.fakeclientid00" in location


def test_first_sign_in_makes_an_account_without_password_linked_to_a_new_github_user(client, fake_oauth):
    assert not User.objects.filter(pk=9_200_001).exists()

    response = sign_in(client, fake_oauth, login="new-mentee", user_id=9_200_001)

    assert response.status_code == 302
    account = get_user_model().objects.get(username="new-mentee")
    assert not account.has_usable_password()
    assert account.email == "new-mentee@example.org"
    assert SocialAccount.objects.get(user=account, provider="github").uid == "9200001"
    github_user = User.objects.get(pk=9_200_001)
    assert github_user.login == "new-mentee"
    assert client.get("/accounts/api-keys/").status_code == 200  # signed in
    # The server side of the flow: the code exchanged once, then the profile and the emails read.
    paths = [(r["method"], r["path"]) for r in fake_oauth.requests]
    assert paths == [
        ("GET", "/login/oauth/authorize"),
        ("POST", "/login/oauth/access_token"),
        ("GET", "/user"),
        ("GET", "/user/emails"),
    ]


def test_sign_in_links_the_synced_github_user_and_keeps_its_data(client, fake_oauth):
    synced = make_user("synced-person", id=9_200_002, name="Synced Name", company="OWASP")

    sign_in(client, fake_oauth, login="synced-person", user_id=9_200_002)

    synced.refresh_from_db()
    assert (synced.name, synced.company) == ("Synced Name", "OWASP")
    assert User.objects.filter(login="synced-person").count() == 1
    account = get_user_model().objects.get(username="synced-person")
    assert SocialAccount.objects.get(user=account).uid == str(synced.pk)


def test_second_sign_in_reuses_the_account(client, fake_oauth):
    sign_in(client, fake_oauth, login="repeat", user_id=9_200_003)
    client.logout()

    sign_in(client, fake_oauth, login="repeat", user_id=9_200_003)

    assert get_user_model().objects.filter(socialaccount__uid="9200003").count() == 1


def test_a_state_mismatch_is_refused_with_a_clear_message(client, fake_oauth):
    callback = visit_github(start_sign_in(client))
    tampered = callback.replace("state=", "state=forged")

    response = client.get(tampered)

    assert response.status_code == 400
    assert b"does not belong to this browser" in response.content
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_callback_in_another_browser_is_refused(client, fake_oauth):
    from django.test import Client

    callback = visit_github(start_sign_in(client))

    response = Client().get(callback)

    assert response.status_code == 400
    assert b"does not belong to this browser" in response.content


def test_declined_consent_is_refused_with_a_clear_message(client, fake_oauth):
    fake_oauth.decision = "deny"

    response = client.get(visit_github(start_sign_in(client)))

    assert response.status_code == 400
    assert b"You declined" in response.content
    assert not SocialAccount.objects.exists()
    # Nothing was asked of GitHub's token endpoint.
    assert [r["path"] for r in fake_oauth.requests] == ["/login/oauth/authorize"]


def test_an_unverified_email_is_refused_with_a_clear_message(client, fake_oauth):
    response = sign_in(client, fake_oauth, login="unverified", user_id=9_200_004, verified=False)

    assert response.status_code == 400
    assert b"no verified email address" in response.content
    assert not get_user_model().objects.filter(username="unverified").exists()
    assert "_auth_user_id" not in client.session


def test_staff_keep_their_password_sign_in(client, fake_oauth):
    make_account("editor", is_staff=True)

    response = client.post("/accounts/login/", {"login": "editor", "password": "a long test password"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_without_a_client_id_github_sign_in_is_not_offered(client, settings):
    settings.GITHUB_OAUTH_CLIENT_ID = ""

    page = client.get("/accounts/login/")

    assert b"/accounts/github/login/" not in page.content


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", ["/accounts/github/login/", "/accounts/github/login/callback/?code=x&state=y"])
def test_without_a_client_id_the_github_urls_are_a_404_that_says_so(client, settings, method, path):
    settings.GITHUB_OAUTH_CLIENT_ID = ""

    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert "Signing in with GitHub is not set up on this site." in response.content.decode()
