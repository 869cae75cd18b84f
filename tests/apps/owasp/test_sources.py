"""Readers on the real data in ../shared/data: records, precedence between sources, quirks, bad records."""

import json

import pytest

from apps.owasp.sources.base import LocalSnapshotSource, SourceUnavailable
from apps.owasp.sources.chapters import read_chapters
from apps.owasp.sources.committees import read_committees
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.events import read_events
from apps.owasp.sources.geo import gazetteer
from apps.owasp.sources.projects import read_projects
from apps.owasp.sources.sponsors import read_sponsors


@pytest.fixture(scope="module")
def upstream(data_dir):
    return Upstream(LocalSnapshotSource(data_dir))


@pytest.fixture(scope="module")
def projects(upstream):
    return {record.key: record for record in read_projects(upstream).records}


@pytest.fixture(scope="module")
def chapters(upstream):
    return {record.key: record for record in read_chapters(upstream).records}


def test_every_listed_project_chapter_and_committee_gives_a_record(upstream, data_dir):
    site = data_dir / "owasp-site/_data"
    for reader, name in [(read_projects, "projects.json"), (read_chapters, "chapters.json")]:
        result = reader(upstream)
        listed = json.loads((site / name).read_text())
        assert len(result.records) == len(listed)
        assert result.skipped == []
    assert {r.key for r in read_committees(upstream).records} == {
        "www-committee-chapter",
        "www-committee-education-and-training",
        "www-committee-events",
        "www-committee-project",
    }


def test_juice_shop_from_its_repository(projects):
    juice = projects["www-project-juice-shop"]

    assert juice.title == "OWASP Juice Shop"
    assert juice.name == "Juice Shop"
    assert (juice.level, juice.project_type) == ("flagship", "tool")
    assert juice.licenses == ["MIT", "Apache-2.0", "CC-BY-NC-ND-4.0"]
    assert juice.tags[:3] == ["juiceshop", "vulnerable application", "training"]
    assert [(leader.name, leader.github_login) for leader in juice.leaders] == [
        ("Bjoern Kimminich", "bkimminich"),
        ("Jannik Hollenbach", "J12934"),
    ]
    assert juice.website == "https://owasp-juice.shop"
    assert juice.source_repository == "https://github.com/OWASP/www-project-juice-shop"
    repositories = [link.url for link in juice.links if link.kind == "repository"]
    assert repositories[:2] == [
        "https://github.com/juice-shop/juice-shop",
        "https://github.com/juice-shop/multi-juicer",
    ]
    assert any(link.section == "Community" and "reddit.com" in link.url for link in juice.links)
    assert "Juice Shop is written in Node.js" in juice.description_html
    assert juice.pitch.startswith("Probably the most modern and sophisticated insecure web application")
    assert juice.source_label == (
        "owasp-site/_data/projects.json + owasp-repos/www-project-juice-shop "
        "(index.md, leaders.md, info.md, project.owasp.yaml)"
    )


def test_index_md_level_wins_over_site_data_and_owasp_yaml(projects):
    # www-project-zap: projects.json and project_levels.json say -1, index.md says 4.
    assert projects["www-project-zap"].level == "flagship"
    # www-project-nest: project.owasp.yaml says 2, index.md (and the site) say 3.5.
    assert projects["www-project-nest"].level == "production"
    # www-project-smart-contract-top-10: site -1, repository 2.
    assert projects["www-project-smart-contract-top-10"].level == "incubator"


def test_level_zero_marks_a_project_inactive(projects):
    for key in ("www-project-java-encoder", "www-project-embedded-application-security"):
        assert projects[key].is_active is False
        assert projects[key].level == "unknown"
    assert projects["www-project-juice-shop"].is_active is True


def test_project_without_a_repository_uses_the_site_entry(projects):
    dotnet = projects["www-project-.net"]

    assert dotnet.title == "OWASP .Net"
    assert (dotnet.level, dotnet.project_type) == ("incubator", "documentation")
    assert dotnet.pitch == ""  # "More info soon..." is the site's placeholder
    assert dotnet.created_on.isoformat() == "2019-09-12"
    assert dotnet.updated_on.isoformat() == "2023-04-13"
    assert dotnet.website == "https://owasp.org/www-project-.net/"


