"""Rate limits in Redis: anonymous clients get the lower rate, key and token holders the higher one; over the
limit, 429 with Retry-After, on REST and GraphQL alike."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.factories import make_account, make_api_key

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.auth.urls")]

WHOAMI = "/api/v0/test-whoami/"
SMALL_RATES = override_settings(NEST_API_RATE_ANONYMOUS="3/minute", NEST_API_RATE_AUTHENTICATED="6/minute")


def statuses(client, count, **headers):
    return [client.get(WHOAMI, headers=headers).status_code for _ in range(count)]


@SMALL_RATES
def test_anonymous_clients_are_limited_per_address_with_retry_after(client_address):
    client = Client(REMOTE_ADDR=client_address)

    assert statuses(client, 3) == [200, 200, 200]
    refused = client.get(WHOAMI)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower()
    # Counted in the cache (Redis), under the client's address.
    assert len(cache.get(f"throttle_anonymous_{client_address}")) == 3
    # Another address has its own allowance.
    assert Client(REMOTE_ADDR=client_address.rsplit(".", 1)[0] + ".251").get(WHOAMI).status_code == 200
    cache.delete(f"throttle_anonymous_{client_address.rsplit('.', 1)[0]}.251")


@SMALL_RATES
def test_a_key_holder_gets_the_higher_rate_from_the_same_address(client_address):
    client = Client(REMOTE_ADDR=client_address)
    account = make_account()
    _, plain = make_api_key(account)
    assert statuses(client, 4) == [200, 200, 200, 429]  # the address is spent for anonymous requests

    assert statuses(client, 7, **{"X-API-Key": plain}) == [200] * 6 + [429]

    refused = client.get(WHOAMI, headers={"X-API-Key": plain})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    cache.delete(f"throttle_authenticated_{account.pk}")


@SMALL_RATES
def test_one_user_s_keys_share_one_allowance(client_address):
    account = make_account()
    (_, first), (_, second) = make_api_key(account, name="one"), make_api_key(account, name="two")
    client = Client(REMOTE_ADDR=client_address)

    assert statuses(client, 6, **{"X-API-Key": first}) == [200] * 6
    assert statuses(client, 1, **{"X-API-Key": second}) == [429]
    cache.delete(f"throttle_authenticated_{account.pk}")


@SMALL_RATES
def test_graphql_is_limited_the_same_way(client_address):
    client = Client(REMOTE_ADDR=client_address)
    query = {"query": "{ siteName }"}

    answers = [client.post("/graphql/", query, content_type="application/json") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["errors"][0]["extensions"]["code"] == "throttled"


@override_settings(NEST_API_RATE_TOKEN="2/minute")
def test_the_token_endpoint_has_its_own_stricter_limit(client_address):
    client = Client(REMOTE_ADDR=client_address)
    body = {"username": "nobody", "password": "guess"}

    codes = [client.post("/api/v0/auth/token/", body, content_type="application/json").status_code for _ in range(3)]

    assert codes == [401, 401, 429]
    # Other API requests from the address are still served.
    assert client.get(WHOAMI).status_code == 200


def test_a_cache_outage_lets_requests_through(client_address, settings):
    # All through the ``settings`` fixture: mixed with an override_settings decorator, the two would put each
    # other's settings back in the wrong order and leak the small rates into later tests.
    settings.NEST_API_RATE_ANONYMOUS = "3/minute"
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = Client(REMOTE_ADDR=client_address)

    assert statuses(client, 4) == [200] * 4
