"""The tolerant parsers, on real snippets of OWASP's files (quoted from ../shared/data) and their quirks."""

import datetime

import pytest
import yaml

from apps.owasp.sources.base import RecordError
from apps.owasp.sources.markup import markdown_links, markdown_to_html, parse_leaders_markdown
from apps.owasp.sources.parsing import (
    clean_email,
    is_repository_url,
    load_yaml,
    normalise_yaml_text,
    parse_date,
    parse_date_range,
    parse_level,
    parse_project_type,
    parse_tags,
    split_front_matter,
    split_urls,
    www_key,
)


def test_corp_members_tabs_are_rejected_by_pyyaml_and_accepted_after_normalising(data_dir):
    raw = (data_dir / "owasp-site/_data/corp_members.yml").read_text()
    with pytest.raises(yaml.YAMLError, match="cannot start any token"):
        yaml.safe_load(raw)

    members = load_yaml(raw, what="corp_members.yml")

    assert len(members) == 84
    assert members[0]["name"] == "Trent AI"
    assert members[0]["sponsor"] == -1
    assert members[0]["url"] == "https://trent.ai"


def test_normalising_keeps_values_and_drops_only_tabs_and_trailing_space():
    text = "- member: true\t\n  sponsor: -1\t\n  url: \thttps://trent.ai\t\n"

    assert normalise_yaml_text(text) == "- member: true\n  sponsor: -1\n  url:  https://trent.ai\n"


def test_yaml_that_stays_invalid_raises_a_record_error_with_the_line():
    with pytest.raises(RecordError, match=r"bad\.yml: invalid YAML .*line 3"):
        load_yaml("title: ok\nlevel: [unclosed\n", what="bad.yml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", ("incubator", False)),
        (2, ("incubator", False)),
        ("3", ("lab", False)),
        (3.5, ("production", False)),
        ("3.5", ("production", False)),
        ("4", ("flagship", False)),
        ("-1", (None, False)),
        (-1, (None, False)),
        ("0", (None, True)),
        (0, (None, True)),
        ("1", (None, False)),
        (None, (None, False)),
        ("flagship", (None, False)),
        (True, (None, False)),
    ],
)
def test_levels_of_every_shape_found_in_projects_json(value, expected):
    assert parse_level(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("code", "code"),
        ("Documentation", "documentation"),
        ("tool", "tool"),
        ("Tool", "tool"),
        ("code, tool", "code"),
        ("documentation, code", "documentation"),
        ("standards", "documentation"),
        ("documentation or other", "documentation"),
        ("easy and accessible tooling to analyze, organize and manage CWE data", "other"),
        ("other", "other"),
        ("", None),
        (None, None),
    ],
)
def test_free_text_project_types(value, expected):
    assert parse_project_type(value) == expected


def test_front_matter_of_a_real_index_md(data_dir):
    text = (data_dir / "owasp-repos/www-project-juice-shop/index.md").read_text()

    front, body = split_front_matter(text, what="index.md")

    assert front["title"] == "OWASP Juice Shop"
    assert front["level"] == 4
    assert front["type"] == "tool"
    assert "OWASP Juice Shop is probably the most modern" in body


def test_front_matter_with_tabs_in_a_real_file_parses(data_dir):
    # www-project-waf-a-mole/index.md is the one repository file with TAB characters.
    text = (data_dir / "owasp-repos/www-project-waf-a-mole/index.md").read_text()

    front, _ = split_front_matter(text, what="index.md")

    assert front["title"] == "OWASP WAF-A-MoLE"
    assert front["level"] == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: OWASP X\nlevel: [2\n---\nbody", "invalid YAML"),
        ("---\ntitle: OWASP X\nbody without a closing line", "not closed"),
        ("---\n- a\n- b\n---\nbody", "not a mapping"),
    ],
)
def test_malformed_front_matter_raises_with_its_reason(text, reason):
    with pytest.raises(RecordError, match=reason):
        split_front_matter(text, what="www-project-x/index.md")


def test_file_without_front_matter_is_all_body():
    assert split_front_matter("# Title\n", what="x") == ({}, "# Title\n")


