"""Contribute: open issues a newcomer can take across every OWASP repository."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from theme.cache import depends_on
from theme.cache_groups import CONTRIBUTE
from theme.selectors.contribute import contribute_feed


@require_GET
def contribute(request):
    depends_on(request, CONTRIBUTE)
    return render(request, "theme/contribute.html", {"feed": contribute_feed(request.GET)})
