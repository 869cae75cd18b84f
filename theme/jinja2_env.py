"""The Jinja2 environment of the public site's templates (``theme/jinja2``; settings ``TEMPLATES``).

The templates were Django's; the environment gives them what Django's template language gave, so a page says
the same thing in either:

- Translations are Django's, with the same msgids (``manage.py makemessages`` reads these templates too: see
  ``apps/core/management/commands/makemessages.py``). ``{% trans %}…{% endtrans %}`` is Django's
  ``{% blocktrans %}``: newstyle gettext, the text is the template's own markup, its ``{{ variables }}`` are
  escaped and are ``%(name)s`` in the msgid; ``{% pluralize %}`` is ``{% plural %}``. ``_("…")`` is
  ``{% trans "…" %}``: a plain string, escaped when printed like any other value.
- Every ``{{ value }}`` is printed as Django prints it: a datetime in the current time zone, dates and numbers
  localized (``finalize``).
- Django's filters of the same name (``date``, ``timesince``, ``truncatechars``, ``floatformat``,
  ``stringformat``, ``urlencode``, ``json_script``) replace or add to Jinja's (``timesince`` with its units'
  translations remembered, ``truncatechars`` with a shortcut for ASCII); Wagtail's ``pageurl``,
  ``slugurl``, ``richtext`` and ``include_block`` come from its extension; ``page_path`` is ``pageurl`` for a
  page read as a row (its ``url_path``).
- An undefined name prints as nothing in every environment (not ``{{ name }}`` as Jinja's debug mode would);
  an attribute of one is an error, so a template says ``{% if page and page.seo_title %}``.
- A template's trailing newline is kept, as Django keeps it.
"""

from functools import lru_cache
from pathlib import Path

import jinja2
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.autoreload import file_changed
from django.utils.text import add_truncation_text, calculate_truncate_chars_length
from django.utils.timesince import timesince as django_timesince

from theme import links, template_helpers


def gettext(message: str) -> str:
    """Django's ``gettext``, remembered per language: a page asks the same few hundred messages each time."""
    return _translated(translation.get_language(), message)


def ngettext(singular: str, plural: str, number) -> str:
    """Django's ``ngettext``, remembered per language and number."""
    return _translated_plural(translation.get_language(), singular, plural, number)


@lru_cache(maxsize=2048)
def _translated(language: str | None, message: str) -> str:
    return translation.gettext(message)  # in ``language``, the active one


@lru_cache(maxsize=2048)
def _translated_plural(language: str | None, singular: str, plural: str, number) -> str:
    return translation.ngettext(singular, plural, number)


@lru_cache(maxsize=64)
def _truncation_marker(language: str | None) -> str:
    """Django's translated truncation text ("%(truncated_text)s…"), which its ``add_truncation_text`` looks up
    again for every value it cuts (twice: the cut's length, then the text)."""
    return translation.pgettext("String to return when truncating text", "%(truncated_text)s…")


def forget_translations() -> None:
    """Drop the remembered translations (Django has dropped its own)."""
    _translated.cache_clear()
    _translated_plural.cache_clear()
    _truncation_marker.cache_clear()


