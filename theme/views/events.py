"""The events iCal feed."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from theme.ical import calendar
from theme.links import page_url, site_domain
from theme.selectors.common import clean_text
from theme.selectors.events import feed_events


@require_GET
def events_ical(request):
    category = clean_text(request.GET.get("category"))
    events = feed_events(category)
    body = calendar(
        events,
        host=site_domain(request),
        url_for=lambda event: page_url(request, event),
        name=_("OWASP events") + (f" · {category}" if category else ""),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="owasp-events.ics"'
    return response
