"""Search as you type on the projects list: an HTML fragment of the best matches."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from theme.cache import depends_on, describe_page
from theme.cache_groups import PROJECTS
from theme.selectors.projects import suggestions


@require_GET
def project_suggestions(request):
    depends_on(request, PROJECTS)
    found = suggestions(request.GET)
    describe_page(request, found.parameters)
    status = 200 if found.filter.is_valid() else 400
    # A fragment inside a page, not a page: rendered without the context processors, whose values only the
    # page frame shows (the GitHub status and the demo marker each cost a query when not cached). The request
    # is in the context for ``pageurl``.
    context = {"projects": found.projects, "form": found.filter.form, "request": request}
    return HttpResponse(render_to_string("theme/project_suggestions.html", context), status=status)
