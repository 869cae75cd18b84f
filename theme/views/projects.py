"""Search as you type on the projects list: an HTML fragment of the best matches."""

from django.shortcuts import render
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
    context = {"projects": found.projects, "form": found.filter.form}
    return render(request, "theme/project_suggestions.html", context, status=status)
