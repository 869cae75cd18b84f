"""GitHub App authentication against the fake GitHub: the app's JWT, verified there with its public key, is
exchanged for an installation token; the token is used for every request, refreshed before it expires and
renewed on a 401; a wrong key is refused with a clear error; rate-limit budgets are kept per token."""

import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured

from apps.github.auth import REFRESH_MARGIN, AppAuth, TokenAuth, from_settings
from apps.github.client import RequestFailed
from apps.github.sync import sync_github
from devtools.fake_github import FakeGitHub
from tests.apps.github.conftest import ORG
from tests.fakes.github import assert_synced, make_client

APP_ID, INSTALLATION = "123456", "7890"


def key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@pytest.fixture(scope="module")
def keys():
    return key_pair()


@pytest.mark.django_db
def test_a_sync_as_a_github_app_mints_an_installation_token_and_uses_it(github_dataset, keys):
    private, public = keys
    with FakeGitHub(github_dataset, app_keys={APP_ID: public}) as fake:
        auth = AppAuth(APP_ID, private, INSTALLATION)
        client = make_client(fake, auth=auth)
        report = sync_github(ORG, client=client)
        client.close()
        mints = fake.requests("/app/installations/")

    assert report.ok, report.summary()
    assert [(m.method, m.target, m.status, m.credential) for m in mints] == [
        ("POST", f"/app/installations/{INSTALLATION}/access_tokens", 201, "app jwt")
    ]
    others = [request for request in fake.requests() if not request.target.startswith("/app/")]
    assert others and {request.credential for request in others} == {"installation #1"}
    assert auth.minted == 1
    assert_synced(github_dataset, ORG)


def test_the_installation_token_is_refreshed_before_it_expires(github_dataset, keys):
    private, public = keys
    # Tokens that live just over the refresh margin: the first is used at once, and is due for renewal a
    # second later (GitHub's live an hour; the margin is what matters).
    with FakeGitHub(github_dataset, app_keys={APP_ID: public}, installation_token_ttl=int(REFRESH_MARGIN) + 2) as fake:
        auth = AppAuth(APP_ID, private, INSTALLATION)
        client = make_client(fake, auth=auth)
        client.get(f"/orgs/{ORG}")
        client.get(f"/orgs/{ORG}")
        first = auth.token
        assert auth.minted == 1
        time.sleep(max(0.0, auth.expires_at - REFRESH_MARGIN - time.time()) + 0.2)
        client.get(f"/orgs/{ORG}")
        client.close()
        credentials = [request.credential for request in fake.requests(f"/orgs/{ORG}")]

    assert auth.minted == 2 and auth.token != first
    assert credentials == ["installation #1", "installation #1", "installation #2"]  # never a 401


def test_a_token_revoked_early_is_renewed_once_on_401(github_dataset, keys):
    private, public = keys
    with FakeGitHub(github_dataset, app_keys={APP_ID: public}) as fake:
        auth = AppAuth(APP_ID, private, INSTALLATION)
        client = make_client(fake, auth=auth)
        client.get(f"/orgs/{ORG}")
        fake.installation_tokens.clear()  # GitHub forgot it (revoked, app reinstalled)
        response = client.get(f"/orgs/{ORG}")
        client.close()
        statuses = [(request.status, request.credential) for request in fake.requests(f"/orgs/{ORG}")]

    assert response.status == 200 and auth.minted == 2
    assert statuses == [(200, "installation #1"), (401, "installation (unknown)"), (200, "installation #1")]


def test_a_jwt_signed_with_the_wrong_key_is_refused_with_a_clear_error(github_dataset, keys):
    _, public = keys
    wrong_private, _ = key_pair()
    with FakeGitHub(github_dataset, app_keys={APP_ID: public}) as fake:
        client = make_client(fake, auth=AppAuth(APP_ID, wrong_private, INSTALLATION))
        with pytest.raises(RequestFailed, match="installation token refused \\(401 A JSON web token could not be"):
            client.get(f"/orgs/{ORG}")
        client.close()
        assert [request.status for request in fake.requests()] == [401]  # nothing else was asked


def test_rate_limit_budgets_are_kept_per_token(github_dataset, keys):
    private, public = keys
    with FakeGitHub(github_dataset, app_keys={APP_ID: public}) as fake:
        auth = AppAuth(APP_ID, private, INSTALLATION)
        client = make_client(fake, auth=auth)
        client.get(f"/orgs/{ORG}")
        first = client.rate_remaining
        first["core"] = 0  # as if this token's hour were spent
        auth.invalidate()  # the next request mints another token, with its own budget
        client.get(f"/orgs/{ORG}")
        client.close()

    assert client.rate_remaining is not first and client.rate_remaining["core"] > 0
    assert first["core"] == 0 and len(client._budgets) == 2
    assert client.stats.rate_limit_waits == 0  # the spent budget of the old token held nothing back


@pytest.mark.django_db
def test_settings_choose_the_app_when_an_app_id_is_set(settings, keys, tmp_path):
    private, _ = keys
    settings.GITHUB_TOKEN = "personal-token"
    assert isinstance(from_settings(), TokenAuth)
    settings.GITHUB_APP_ID = APP_ID
    with pytest.raises(ImproperlyConfigured, match="GITHUB_APP_INSTALLATION_ID"):
        from_settings()
    key_file = tmp_path / "app.pem"
    key_file.write_text(private)
    settings.GITHUB_APP_INSTALLATION_ID = INSTALLATION
    settings.GITHUB_APP_PRIVATE_KEY_PATH = str(key_file)
    auth = from_settings()
    assert isinstance(auth, AppAuth) and (auth.app_id, auth.installation_id) == (APP_ID, INSTALLATION)
