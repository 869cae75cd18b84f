"""JWT for API clients: obtain a pair with a username and password, use the access token as a Bearer token,
refresh and verify it; bad credentials and bad tokens get a 401."""

import pytest

from tests.factories import make_account

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.auth.urls")]

WHOAMI = "/api/v0/test-whoami/"
PASSWORD = "a long test password"


def obtain(client, username, password=PASSWORD):
    return client.post(
        "/api/v0/auth/token/", {"username": username, "password": password}, content_type="application/json"
    )


def test_obtain_use_refresh_and_verify_a_token(client):
    make_account("jwt-user", password=PASSWORD)

    pair = obtain(client, "jwt-user")
    assert pair.status_code == 200, pair.content
    tokens = pair.json()
    assert set(tokens) == {"access", "refresh"}

    who = client.get(WHOAMI, headers={"Authorization": f"Bearer {tokens['access']}"})
    assert who.json() == {"user": "jwt-user", "by": "jwt"}

    refreshed = client.post(
        "/api/v0/auth/token/refresh/", {"refresh": tokens["refresh"]}, content_type="application/json"
    )
    assert refreshed.status_code == 200
    access = refreshed.json()["access"]
    assert client.get(WHOAMI, headers={"Authorization": f"Bearer {access}"}).json()["user"] == "jwt-user"

    verified = client.post("/api/v0/auth/token/verify/", {"token": access}, content_type="application/json")
    assert verified.status_code == 200


def test_a_wrong_password_gets_401(client):
    make_account("jwt-user-2", password=PASSWORD)

    response = obtain(client, "jwt-user-2", "wrong password")

    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_bad_bearer_token_gets_401_even_where_reading_needs_none(client):
    response = client.get("/api/v0/", headers={"Authorization": "Bearer not.a.token"})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_a_refresh_token_is_not_an_access_token(client):
    make_account("jwt-user-3", password=PASSWORD)
    refresh = obtain(client, "jwt-user-3").json()["refresh"]

    response = client.get(WHOAMI, headers={"Authorization": f"Bearer {refresh}"})

    assert response.status_code == 401


def test_a_disabled_account_s_token_stops_working(client):
    account = make_account("jwt-user-4", password=PASSWORD)
    access = obtain(client, "jwt-user-4").json()["access"]
    account.is_active = False
    account.save()

    assert client.get(WHOAMI, headers={"Authorization": f"Bearer {access}"}).status_code == 401


def test_the_token_endpoint_refuses_malformed_input_with_400(client):
    response = client.post("/api/v0/auth/token/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert client.post("/api/v0/auth/token/", {}, content_type="application/json").status_code == 400
