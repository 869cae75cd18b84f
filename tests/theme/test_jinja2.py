"""The site's Jinja2 environment says what Django's template language said: the same translations (French
plurals included), values printed and escaped as Django prints them, choice labels as ``get_<field>_display``."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation
from django.utils.autoreload import file_changed

from cms.models import ProjectLevel, ProjectPage, ProjectType
from theme import jinja2_env

CONTRIBUTORS = "{% trans n=n %}{{ n }} contributor{% pluralize %}{{ n }} contributors{% endtrans %}"


@pytest.fixture(scope="module")
def jinja():
    return engines["jinja2"]


def render(jinja, source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return jinja.from_string(source).render(context)


@pytest.mark.parametrize(
    ("n", "french"),
    [(0, "0 contributeur"), (1, "1 contributeur"), (2, "2 contributeurs"), (40, "40 contributeurs")],
)
def test_a_plural_is_translated_into_french_by_the_french_rule(jinja, n, french):
    assert render(jinja, CONTRIBUTORS, "fr", n=n) == french  # French: 0 and 1 are singular


def test_a_plural_in_english_follows_the_count(jinja):
    assert [render(jinja, CONTRIBUTORS, n=n) for n in (1, 2)] == ["1 contributor", "2 contributors"]


def test_a_trans_block_keeps_its_markup_and_escapes_its_variables(jinja):
    source = '{% trans place=place %}Chapters nearest to {{ place }}{% endtrans %} <a href="?">x</a>'

    assert render(jinja, source, "fr", place="<Lyon>") == 'Chapitres les plus proches de &lt;Lyon&gt; <a href="?">x</a>'


def test_a_trans_block_with_markup_in_its_msgid_is_translated_with_it(jinja):
    source = (
        "{% trans trimmed %}GitHub not synced yet: the first <code>sync_github</code> run has not stored anything"
        "{% endtrans %}"
    )

    french = render(jinja, source, "fr")

    assert french.startswith("GitHub pas encore synchronisé") and "<code>sync_github</code>" in french


def test_underscore_is_django_trans_a_plain_string_escaped_when_printed(jinja):
    assert render(jinja, '{{ _("Projects") }}', "fr") == "Projets"
    assert render(jinja, '{{ _("<b>not a msgid</b>") }}') == "&lt;b&gt;not a msgid&lt;/b&gt;"
    assert render(jinja, '{{ _("100%") }}') == "100%"  # no % formatting, as {% trans "100%" %}


def test_a_remembered_translation_follows_the_active_language(jinja):
    source = '{{ _("Projects") }} {% trans n=2 %}{{ n }} contributor{% pluralize %}{{ n }} contributors{% endtrans %}'

    assert [render(jinja, source, language) for language in ("en", "fr", "en", "fr")] == [
        "Projects 2 contributors",
        "Projets 2 contributeurs",
    ] * 2


def test_remembered_translations_are_dropped_with_djangos_when_the_catalogues_change(jinja, settings):
    assert render(jinja, '{{ _("Projects") }}', "fr") == "Projets"

    settings.LOCALE_PATHS = []  # the site's own catalogue gone

    assert render(jinja, '{{ _("Projects") }}', "fr") == "Projects"


def test_remembered_translations_are_dropped_when_runserver_reloads_a_recompiled_catalogue(jinja):
    render(jinja, '{{ _("Projects") }}', "fr")
    assert jinja2_env._translated.cache_info().currsize > 0

    file_changed.send(sender=None, file_path=Path("locale/fr/LC_MESSAGES/django.mo"))

    assert jinja2_env._translated.cache_info().currsize == 0
    assert render(jinja, '{{ _("Projects") }}', "fr") == "Projets"


def test_values_are_printed_localized_as_django_prints_them(jinja):
    django = engines["django"]
    context = {"day": datetime.date(2026, 3, 5), "ratio": Decimal("12.5"), "share": 3.25, "count": 1200}
    source = "{{ day }} | {{ ratio }} | {{ share }} | {{ count }} | {{ day|date('M') }}"
    django_source = '{{ day }} | {{ ratio }} | {{ share }} | {{ count }} | {{ day|date:"M" }}'

    for language in ("en", "fr"):
        with translation.override(language):
            expected = django.from_string(django_source).render(context)
        assert render(jinja, source, language, **context) == expected
    assert render(jinja, "{{ share }}", "fr", share=3.25) == "3,25"


def test_an_undefined_name_prints_nothing_and_the_trailing_newline_is_kept(jinja):
    assert render(jinja, "[{{ nothing }}]\n") == "[]\n"


def test_django_filters_keep_their_output(jinja):
    pitch = "An OWASP flagship project that teaches web application security with a deliberately insecure shop."

    assert render(jinja, "{{ pitch|truncatechars(30) }}", pitch=pitch) == "An OWASP flagship project tha…"
    assert render(jinja, "{{ 'a b/c'|urlencode }}") == "a%20b/c"
    assert render(jinja, "{{ 3.14159|stringformat('.1f') }}") == "3.1"


@pytest.mark.django_db
def test_a_choice_label_is_what_get_display_gives_in_each_language(jinja):
    project = ProjectPage.objects.first()
    for level in [*ProjectLevel.values, "not-a-level"]:
        for project_type in ProjectType.values:
            project.level, project.project_type = level, project_type
            for language in ("en", "fr"):
                with translation.override(language):
                    expected = f"{project.get_level_display()} {project.get_project_type_display()}"
                source = '{{ project|choice_label("level") }} {{ project|choice_label("project_type") }}'
                assert render(jinja, source, language, project=project) == expected


@pytest.mark.django_db
def test_a_jinja2_page_gets_what_every_template_may_show_from_the_context_processors(client):
    response = client.get("/contribute/")

    assert response.status_code == 200
    context = response.context
    for name in ("request", "csrf_input", "csrf_token", "csp_nonce", "messages", "settings", "github", "demo_mode"):
        assert name in context, name
    assert context["request"].path == "/contribute/"
    assert context["github"].is_synced is False and context["demo_mode"] is False  # OWASP data only, not a demo
    assert [template.origin.template_name for template in response.templates] == ["theme/contribute.html"]
    assert type(response.templates[0]).__module__ == "django.template.backends.jinja2"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short",
        "x" * 219,
        "x" * 220,
        "x" * 221,
        "OWASP sponsor " * 40,
        "Café crème " * 30,  # not ASCII: Django's own loop
        "e\u0301" * 300,  # combining accents do not count
        "a" * 500,
    ],
)
@pytest.mark.parametrize("length", [0, 1, 5, 220])
def test_truncatechars_says_what_djangos_filter_says(text, length):
    from django.template import defaultfilters
    from django.utils import translation

    from theme.jinja2_env import truncatechars

    for language in ("en", "fr"):
        with translation.override(language):
            assert truncatechars(text, length) == defaultfilters.truncatechars(text, length)


def test_timesince_says_what_djangos_filter_says():
    """The remembered unit translations give Django's words, in each language, for every size of delay (and a
    date in the future, a date and not a datetime, and nothing)."""
    import random

    from django.template import defaultfilters
    from django.utils import timezone

    from theme.jinja2_env import timesince

    now = timezone.now()
    delays = [0, 59, 60, 3600, 86400, 86400 * 8, 86400 * 40, 86400 * 400, 86400 * 800, -3600]
    delays += random.Random(1).sample(range(10**9), 300)
    values = [now - datetime.timedelta(seconds=delay) for delay in delays] + [datetime.date(2020, 2, 29), None, ""]
    for language in ("en", "fr"):
        with translation.override(language):
            for value in values:
                assert timesince(value) == defaultfilters.timesince_filter(value), value
            assert timesince(values[1], now) == defaultfilters.timesince_filter(values[1], now)
