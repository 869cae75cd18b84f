"""API keys: made, listed and revoked by their owner, checked on each API request.

A key reads ``nest_<prefix>_<secret>``: the prefix (8 hex characters) is public and finds the row, the secret is
32 random bytes. Only the SHA-256 of the whole key is stored, so the database never holds a usable key; a
high-entropy random key needs no slow, salted hash. The plain key exists once, in what ``create_api_key``
returns, for the page that shows it to its owner.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.core.models import ApiKey

KEY_START = "nest_"
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = ApiKey._meta.get_field("name").max_length
# The longest header value looked at: a real key is 57 characters; anything much longer is not one.
RAW_MAX_LENGTH = 200
# last_used_at is written at most this often per key, so a busy key does not write on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiKeyError(ValueError):
    """A key that cannot be made or changed; the message says why, for the person asking."""


class Rejection(StrEnum):
    """Why a key sent with a request does not authenticate it."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    INACTIVE_USER = "inactive_user"


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    plain: str  # the only copy: shown once, never stored


@dataclass(frozen=True)
class KeyCheck:
    """The outcome of ``authenticate_api_key``: the key (when one matched) and, when refused, why."""

    key: ApiKey | None
    rejection: Rejection | None = None

    @property
    def user(self):
        return self.key.user if self.key is not None and self.rejection is None else None

    @property
    def message(self) -> str:
        if self.rejection is None:
            return ""
        if self.rejection == Rejection.REVOKED:
            return _("This API key was revoked on %(date)s.") % {"date": _when(self.key.revoked_at)}
        if self.rejection == Rejection.EXPIRED:
            return _("This API key expired on %(date)s.") % {"date": _when(self.key.expires_at)}
        if self.rejection == Rejection.INACTIVE_USER:
            return _("This API key belongs to a disabled account.")
        return _("Unknown API key: no key matches the X-API-Key header.")


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i e")


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def max_lifetime() -> timedelta:
    return timedelta(days=settings.NEST_API_KEY_MAX_DAYS)


def default_expiry(now: datetime | None = None) -> datetime:
    """When a new key expires unless its owner picks another date."""
    days = min(settings.NEST_API_KEY_DEFAULT_DAYS, settings.NEST_API_KEY_MAX_DAYS)
    return (now or timezone.now()) + timedelta(days=days)


def latest_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + max_lifetime()


def api_keys(user) -> QuerySet[ApiKey]:
    """All of the user's keys, newest first: active, revoked and expired."""
    return ApiKey.objects.of(user)


def active_api_keys(user, now: datetime | None = None) -> QuerySet[ApiKey]:
    return ApiKey.objects.of(user).active(now)


def create_api_key(user, *, name: str, expires_at: datetime, now: datetime | None = None) -> CreatedKey:
    """Make a key for ``user``, expiring at ``expires_at`` (in the future, within the maximum lifetime), while
    the user has fewer than ``NEST_API_KEYS_PER_USER`` active keys. Raises ApiKeyError otherwise."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name:
        raise ApiKeyError(_("Give the key a name, so that you can tell it from your other keys."))
    if len(name) > NAME_MAX_LENGTH:
        raise ApiKeyError(_("A key's name has at most %(n)d characters.") % {"n": NAME_MAX_LENGTH})
    if expires_at is None:
        raise ApiKeyError(_("A key needs an expiry date."))
    if timezone.is_naive(expires_at):
        raise ApiKeyError(_("The expiry needs a time zone."))
    if expires_at <= now:
        raise ApiKeyError(_("The expiry must be in the future."))
    if expires_at > latest_expiry(now):
        raise ApiKeyError(
            _("A key lives at most %(days)d days: pick an expiry on or before %(date)s.")
            % {"days": settings.NEST_API_KEY_MAX_DAYS, "date": _when(latest_expiry(now))}
        )
    with transaction.atomic():
        # One user's concurrent requests queue here, so the cap holds.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        cap = settings.NEST_API_KEYS_PER_USER
        if ApiKey.objects.of(user).active(now).count() >= cap:
            raise ApiKeyError(
                _("You already have %(cap)d active keys, the most allowed: revoke one before making another.")
                % {"cap": cap}
            )
        for _attempt in range(5):
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            plain = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
            try:
                with transaction.atomic():
                    key = ApiKey.objects.create(
                        user=user,
                        name=name,
                        prefix=prefix,
                        secret_hash=hash_key(plain),
                        created_at=now,
                        expires_at=expires_at,
                    )
                return CreatedKey(key=key, plain=plain)
            except IntegrityError:  # the prefix is taken (1 in 4 billion): draw another
                continue
    raise ApiKeyError(_("No key could be made; try again."))  # pragma: no cover - five prefix collisions


def revoke_api_key(user, key_id: int, now: datetime | None = None) -> ApiKey:
    """Revoke one of the user's own keys (revoking a revoked key changes nothing). Raises ApiKeyError when the
    user has no such key."""
    key = ApiKey.objects.of(user).filter(pk=key_id).first()
    if key is None:
        raise ApiKeyError(_("You have no such key."))
    if key.revoked_at is None:
        key.revoked_at = now or timezone.now()
        revoke_keys(ApiKey.objects.filter(pk=key.pk), now=key.revoked_at)
    return key


def revoke_keys(keys: QuerySet[ApiKey], now: datetime | None = None) -> int:
    """Revoke the keys among ``keys`` that are not revoked yet (staff, in the admin); how many were."""
    return keys.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())


def _parse(raw: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    if not raw.startswith(KEY_START) or len(raw) > RAW_MAX_LENGTH:
        return None
    rest = raw[len(KEY_START) :]
    prefix, separator, secret = rest[:PREFIX_LENGTH], rest[PREFIX_LENGTH : PREFIX_LENGTH + 1], rest[PREFIX_LENGTH + 1 :]
    if separator != "_" or not secret or any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def authenticate_api_key(raw: str, now: datetime | None = None) -> KeyCheck:
    """Check a key sent with a request: its user when it is known, unrevoked, unexpired and its account active;
    otherwise why not. Records when the key was last used."""
    now = now or timezone.now()
    prefix = _parse((raw or "").strip())
    if prefix is None:
        return KeyCheck(key=None, rejection=Rejection.UNKNOWN)
    key = ApiKey.objects.select_related("user").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.secret_hash, hash_key(raw.strip())):
        return KeyCheck(key=None, rejection=Rejection.UNKNOWN)
    if key.revoked_at is not None:
        return KeyCheck(key=key, rejection=Rejection.REVOKED)
    if key.expires_at <= now:
        return KeyCheck(key=key, rejection=Rejection.EXPIRED)
    if not key.user.is_active:
        return KeyCheck(key=key, rejection=Rejection.INACTIVE_USER)
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        key.last_used_at = now
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return KeyCheck(key=key)
