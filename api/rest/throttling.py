"""Rate limits of the APIs, counted in the Redis cache (DRF's throttles over the default cache).

Anonymous requests are counted per client address at ``NEST_API_RATE_ANONYMOUS``; requests authenticated by an
API key, a JWT or a session are counted per user at the higher ``NEST_API_RATE_AUTHENTICATED`` (so one user's
keys share one budget). The token endpoint adds ``NEST_API_RATE_TOKEN`` per address against password guessing.
Over the limit: 429 with Retry-After (DRF's exception handler sets it from ``wait()``).

The rates are read from settings on each request (DRF's own throttles read them once, at import), so the
environment and the tests' ``override_settings`` both apply. If the cache cannot be reached, requests are let
through: a cache outage must not take the API down.
"""

import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class _SettingsRateThrottle(SimpleRateThrottle):
    rate_setting = ""

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is unreachable
            logger.warning("API throttle %s: cache unavailable, request let through", self.scope, exc_info=True)
            return True


class AnonymousRateThrottle(_SettingsRateThrottle):
    scope = "anonymous"
    rate_setting = "NEST_API_RATE_ANONYMOUS"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthenticatedRateThrottle(_SettingsRateThrottle):
    scope = "authenticated"
    rate_setting = "NEST_API_RATE_AUTHENTICATED"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TokenRateThrottle(_SettingsRateThrottle):
    """Every request to obtain a token, per client address, whoever it claims to be."""

    scope = "token"
    rate_setting = "NEST_API_RATE_TOKEN"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AiRateThrottle(_SettingsRateThrottle):
    """Questions to the AI endpoints, per user when authenticated, else per client address."""

    scope = "ai"
    rate_setting = "NEST_API_RATE_AI"

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
