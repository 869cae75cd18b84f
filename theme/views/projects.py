"""Search as you type on the projects list: an HTML fragment of the best matches."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from theme.selectors.projects import suggestions


@require_GET
def project_suggestions(request):
    return render(request, "theme/project_suggestions.html", {"projects": suggestions(request.GET.get("q", ""))})