@receiver(setting_changed)
def _languages_changed(setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:  # override_settings in tests
        forget_translations()


@receiver(file_changed)
def _catalogue_recompiled(file_path, **kwargs):
    if Path(file_path).suffix == ".mo":  # runserver reloads a recompiled catalogue without a restart
        forget_translations()


def url(name: str, *args, **kwargs) -> str:
    """``{% url name arg … %}``: the path of a named URL."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def available_languages() -> list[tuple[str, str]]:
    """``{% get_available_languages %}``: each language's code and its name, translated."""
    return [(code, translation.gettext(name)) for code, name in settings.LANGUAGES]


def date(value, arg=None) -> str:
    """Django's ``date`` filter, given the value in the current time zone as Django's template language does."""
    return defaultfilters.date(timezone.template_localtime(value), arg)


def truncatechars(value, length) -> str:
    """Django's ``truncatechars``, with a shortcut for ASCII text: no combining characters and nothing for NFC
        to change, so the length is ``len`` and the cut a slice, as Django's loop over every character would find
        them (a list of 840 sponsors' descriptions spent ~10 ms in that loop), and the translated truncation text
    remembered per language."""
    try:
        length = int(length)
    except (TypeError, ValueError):
        return value
    if isinstance(value, str) and value.isascii() and length > 0:
        if len(value) <= length:
            return value
        marker = _truncation_marker(translation.get_language())
        return add_truncation_text(value[: calculate_truncate_chars_length(length, marker)], marker)
    return defaultfilters.truncatechars(value, length)


class _RememberedPlural:
    """One of Django's ``timesince`` unit strings, translated through ``ngettext`` above (Django's own are
    lazy: each use resolves the language and the catalogue again, ~0.1 ms per date of a list)."""

    def __init__(self, singular: str, plural: str):
        self.singular, self.plural = singular, plural

    def __mod__(self, values: dict) -> str:
        return ngettext(self.singular, self.plural, values["num"]) % values


# Django's msgids (django.utils.timesince.TIME_STRINGS), so Django's catalogues translate them.
TIME_STRINGS = {
    "year": _RememberedPlural("%(num)d year", "%(num)d years"),
    "month": _RememberedPlural("%(num)d month", "%(num)d months"),
    "week": _RememberedPlural("%(num)d week", "%(num)d weeks"),
    "day": _RememberedPlural("%(num)d day", "%(num)d days"),
    "hour": _RememberedPlural("%(num)d hour", "%(num)d hours"),
    "minute": _RememberedPlural("%(num)d minute", "%(num)d minutes"),
}


def timesince(value, arg=None) -> str:
    """Django's ``timesince`` filter, its units translated through the remembered ``ngettext``."""
    if not value:
        return ""
    try:
        return django_timesince(value, arg or None, time_strings=TIME_STRINGS)
    except (ValueError, TypeError):
        return ""


@jinja2.pass_context
def query_replace(context, **replacements) -> str:
    """The current query string with some parameters replaced (``template_helpers.query_replace``)."""
    return template_helpers.query_replace(context["request"], **replacements)


@jinja2.pass_context
def page_path(context, url_path: str) -> str | None:
    """``pageurl`` of a page read as a row (its ``url_path``, no model instance): ``theme.links.page_paths``,
    set up once per request."""
    request = context["request"]
    try:
        paths = request._nest_page_paths
    except AttributeError:
        paths = request._nest_page_paths = links.page_paths(request)
    return paths(url_path)


def finalize(value):
    """What Django's template language prints for a value: in the current time zone, then localized."""
    if isinstance(value, str):
        return value
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize gives an int without grouping, at a tenth of its cost (heatmaps, cards)
    return formats.localize(timezone.template_localtime(value))


def environment(**options) -> jinja2.Environment:
    from theme.selectors.search import SUGGEST_MIN_LENGTH

    options.update(autoescape=True, undefined=jinja2.Undefined, keep_trailing_newline=True, finalize=finalize)
    options["extensions"] = [*options.get("extensions", ()), "jinja2.ext.i18n", "wagtail.jinja2tags.core"]
    env = jinja2.Environment(**options)  # noqa: S701 - autoescape is on
    env.install_gettext_callables(
        gettext,
        ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(
        {
            "_": gettext,  # after install_gettext_callables: a plain string, as {% trans "…" %}
            "static": static,
            "url": url,
            "get_current_language": translation.get_language,
            "available_languages": available_languages,
            "main_menu": template_helpers.main_menu,
            "absolute_static": template_helpers.absolute_static,
            "query_replace": query_replace,
            "page_path": page_path,
            "member_links": template_helpers.member_links,
            "search_min_length": SUGGEST_MIN_LENGTH,  # the header box asks for suggestions from this length
            "github_sign_in": template_helpers.github_sign_in,
        }
    )
    env.filters.update(
        {
            "date": date,
            "timesince": timesince,
            "truncatechars": truncatechars,
            "floatformat": defaultfilters.floatformat,
            "stringformat": defaultfilters.stringformat,
            "urlencode": defaultfilters.urlencode,
            "json_script": defaultfilters.json_script,
            "choice_label": template_helpers.choice_label,
            "level_badge": template_helpers.level_badge,
            "ago": template_helpers.ago,
        }
    )
    return env