def test_codeurl_with_several_urls_gives_several_repositories(projects):
    record = projects["www-project-attack-surface-detector"]

    assert [link.url for link in record.links if link.section == "Code"] == [
        "https://github.com/zaproxy/zap-extensions",
        "https://github.com/secdec/attack-surface-detector-zap",
    ]


def test_leaders_json_rows_with_broken_emails_keep_the_name_not_the_email(projects, chapters):
    ankara = chapters["www-chapter-ankara"]
    assert "Ekin Gurel" in [leader.name for leader in ankara.leaders]
    assert all("[" not in leader.email for leader in ankara.leaders)
    cebu = chapters["www-chapter-cebu"]
    assert ("Jhury Kevin Lastre", "", "lavelliane") in [(x.name, x.email, x.github_login) for x in cebu.leaders]


def test_london_has_exact_coordinates_from_its_chapter_yaml(chapters):
    london = chapters["www-chapter-london"]

    # index.md's OWASP region ("Europe") wins over chapter.owasp.yaml's "England", as for every scalar field.
    assert (london.country, london.region, london.city) == ("United Kingdom", "Europe", "London")
    assert (london.latitude, london.longitude, london.location_precision) == (51.511861, -0.078017, "exact")
    assert london.meetup_group == "OWASP-London"
    assert london.postal_code == "SW1V 3QW"
    assert [leader.github_login for leader in london.leaders] == ["kerberosmansour", "securestep9", "alezza"]


def test_chapters_without_coordinates_are_located_offline(chapters):
    bangalore = chapters["www-chapter-bangalore"]
    assert bangalore.location_precision == "city"
    assert bangalore.city == "Bengaluru"
    assert (round(bangalore.latitude, 1), round(bangalore.longitude, 1)) == (13.0, 77.6)
    assert bangalore.meetup_group == "owasp-bangalore-chapter"
    assert bangalore.country == "India"

    sao_paulo = chapters["www-chapter-sao-paulo"]
    assert (sao_paulo.location_precision, sao_paulo.city) == ("city", "São Paulo")

    netherlands = chapters["www-chapter-netherlands"]  # a country chapter: placed at the capital
    assert (netherlands.location_precision, netherlands.city) == ("country", "")
    assert (round(netherlands.latitude, 1), round(netherlands.longitude, 1)) == (52.4, 4.9)

    virtual = chapters["www-chapter-virtual"]
    assert (virtual.location_precision, virtual.latitude, virtual.region) == ("", None, "Virtual")


def test_location_precision_is_recorded_for_most_chapters(chapters):
    precisions = [record.location_precision for record in chapters.values()]

    assert precisions.count("exact") >= 4
    assert precisions.count("city") > 400
    assert precisions.count("") < 60
    assert all((record.latitude is None) == (record.location_precision == "") for record in chapters.values()), (
        "coordinates and precision go together"
    )


def test_site_placeholder_regions_are_dropped(chapters):
    regions = {record.region for record in chapters.values()}

    assert "Needs Website Update" not in regions
    assert "Unknown" not in regions
    assert "Europe" in regions


def test_gazetteer_uses_the_country_to_pick_the_right_city():
    places = gazetteer()

    assert places.locate(name="London", country="Canada").country_code == "CA"
    assert places.locate(name="London", country="United Kingdom").country_code == "GB"
    assert places.locate(name="Amrita Vishwa Vidyapeetham Chennai", country="India").city == "Chennai"
    assert places.locate(name="Somewhere Unknown", country="USA").precision == "country"
    assert places.locate(name="Nowhere In Particular") is None


