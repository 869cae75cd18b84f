"""Template text upstream left in place (pitches, repository-name titles, example tags) never reaches a page."""

import json

import pytest

from apps.owasp.sources.base import LocalSnapshotSource
from apps.owasp.sources.chapters import read_chapters
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.placeholders import is_placeholder_pitch, is_placeholder_tag, is_repository_name, name_from_key
from apps.owasp.sources.projects import read_projects
from apps.owasp.sync.owasp import sync_owasp
from cms.models import ProjectPage


@pytest.fixture(scope="module")
def upstream(data_dir):
    return Upstream(LocalSnapshotSource(data_dir))


@pytest.fixture(scope="module")
def projects(upstream):
    return read_projects(upstream)


def by_key(result):
    return {record.key: record for record in result.records}


def test_the_repository_templates_pitch_is_dropped(projects):
    # projects.json: "A very brief, one-line description of your project"; no repository in the pack.
    record = by_key(projects)["www-project-ai-top-ten"]

    assert record.pitch == ""
    assert "pitch" in record.placeholders


def test_a_title_that_is_only_the_repository_name_gets_owasps_name_for_the_project(projects):
    # projects.json titles it "www-project-aibom" (name "Aibom"); project_levels.json names it "AIBOM".
    aibom = by_key(projects)["www-project-aibom"]

    assert (aibom.title, aibom.name) == ("OWASP AIBOM", "AIBOM")
    assert "title" in aibom.placeholders


def test_owasp_yaml_template_tags_are_dropped_and_real_tags_kept(projects, upstream):
    wrongsecrets = by_key(projects)["www-project-wrongsecrets"]  # tags: wrongsecrets, custom-tag-1, custom-tag-2
    assert wrongsecrets.tags == ["wrongsecrets"]
    assert wrongsecrets.placeholders.count("tag") == 2

    chapters = by_key(read_chapters(upstream))
    assert chapters["www-chapter-new-york-city"].tags == ["NYC"]
    assert chapters["www-chapter-bay-area"].tags == []  # index.md: tags: example-tag


def test_no_record_of_the_data_pack_keeps_a_placeholder(projects, upstream):
    records = [*projects.records, *read_chapters(upstream).records]

    assert not [r.key for r in records if is_placeholder_pitch(r.pitch)]
    assert not [r.key for r in records if any(is_placeholder_tag(tag) for tag in r.tags)]
    assert not [r.key for r in records if is_repository_name(r.title) or is_repository_name(r.name)]
    site = upstream.site.projects
    assert projects.placeholder_counts()["pitch"] == sum(is_placeholder_pitch(e.get("pitch") or "") for e in site) - 1
    # (www-project-smart-contract-top-10's repository gives the real pitch the site's list lacks.)


def test_placeholder_rules_on_minimal_cases():
    assert is_placeholder_pitch("More info soon...")
    assert is_placeholder_pitch("  A very brief, one-line description of your project ")
    assert not is_placeholder_pitch("A very brief guide")
    assert is_placeholder_tag("custom-tag-12") and is_placeholder_tag("example-tag")
    assert not is_placeholder_tag("custom")
    assert is_repository_name("www-project-aibom")
    assert not is_repository_name("OWASP www-project-aibom mirror")
    assert name_from_key("www-project-api-top-10") == "Api Top 10"


@pytest.mark.django_db
def test_the_sync_summary_counts_placeholders_dropped_per_kind(snapshot, data_dir):
    keys = [
        "www-project-juice-shop",
        "www-project-zap",
        "www-project-.net",
        "www-project-aibom",
        "www-project-wrongsecrets",
    ]
    snapshot.site_list("projects.json", keys)
    snapshot.site_file("project_levels.json")
    snapshot.repo("www-project-wrongsecrets")
    site_projects = json.loads((snapshot.root / "owasp-site/_data/projects.json").read_text())
    pitches = sum(is_placeholder_pitch(entry["pitch"]) for entry in site_projects)

    report = sync_owasp(snapshot.root)

    assert ProjectPage.objects.get(owasp_key="www-project-aibom").title == "OWASP AIBOM"
    assert report.as_dict()["placeholders_dropped"]["projects"] == {"pitch": pitches, "tag": 2, "title": 1}
    lines = report.summary_lines()
    start = lines.index("Placeholders dropped:")
    assert lines[start + 1 : start + 4] == [
        f"  pitch: {pitches + 2} (projects {pitches}, chapters 2)",
        "  tag: 4 (projects 2, chapters 2)",  # London's chapter.owasp.yaml has custom-tag-1 and -2
        "  title: 1 (projects 1)",
    ]
