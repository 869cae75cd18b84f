"""API keys through their service: made, shown once, stored hashed, checked, revoked, expired, capped."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.models import ApiKey
from apps.core.services import api_keys
from apps.core.services.api_keys import ApiKeyError, Rejection
from tests.factories import make_account, make_api_key

pytestmark = pytest.mark.django_db


def test_a_new_key_is_returned_once_and_only_its_hash_is_stored():
    account = make_account()

    created = api_keys.create_api_key(account, name="ci job", expires_at=timezone.now() + timedelta(days=10))

    assert created.plain.startswith(f"nest_{created.key.prefix}_")
    assert len(created.plain) > 50
    row = ApiKey.objects.get(pk=created.key.pk)
    assert row.secret_hash == hashlib.sha256(created.plain.encode()).hexdigest()
    secret = created.plain[len(f"nest_{created.key.prefix}_") :]
    # Whatever the column, no value in the table holds the key or its secret part.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_apikey WHERE id = %s", [row.pk])
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert created.plain not in stored
    assert secret not in stored
    # Nothing on the model gives the key back.
    assert created.plain not in repr(vars(row))


def test_the_key_authenticates_its_owner_and_records_its_use():
    account = make_account()
    key, plain = make_api_key(account)
    assert key.last_used_at is None

    check = api_keys.authenticate_api_key(plain)

    assert check.rejection is None
    assert check.user == account
    assert check.key.pk == key.pk
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute():
    account = make_account()
    _, plain = make_api_key(account)
    now = timezone.now()

    api_keys.authenticate_api_key(plain, now=now)
    api_keys.authenticate_api_key(plain, now=now + timedelta(seconds=30))
    assert ApiKey.objects.get().last_used_at == now

    api_keys.authenticate_api_key(plain, now=now + timedelta(seconds=61))
    assert ApiKey.objects.get().last_used_at == now + timedelta(seconds=61)


def test_a_revoked_key_is_refused_as_revoked():
    account = make_account()
    key, plain = make_api_key(account)

    api_keys.revoke_api_key(account, key.pk)
    check = api_keys.authenticate_api_key(plain)

    assert check.rejection == Rejection.REVOKED
    assert check.user is None
    assert "revoked" in check.message
    key.refresh_from_db()
    assert key.status() == ApiKey.Status.REVOKED
    assert not api_keys.active_api_keys(account).exists()
    assert list(api_keys.api_keys(account)) == [key]  # still listed


def test_an_expired_key_is_refused_as_expired():
    account = make_account()
    key, plain = make_api_key(account, days=1)

    check = api_keys.authenticate_api_key(plain, now=key.expires_at + timedelta(seconds=1))

    assert check.rejection == Rejection.EXPIRED
    assert check.user is None
    assert "expired" in check.message
    assert key.status(now=key.expires_at) == ApiKey.Status.EXPIRED


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not-a-key",
        "nest_",
        "nest_zzzzzzzz_secret",  # not a hex prefix
        "nest_0123abcd_" + "x" * 43,  # well formed, never made
        "nest_0123abcd" + "x" * 300,  # too long to be one
    ],
)
def test_unknown_or_malformed_keys_are_refused_as_unknown(raw):
    check = api_keys.authenticate_api_key(raw)

    assert check.rejection == Rejection.UNKNOWN
    assert check.key is None
    assert "Unknown API key" in check.message


def test_a_known_prefix_with_a_wrong_secret_is_unknown():
    account = make_account()
    key, plain = make_api_key(account)
    forged = f"nest_{key.prefix}_" + "A" * 43
    assert forged != plain

    check = api_keys.authenticate_api_key(forged)

    assert check.rejection == Rejection.UNKNOWN
    assert check.key is None  # the real key's row is not revealed


def test_a_disabled_account_s_key_is_refused():
    account = make_account()
    _, plain = make_api_key(account)
    account.is_active = False
    account.save()

    assert api_keys.authenticate_api_key(plain).rejection == Rejection.INACTIVE_USER


def test_the_cap_on_active_keys_holds_and_frees_a_place_on_revoke(settings):
    settings.NEST_API_KEYS_PER_USER = 3
    account = make_account()
    keys = [make_api_key(account, name=f"key {n}")[0] for n in range(3)]

    with pytest.raises(ApiKeyError, match="already have 3 active keys"):
        make_api_key(account, name="one too many")
    assert ApiKey.objects.of(account).count() == 3

    api_keys.revoke_api_key(account, keys[0].pk)
    make_api_key(account, name="in its place")
    assert api_keys.active_api_keys(account).count() == 3
    # Another account has its own allowance.
    make_api_key(make_account(), name="someone else's")


def test_expired_keys_do_not_count_against_the_cap(settings):
    settings.NEST_API_KEYS_PER_USER = 1
    account = make_account()
    key, _ = make_api_key(account)
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    make_api_key(account, name="replacement")

    assert api_keys.active_api_keys(account).count() == 1


@pytest.mark.parametrize(
    ("name", "expires_in", "message"),
    [
        ("late", timedelta(days=366), "at most 365 days"),
        ("past", timedelta(seconds=-1), "in the future"),
        ("now", timedelta(0), "in the future"),
        ("   ", timedelta(days=1), "Give the key a name"),
        ("x" * 101, timedelta(days=1), "at most 100 characters"),
    ],
)
def test_keys_need_a_name_and_an_expiry_within_the_maximum_lifetime(settings, name, expires_in, message):
    settings.NEST_API_KEY_MAX_DAYS = 365
    account = make_account()
    now = timezone.now()

    with pytest.raises(ApiKeyError, match=message):
        api_keys.create_api_key(account, name=name, expires_at=now + expires_in, now=now)
    assert not ApiKey.objects.of(account).exists()


def test_the_longest_lifetime_is_accepted(settings):
    settings.NEST_API_KEY_MAX_DAYS = 30
    now = timezone.now()

    created = api_keys.create_api_key(make_account(), name="max", expires_at=now + timedelta(days=30), now=now)

    assert created.key.expires_at == now + timedelta(days=30)
    assert api_keys.latest_expiry(now) == now + timedelta(days=30)


def test_a_naive_expiry_is_refused():
    with pytest.raises(ApiKeyError, match="time zone"):
        api_keys.create_api_key(make_account(), name="naive", expires_at=timezone.now().replace(tzinfo=None))


def test_a_user_cannot_revoke_someone_else_s_key():
    owner, other = make_account(), make_account()
    key, plain = make_api_key(owner)

    with pytest.raises(ApiKeyError, match="no such key"):
        api_keys.revoke_api_key(other, key.pk)

    assert api_keys.authenticate_api_key(plain).user == owner


def test_revoking_twice_keeps_the_first_revocation_time():
    account = make_account()
    key, _ = make_api_key(account)
    first = api_keys.revoke_api_key(account, key.pk).revoked_at

    again = api_keys.revoke_api_key(account, key.pk, now=first + timedelta(hours=1))

    assert again.revoked_at == first
    key.refresh_from_db()
    assert key.revoked_at == first


def test_the_default_expiry_never_exceeds_the_maximum(settings):
    settings.NEST_API_KEY_DEFAULT_DAYS, settings.NEST_API_KEY_MAX_DAYS = 90, 30
    now = timezone.now()

    assert api_keys.default_expiry(now) == now + timedelta(days=30)


def test_staff_see_keys_without_their_secret_and_revoke_them_in_the_admin(client):
    owner = make_account("owner")
    key, plain = make_api_key(owner, name="leaked")
    client.force_login(make_account("staff", is_staff=True, is_superuser=True))

    listing = client.get("/django-admin/core/apikey/")
    assert listing.status_code == 200
    assert "leaked" in listing.content.decode()
    detail = client.get(f"/django-admin/core/apikey/{key.pk}/change/").content.decode()
    assert key.secret_hash not in detail and plain not in detail
    assert client.get("/django-admin/core/apikey/add/").status_code == 403

    client.post("/django-admin/core/apikey/", {"action": "revoke", "_selected_action": [key.pk]})

    assert api_keys.authenticate_api_key(plain).rejection == Rejection.REVOKED
