"""``makemessages`` reads the site's Jinja2 templates: their msgids, plurals, flags and lines reach the catalogue,
and every msgid they use is translated in the French catalogue the site ships."""

import ast
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.core.management.commands.makemessages import is_jinja2_template, jinja2_extensions, jinja2_messages

PROJECT = Path(__file__).resolve().parents[3]
JINJA2 = PROJECT / "theme" / "jinja2"
FRENCH = PROJECT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
EXTRA = """{# Translators: the number of chapters a leader leads #}
<p>{% trans n=n %}{{ n }} chapter led{% pluralize %}{{ n }} chapters led{% endtrans %}</p>
<p>{{ pgettext("a month", "May") }} {{ _(page.notice) }}</p>
"""


def catalogue(path: Path) -> dict:
    """A .po or .pot file's live entries: (msgid, msgid_plural) -> {"flags", "locations", "comments", "msgstr"}."""
    entries, entry, field = {}, {}, None

    def close():
        if "msgid" in entry:
            key = (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            strings = [value for name, value in entry.items() if name.startswith("msgstr")]
            entries[key] = {
                "flags": entry.get("flags", set()),
                "locations": entry.get("locations", []),
                "comments": entry.get("comments", []),
                "msgstr": strings,
            }
        entry.clear()

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            close()
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.setdefault("locations", []).extend(line[2:].split())
        elif line.startswith("#."):
            entry.setdefault("comments", []).append(line[2:].strip())
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        elif not line.startswith("#"):
            field, value = line.split(" ", 1)
            entry[field] = ast.literal_eval(value)
    return entries


def line_of(template: Path, text: str) -> int:
    return next(number for number, line in enumerate(template.read_text().splitlines(), 1) if text in line)


@pytest.fixture
def extracted(tmp_path, settings, monkeypatch):
    """``makemessages -l fr --keep-pot`` run on a copy of the site's templates, plus one Jinja2 template with a
    translators' comment and one Django template (the admin panel's), in a folder of its own."""
    shutil.copytree(JINJA2, tmp_path / "theme" / "jinja2")
    (tmp_path / "theme" / "jinja2" / "extra.html").write_text(EXTRA)
    panels = tmp_path / "theme" / "templates" / "cms" / "panels"
    panels.mkdir(parents=True)
    shutil.copy(PROJECT / "theme" / "templates" / "cms" / "panels" / "sync_provenance.html", panels)
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["fr"], keep_pot=True, verbosity=0)

    return tmp_path


def test_makemessages_finds_the_jinja2_msgids_with_their_plurals_flags_and_lines(extracted):
    pot = catalogue(extracted / "locale" / "django.pot")
    card = JINJA2 / "includes" / "project_card.html"

    contributors = pot[(None, "%(n)s contributor", "%(n)s contributors")]
    assert "python-format" in contributors["flags"]
    card_line = line_of(card, "contributor{% pluralize")
    assert f"theme/jinja2/includes/project_card.html:{card_line}" in contributors["locations"]
    assert "python-format" in pot[(None, "Page %(number)s of %(total)s", None)]["flags"]
    title_line = line_of(JINJA2 / "base.html", "<title>")
    assert f"theme/jinja2/base.html:{title_line}" in pot[(None, "OWASP Nest", None)]["locations"]
    # {% trans trimmed %}: one line, its markup kept.
    assert (None, "GitHub not synced yet: the first <code>sync_github</code> run has not stored anything", None) in pot
    # A Jinja2 translators' comment, pgettext's context; a message that is no literal is left out.
    led = pot[(None, "%(n)s chapter led", "%(n)s chapters led")]
    assert led["comments"] == ["Translators: the number of chapters a leader leads"]
    assert led["locations"] == ["theme/jinja2/extra.html:2"]
    assert ("a month", "May", None) in pot
    # The admin panel's Django template is still read as Django's.
    assert (None, "Made by an editor; not synced from OWASP data.", None) in pot
    # The French catalogue is made beside it, and no work file is left behind.
    assert (extracted / "locale" / "fr" / "LC_MESSAGES" / "django.po").exists()
    assert not list(extracted.rglob("*.html.py"))


def test_every_msgid_of_the_jinja2_templates_is_translated_in_the_french_catalogue():
    extensions = jinja2_extensions()
    used = {
        (strings[0], strings[1] if function == "ngettext" else None)
        for template in JINJA2.rglob("*.html")
        for _, function, strings, _ in jinja2_messages(template.read_bytes(), extensions)
    }
    french = {(msgid, plural): entry for (_, msgid, plural), entry in catalogue(FRENCH).items() if msgid}

    assert len(used) > 150  # the whole site's wording, not a few strings
    assert sorted(used - set(french)) == []
    untranslated = [key for key in used if not all(french[key]["msgstr"]) or "fuzzy" in french[key]["flags"]]
    assert untranslated == []


@pytest.mark.parametrize(
    ("path", "jinja2"),
    [
        ("./theme/jinja2/base.html", True),
        ("./theme/jinja2/theme/github/member.html", True),
        ("./theme/templates/cms/panels/sync_provenance.html", False),
        ("./theme/jinja2_env.py", False),
        ("./jinja2.html", False),
    ],
)
def test_templates_under_a_jinja2_folder_are_the_jinja2_ones(path, jinja2):
    assert is_jinja2_template(path) is jinja2
