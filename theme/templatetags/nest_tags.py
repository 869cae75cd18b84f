"""Small presentation helpers for the public site's templates (no queries here)."""

from django import template
from django.templatetags.static import static
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

register = template.Library()

MENU = [
    ("/projects/", _("Projects")),
    ("/chapters/", _("Chapters")),
    ("/committees/", _("Committees")),
    ("/events/", _("Events")),
    ("/contribute/", _("Contribute")),
    ("/sponsors/", _("Sponsors")),
    ("/about/", _("About")),
]

# ProjectPage.level values (cms) -> badge style.
LEVEL_BADGES = {"flagship": "badge-flagship", "production": "badge-production", "lab": "badge-lab"}


@register.simple_tag
def main_menu(request):
    """The header's sections, the one holding the current path marked current."""
    path = getattr(request, "path", "")
    return [{"url": url, "label": label, "current": path.startswith(url)} for url, label in MENU]


@register.simple_tag
def absolute_static(request, path):
    """An absolute URL of a static file (OpenGraph images must be absolute)."""
    url = static(path)
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def level_badge(level):
    """CSS class of a project level badge."""
    return LEVEL_BADGES.get(
        str(level).lower(), "badge-incubator" if str(level).lower() == "incubator" else "badge-other"
    )


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (empty values removed); for pagination and sorting."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in kwargs else None
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def ago(value):
    """How long ago, in its largest unit only ("2 hours"), in the visitor's language."""
    return timesince(value, depth=1) if value else ""
