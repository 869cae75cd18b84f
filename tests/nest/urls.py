"""The site's URLconf plus two views only tests need: one that fails, one with a nonce'd inline script."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from nest.urls import handler404, handler500
from nest.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

INLINE_SCRIPT = Template('<!DOCTYPE html><title>x</title><script nonce="{{ csp_nonce }}">window.ok = 1</script>')


def failing_view(request):
    raise RuntimeError("a bug in a view: secret-settings-value")


def inline_script_view(request):
    return HttpResponse(INLINE_SCRIPT.render(RequestContext(request)))


urlpatterns = [
    path("test-failure/", failing_view),
    path("test-inline-script/", inline_script_view),
    *site_urlpatterns,
]
