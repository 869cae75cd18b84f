"""Search on the site: the results page with its facets, and the header box's suggestions (an HTML fragment)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from theme.cache import depends_on, describe_page
from theme.selectors.search import GROUPS, results_page, suggestions, type_label, value_label


@require_GET
def search_page(request):
    depends_on(request, *GROUPS)
    found = results_page(request.GET)
    describe_page(request, found.parameters)
    context = {"search": found, "search_query": found.query, "type_label": type_label, "value_label": value_label}
    return render(request, "theme/search.html", context, status=200 if found.valid else 400)


@require_GET
def search_suggestions(request):
    depends_on(request, *GROUPS)
    found = suggestions(request.GET)
    describe_page(request, found.parameters)
    # A fragment inside a page, not a page: rendered without the context processors, whose values only the
    # page frame shows (the GitHub status and the demo marker cost a cache read, or queries when not cached).
    context = {"found": found, "type_label": type_label, "request": request}
    body = render_to_string("theme/search_suggestions.html", context)
    return HttpResponse(body, status=200 if found.valid else 400)
