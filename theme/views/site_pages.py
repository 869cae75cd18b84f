"""Sponsors and about: pages made from data, not edited in Wagtail."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from theme.cache import cached, depends_on
from theme.cache_groups import ABOUT, SPONSORS
from theme.selectors import site


@require_GET
def sponsors(request):
    depends_on(request, SPONSORS)
    return render(request, "theme/sponsors.html", site.sponsors_by_tier())


@require_GET
def about(request):
    depends_on(request, ABOUT)
    return render(request, "theme/about.html", {"sources": cached("about-sources", site.data_sources, groups=[ABOUT])})
