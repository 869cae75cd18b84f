"""Request guards and response headers shared by the whole site, admin and APIs."""

from django.conf import settings
from django.http import Http404
from django.middleware import csp


class RejectNulPathMiddleware:
    """A NUL byte in the URL path names nothing: not found, before any view passes it to PostgreSQL (whose
    text cannot hold one). Query parameters are left to the views, which report bad filters on the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            raise Http404("NUL byte in the path")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's Content-Security-Policy middleware, with the editors' admin under its own policy.

    Responses under ``NEST_ADMIN_CSP_PREFIXES`` get ``NEST_ADMIN_CSP`` (Wagtail's admin needs a looser one)
    unless their view chose a policy itself; every other response gets ``SECURE_CSP``.
    """

    def process_response(self, request, response):
        if request.path.startswith(tuple(settings.NEST_ADMIN_CSP_PREFIXES)) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.NEST_ADMIN_CSP
        return super().process_response(request, response)
