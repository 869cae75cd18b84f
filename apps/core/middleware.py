"""Request guards and response headers shared by the whole site, admin and APIs."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.middleware import csp
from django.shortcuts import render
from django.utils.csp import CSP
from django.utils.module_loading import import_string

from apps.core.services import rate_limit


class RejectNulPathMiddleware:
    """A NUL byte in the URL path names nothing: not found, before any view passes it to PostgreSQL (whose
    text cannot hold one). Query parameters are left to the views, which report bad filters on the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            raise Http404("NUL byte in the path")
        return self.get_response(request)


class SignInRateLimitMiddleware:
    """Sign-in attempts (POSTs) to the admins' login forms (``NEST_SIGN_IN_PATHS``: Wagtail's and Django's),
    counted per client address at ``NEST_SIGN_IN_RATE``; over it, a 429 page that says when to try again
    (with Retry-After) before the password is checked. allauth limits its own /accounts/login/
    (``ACCOUNT_RATE_LIMITS``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in settings.NEST_SIGN_IN_PATHS:
            verdict = rate_limit.allow("sign-in", rate_limit.client_address(request), settings.NEST_SIGN_IN_RATE)
            if not verdict.allowed:
                response = render(request, "429.html", {"retry_after": verdict.retry_after}, status=429)
                response["Retry-After"] = str(verdict.retry_after)
                return response
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's Content-Security-Policy middleware, with the paths of ``NEST_CSP_BY_PATH`` (Wagtail's admin,
    GraphiQL) under their own policy unless their view chose one; every other response gets ``SECURE_CSP``.

    A view that writes its own header keeps it, with ``frame-ancestors`` added when it has none: Wagtail's document
    view sends ``default-src 'none'`` (a downloaded file runs nothing), which does not govern framing."""

    def process_response(self, request, response):
        if not hasattr(response, "_csp_config"):
            for prefix, policy in settings.NEST_CSP_BY_PATH.items():
                if request.path.startswith(prefix):
                    response._csp_config = import_string(policy)() if isinstance(policy, str) else policy
                    break
        response = super().process_response(request, response)
        policy = response.get("Content-Security-Policy")
        if policy and "frame-ancestors" not in policy:
            ancestors = " ".join(settings.SECURE_CSP["frame-ancestors"])
            response["Content-Security-Policy"] = f"{policy.rstrip('; ')}; frame-ancestors {ancestors}"
        return response


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL (a Content-Security-Policy source)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def sign_in_policy() -> dict:
    """The site's policy, its forms also allowed to end on GitHub's authorize page (``GITHUB_OAUTH_AUTHORIZE_URL``):
    "Sign in with GitHub" posts to the site, which redirects there."""
    return {**settings.SECURE_CSP, "form-action": [CSP.SELF, origin(settings.GITHUB_OAUTH_AUTHORIZE_URL)]}
