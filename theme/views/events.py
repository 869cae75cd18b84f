"""The events iCal feed."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from theme.cache import depends_on, describe_page
from theme.cache_groups import EVENTS
from theme.ical import calendar
from theme.links import page_urls, site_domain
from theme.selectors.events import feed_events


@require_GET
def events_ical(request):
    depends_on(request, EVENTS)
    feed = feed_events(request.GET)
    describe_page(request, feed.parameters)
    if not feed.filter.is_valid():
        return HttpResponse(invalid_parameters(feed.filter.form), status=400, content_type="text/plain; charset=utf-8")
    body = calendar(
        feed.events,
        host=site_domain(request),
        url_for=page_urls(request),
        name=_("OWASP events") + (f" · {feed.category}" if feed.category else ""),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="owasp-events.ics"'
    return response


def invalid_parameters(form) -> str:
    """A plain-text account of a FilterSet form's errors: one line per field."""
    lines = [_("Some parameters are not valid:")]
    for field in form:
        lines += [f"{field.label}: {error}" for error in field.errors]
    return "\n".join(lines) + "\n"
