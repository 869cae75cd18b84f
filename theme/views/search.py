"""Search on the site: the results page with its facets, and the header box's suggestions (an HTML fragment).

Both are limited per client address (``NEST_SEARCH_RATE``, ``NEST_SEARCH_AS_YOU_TYPE_RATE``): over the limit, a
429 that says when to search again, with Retry-After. A page the page cache answers never reaches the view and
is not counted: it costs no search."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.core.services import rate_limit
from theme.cache import depends_on, describe_page
from theme.selectors.search import GROUPS, results_page, suggestions, type_label, value_label


def _over_limit(request, scope: str, rate: str) -> int:
    """Seconds until ``request``'s client may search again in ``scope``; 0 while within the rate."""
    verdict = rate_limit.allow(scope, rate_limit.client_address(request), rate)
    return 0 if verdict.allowed else verdict.retry_after


@require_GET
def search_page(request):
    if retry_after := _over_limit(request, "search", settings.NEST_SEARCH_RATE):
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    depends_on(request, *GROUPS)
    found = results_page(request.GET)
    describe_page(request, found.parameters)
    context = {"search": found, "search_query": found.query, "type_label": type_label, "value_label": value_label}
    return render(request, "theme/search.html", context, status=200 if found.valid else 400)


@require_GET
def search_suggestions(request):
    if retry_after := _over_limit(request, "search-as-you-type", settings.NEST_SEARCH_AS_YOU_TYPE_RATE):
        message = _("Too many searches in a short time. Please try again in %(seconds)s seconds.") % {
            "seconds": retry_after
        }
        body = render_to_string("theme/search_rate_limited.html", {"message": message})
        return HttpResponse(body, status=429, headers={"Retry-After": str(retry_after)})
    depends_on(request, *GROUPS)
    found = suggestions(request.GET)
    describe_page(request, found.parameters)
    # A fragment inside a page, not a page: rendered without the context processors, whose values only the
    # page frame shows (the GitHub status and the demo marker cost a cache read, or queries when not cached).
    context = {"found": found, "type_label": type_label, "request": request}
    body = render_to_string("theme/search_suggestions.html", context)
    return HttpResponse(body, status=200 if found.valid else 400)
