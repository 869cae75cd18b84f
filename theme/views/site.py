"""Site-wide views: robots.txt, security.txt, the language switch, the error pages."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET

ROBOTS = """User-agent: *
Disallow: /cms/
Disallow: /django-admin/
Disallow: /api/
Disallow: /graphql/
Disallow: /lang/
Disallow: /accounts/
Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request):
    return HttpResponse(ROBOTS.format(sitemap=request.build_absolute_uri("/sitemap.xml")), content_type="text/plain")


@require_GET
def security_txt(request):
    """``/.well-known/security.txt`` (RFC 9116): whom to tell about a vulnerability (``NEST_SECURITY_CONTACTS``),
    in which languages, the disclosure policy when there is one, and an Expires ``NEST_SECURITY_TXT_DAYS`` ahead of
    today (midnight UTC, so the file is the same all day). Without a contact there is no file: Contact is the one
    field RFC 9116 requires, and ``check --deploy`` says it is missing (apps.core.checks)."""
    contacts = settings.NEST_SECURITY_CONTACTS
    if not contacts:
        raise Http404("no security contact is configured (NEST_SECURITY_CONTACTS)")
    today = datetime.combine(datetime.now(UTC).date(), time(), tzinfo=UTC)
    expires = today + timedelta(days=settings.NEST_SECURITY_TXT_DAYS)
    site = settings.NEST_SITE_URL.rstrip("/") or request.build_absolute_uri("/").rstrip("/")
    lines = [f"Contact: {contact}" for contact in contacts]
    lines.append(f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}")
    lines.append("Preferred-Languages: " + ", ".join(code for code, _name in settings.LANGUAGES))
    lines.append(f"Canonical: {site}/.well-known/security.txt")
    if settings.NEST_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.NEST_SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def set_language(request, code):
    """Remember the visitor's language in a cookie and go back (a GET link, so pages carry no CSRF token)."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no queries: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