def test_leaders_md_formats(data_dir):
    juice = (data_dir / "owasp-repos/www-project-juice-shop/leaders.md").read_text()
    bangalore = (data_dir / "owasp-repos/www-chapter-bangalore/leaders.md").read_text()
    committee = (data_dir / "owasp-repos/www-committee-project/leaders.md").read_text()
    almeria = (data_dir / "owasp-repos/www-chapter-almeria/leaders.md").read_text()

    assert parse_leaders_markdown(juice) == [
        ("Bjoern Kimminich", "bjoern.kimminich@owasp.org"),
        ("Jannik Hollenbach", "jannik.hollenbach@owasp.org"),
    ]
    assert parse_leaders_markdown(bangalore) == [("Vandana Verma", "vandana.verma@owasp.org"), ("Veera Babu", "")]
    # Roles after " - " are dropped; members and liaisons under their own headings are not leaders.
    assert parse_leaders_markdown(committee) == [
        ("Bjoern Kimminich", "bjoern.kimminich@owasp.org"),
        ("Jeff Foley", "jeff.foley@owasp.org"),
        ("Donnie Brown", "donnie.brown@owasp.org"),
    ]
    assert parse_leaders_markdown(almeria) == []


def test_info_md_links_keep_their_section_and_become_absolute(data_dir):
    info = (data_dir / "owasp-repos/www-project-juice-shop/info.md").read_text()

    links = markdown_links(info, base_url="https://owasp.org/www-project-juice-shop/")

    assert ("Sources", "GitHub", "https://github.com/juice-shop/juice-shop") in links
    assert ("Social Media", "Mastodon", "https://fosstodon.org/@owasp_juiceshop") in links
    assert all(url.startswith("https://") or url.startswith("http://") for _, _, url in links)


def test_markdown_body_is_sanitised_and_links_made_absolute():
    body = (
        "{% include breadcrumb.html %}\n# Heading\n<script>alert(1)</script>\n"
        "See [Top Ten](/www-project-top-ten) and <a href='javascript:alert(1)'>x</a>.\n<!-- hidden -->"
    )

    html = markdown_to_html(body, base_url="https://owasp.org/www-project-x/")

    assert "<h2>Heading</h2>" in html
    assert "script" not in html
    assert "javascript:" not in html
    assert "include" not in html
    assert "hidden" not in html
    assert 'href="https://owasp.org/www-project-top-ten"' in html


def test_codeurl_with_tab_separated_urls():
    assert split_urls(
        "https://github.com/zaproxy/zap-extensions\thttps://github.com/secdec/attack-surface-detector-zap"
    ) == [
        "https://github.com/zaproxy/zap-extensions",
        "https://github.com/secdec/attack-surface-detector-zap",
    ]
    assert split_urls("") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-04-20", datetime.date(2021, 4, 20)),
        ("Tue Nov 30 20:45:59 2021", datetime.date(2021, 11, 30)),
        (datetime.date(2026, 4, 16), datetime.date(2026, 4, 16)),
        ("20260416", datetime.date(2026, 4, 16)),
        ("soon", None),
        ("", None),
    ],
)
def test_dates_in_both_formats_of_inactive_chapters(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("June 22-26, 2026", datetime.date(2026, 6, 26)),
        ("September 22, 2026", datetime.date(2026, 9, 22)),
        ("October 30 - November 2, 2026", datetime.date(2026, 11, 2)),
        ("TBA", datetime.date(2026, 6, 22)),
    ],
)
def test_event_date_ranges(text, end):
    assert parse_date_range(text, datetime.date(2026, 6, 22)) == end


def test_small_helpers():
    assert parse_tags("juiceshop") == ["juiceshop"]
    assert parse_tags("appsec, tools, AppSec") == ["appsec", "tools"]
    assert parse_tags(["ctf", "capture the flag"]) == ["ctf", "capture the flag"]
    assert clean_email("* [ekin gurel") == ""
    assert clean_email("mailto:Vandana.Verma@owasp.org") == "vandana.verma@owasp.org"
    assert www_key("https://owasp.org/www-project-juice-shop/") == "www-project-juice-shop"
    assert www_key("https://owasp.org/projects/") == ""
    assert is_repository_url("https://github.com/juice-shop/juice-shop")
    assert not is_repository_url("https://github.com/juice-shop/juice-shop/releases/latest")
