"""Small presentation helpers the site's templates call (theme/jinja2_env.py hands them over; no queries here
except ``member_links``, which asks the GitHub domain)."""

from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from apps.github.services.leaders import with_member_logins

MENU = [
    ("/projects/", _("Projects")),
    ("/chapters/", _("Chapters")),
    ("/committees/", _("Committees")),
    ("/events/", _("Events")),
    ("/contribute/", _("Contribute")),
    ("/ask/", _("Ask")),
    ("/sponsors/", _("Sponsors")),
    ("/about/", _("About")),
]

# ProjectPage.level values (cms) -> badge style.
LEVEL_BADGES = {"flagship": "badge-flagship", "production": "badge-production", "lab": "badge-lab"}


def main_menu(request) -> list[dict]:
    """The header's sections, the one holding the current path marked current."""
    path = getattr(request, "path", "")
    return [{"url": url, "label": label, "current": path.startswith(url)} for url, label in MENU]


def absolute_static(request, path: str) -> str:
    """An absolute URL of a static file (OpenGraph images must be absolute)."""
    url = static(path)
    return request.build_absolute_uri(url) if request is not None else url


def level_badge(level) -> str:
    """CSS class of a project level badge."""
    level = str(level).lower()
    return LEVEL_BADGES.get(level, "badge-incubator" if level == "incubator" else "badge-other")


def choice_label(instance, field_name: str):
    """The label of a field's choice, as ``get_<field>_display()`` gives it (the value itself when it is no
    choice), without rebuilding and translating every choice of the field on each call as that does: what a
    card in a list asks."""
    value = getattr(instance, field_name)
    return _choice_labels(instance._meta.get_field(field_name)).get(value, value)


@cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)  # lazy labels: translated when printed, in the visitor's language


def query_replace(request, **replacements) -> str:
    """The current query string with some parameters replaced (empty values removed), for pagination and
    sorting links; any other change drops ``page`` (a new filter starts on page 1)."""
    params = request.GET.copy()
    for key, value in replacements.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in replacements:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def ago(value) -> str:
    """How long ago, in its largest unit only ("2 hours"), in the visitor's language."""
    return timesince(value, depth=1) if value else ""


def member_links(leaders) -> list:
    """The leaders with ``member_login`` (their member page's login, or None): what the leaders include links
    by. Leaders from ``page_leaders`` have it already and cost no query."""
    return with_member_logins(leaders or [])


def github_sign_in() -> bool:
    """Whether the site offers sign-in with GitHub (an OAuth app is configured)."""
    return bool(settings.GITHUB_OAUTH_CLIENT_ID)