def test_events_from_events_yml_revents_and_chapter_files(upstream):
    result = read_events(upstream)
    events = {record.key: record for record in result.records}

    vienna = events["event-owasp-global-appsec-eu-2026-vienna-austria"]
    assert vienna.category == "Global"
    assert (vienna.start_date.isoformat(), vienna.end_date.isoformat()) == ("2026-06-22", "2026-06-26")
    assert vienna.location == "Vienna, Austria"
    assert vienna.website.startswith("https://owasp.glueup.com/event/owasp-global-appsec-eu-2026")

    assert events["www-revent-lascon"].category == "Regional event"

    meeting = events["www-chapter-netherlands-event-20260416"]
    assert meeting.category == "Chapter meeting"
    assert meeting.start_date.isoformat() == "2026-04-16"
    assert meeting.location == "Beyond Republica campus, Papaverhof 59, 1032 LX Amsterdam"
    assert "False Clear Ahead" in meeting.pitch
    assert "Rens van Dongen" in meeting.description_html
    assert meeting.website == "https://www.meetup.com/owasp-chapter-netherlands-meetup/events/313433530/"

    netherlands = [key for key in events if key.startswith("www-chapter-netherlands-event-")]
    assert len(netherlands) == 46
    assert any(key.startswith("www-chapter-nagpur-event-") for key in events)
    assert result.skipped == []
    assert result.complete


def test_sponsors_tiers_misspelt_key_and_missing_membertype(upstream):
    sponsors = {record.name: record for record in read_sponsors(upstream).records}

    assert len(sponsors) == 84
    assert (sponsors["Trent AI"].sponsor_tier, sponsors["Trent AI"].member_tier) == ("none", "silver")
    # `sponosr: 4` (sic) still makes Noma Security a Silver sponsor; `sponosr: -1` leaves Adobe a member only.
    assert sponsors["Noma Security"].sponsor_tier == "silver"
    assert (sponsors["Adobe"].sponsor_tier, sponsors["Adobe"].member_tier) == ("none", "platinum")
    assert sponsors["7ASecurity"].sponsor_tier == "platinum"
    assert sponsors["Trent AI"].image_url == "https://owasp.org/assets/images/corp-member-logo/trent-ai-logo.png"
    assert sponsors["Trent AI"].url == "https://trent.ai"


def test_a_member_without_membertype_is_silver(snapshot):
    snapshot.root.joinpath("owasp-site/_data/corp_members.yml").write_text(
        "- member: true\n  sponsor: 3\n  name: Example Corp\n- member: false\n  sponsor: -1\n  name: Not Member\n"
    )
    records = read_sponsors(Upstream(LocalSnapshotSource(snapshot.root))).records

    assert [(r.name, r.sponsor_tier, r.member_tier) for r in records] == [
        ("Example Corp", "gold", "silver"),
        ("Not Member", "none", "none"),
    ]


def test_malformed_front_matter_skips_only_that_record(snapshot):
    index = snapshot.root / "owasp-repos/www-project-zap/index.md"
    index.write_text("---\nlayout: col-sidebar\ntitle: OWASP ZAP\nlevel: [4\n---\n\nBody\n")

    result = read_projects(Upstream(LocalSnapshotSource(snapshot.root)))

    assert sorted(r.key for r in result.records) == ["www-project-.net", "www-project-juice-shop"]
    assert [(s.key, s.reason.split(" (")[0]) for s in result.skipped] == [
        ("www-project-zap", "www-project-zap/index.md front matter: invalid YAML")
    ]
    assert "www-project-zap" in result.listed_keys  # listed upstream: never inactivated for being unreadable


def test_site_entries_without_a_key_are_skipped_with_the_reason(snapshot):
    entries = json.loads((snapshot.root / "owasp-site/_data/projects.json").read_text())
    snapshot.write_site_json("projects.json", [*entries, {"name": "broken", "url": "https://owasp.org/"}, "text"])

    result = read_projects(Upstream(LocalSnapshotSource(snapshot.root)))

    assert len(result.records) == 3
    assert [s.reason for s in result.skipped] == [
        "entry 4 of owasp-site/_data/projects.json has no www-* url: 'https://owasp.org/'",
        "entry 5 of owasp-site/_data/projects.json is not an object",
    ]


def test_a_folder_that_is_not_a_snapshot_is_unavailable(tmp_path):
    with pytest.raises(SourceUnavailable, match="not an OWASP data snapshot"):
        LocalSnapshotSource(tmp_path)


def test_a_missing_required_list_makes_the_entity_unavailable(snapshot):
    (snapshot.root / "owasp-site/_data/chapters.json").unlink()

    with pytest.raises(SourceUnavailable, match=r"chapters\.json is missing"):
        read_chapters(Upstream(LocalSnapshotSource(snapshot.root)))
