"""Sponsors and about: pages made from data, not edited in Wagtail."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from theme.cache import cached, depends_on
from theme.cache_groups import ABOUT, SPONSORS
from theme.context_processors import github_status_of
from theme.selectors import site


@require_GET
def sponsors(request):
    depends_on(request, SPONSORS)
    return render(request, "theme/sponsors.html", site.sponsors_by_tier())


@require_GET
def about(request):
    depends_on(request, ABOUT)
    status = github_status_of(request)
    sources = cached("about-sources", lambda: site.data_sources(status), groups=[ABOUT])
    return render(request, "theme/about.html", {"sources": sources})
