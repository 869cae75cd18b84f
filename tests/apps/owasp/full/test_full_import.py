"""The full import of ../shared/data: every listed entity becomes a page with the right fields."""

import json
from datetime import date

import frontmatter
import pytest
from wagtail.models import Revision

from apps.owasp.models import SyncRun
from apps.owasp.sources.placeholders import is_repository_name
from apps.owasp.sync.owasp import sync_owasp
from apps.owasp.sync.users import SYNC_USERNAME
from cms import selectors
from cms.models import ChapterPage, CommitteePage, EventPage, Leader, ProjectPage, Sponsor

pytestmark = pytest.mark.django_db

SITE = "owasp-site/_data"
LEVELS = {2.0: "incubator", 3.0: "lab", 3.5: "production", 4.0: "flagship"}


def key_of(entry):
    return entry["url"].rstrip("/").rsplit("/", 1)[-1].lower()


def site_list(data_dir, name):
    return json.loads((data_dir / SITE / name).read_text())


def repo_titles(data_dir):
    """index.md titles of the repositories in the snapshot, read with python-frontmatter (not our parser)."""
    titles = {}
    for folder in (data_dir / "owasp-repos").iterdir():
        index = folder / "index.md"
        if index.exists():
            titles[folder.name] = frontmatter.loads(index.read_text()).get("title")
    return titles


def test_the_import_created_every_page_and_skipped_nothing(full_import, data_dir):
    by_entity = full_import.report.as_dict()["by_entity"]

    assert by_entity["projects"] == {"created": len(site_list(data_dir, "projects.json"))}
    assert by_entity["chapters"] == {"created": len(site_list(data_dir, "chapters.json"))}
    assert by_entity["committees"] == {"created": len(site_list(data_dir, "committees.json"))}
    assert by_entity["events"]["created"] >= 6 + 15 + 46
    assert by_entity["sponsors"] == {"created": 84}
    assert by_entity["staff"] == {"created": 9}
    assert full_import.report.skipped == []
    assert full_import.report.errors == []


@pytest.mark.parametrize(
    ("model", "name"),
    [(ProjectPage, "projects.json"), (ChapterPage, "chapters.json"), (CommitteePage, "committees.json")],
)
def test_every_entity_in_the_site_data_is_a_live_page_with_its_title_and_dates(full_import, data_dir, model, name):
    titles = repo_titles(data_dir)
    levels_names = {}
    for row in site_list(data_dir, "project_levels.json"):
        levels_names.setdefault(row["repo"], row["name"])  # the first row of a repository listed twice wins
    pages = {page.owasp_key: page for page in model.objects.all()}
    entries = site_list(data_dir, name)

    assert set(pages) == {key_of(entry) for entry in entries}
    for entry in entries:
        page = pages[key_of(entry)]
        assert page.live
        expected = titles.get(key_of(entry)) or entry["title"] or entry["name"]
        if is_repository_name(expected):
            # The site's placeholder title (www-project-aibom) gives way to OWASP's name for the project.
            expected = f"OWASP {levels_names[key_of(entry)]}"
        assert page.title == expected, key_of(entry)
        assert page.created_on == date.fromisoformat(entry["created"])
        assert page.updated_on == date.fromisoformat(entry["updated"])
        assert page.source_repository == f"https://github.com/OWASP/{key_of(entry)}"
        assert page.latest_revision.user.username == SYNC_USERNAME


def test_project_levels_and_activity_follow_the_site_data_where_no_repository_says_otherwise(full_import, data_dir):
    in_snapshot = {folder.name for folder in (data_dir / "owasp-repos").iterdir()}
    pages = {page.owasp_key: page for page in ProjectPage.objects.all()}
    checked = 0
    for entry in site_list(data_dir, "projects.json"):
        if key_of(entry) in in_snapshot:
            continue
        level = float(entry["level"])
        page = pages[key_of(entry)]
        assert page.level == LEVELS.get(level, "unknown"), key_of(entry)
        assert page.is_active == (level != 0), key_of(entry)
        checked += 1
    assert checked > 350


def test_a_dozen_hand_picked_values_match_the_source_files(full_import):
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    assert (juice.level, juice.project_type) == ("flagship", "tool")  # index.md: level 4, type tool
    assert juice.licenses == ["MIT", "Apache-2.0", "CC-BY-NC-ND-4.0"]  # project.owasp.yaml license
    assert [(x.name, x.github_login) for x in juice.leaders.all()] == [
        ("Bjoern Kimminich", "bkimminich"),
        ("Jannik Hollenbach", "J12934"),
    ]
    assert juice.url == "/projects/juice-shop/"
    assert juice.links.filter(kind="repository", url="https://github.com/juice-shop/multi-juicer").exists()

    assert ProjectPage.objects.get(owasp_key="www-project-zap").level == "flagship"  # index.md 4 beats site -1
    assert ProjectPage.objects.get(owasp_key="www-project-nest").level == "production"  # index.md 3.5 beats yaml 2
    assert ProjectPage.objects.get(owasp_key="www-project-java-encoder").is_active is False  # level 0
    dotnet = ProjectPage.objects.get(owasp_key="www-project-.net")
    assert (dotnet.slug, dotnet.level, dotnet.project_type) == ("net", "incubator", "documentation")

    london = ChapterPage.objects.get(owasp_key="www-chapter-london")
    assert (london.country, london.meetup_group, london.postal_code) == ("United Kingdom", "OWASP-London", "SW1V 3QW")
    assert (london.latitude, london.longitude, london.location_precision) == (51.511861, -0.078017, "exact")
    bangalore = ChapterPage.objects.get(owasp_key="www-chapter-bangalore")
    assert (bangalore.country, bangalore.meetup_group, bangalore.location_precision) == (
        "India",
        "owasp-bangalore-chapter",
        "city",
    )
    aarhus = ChapterPage.objects.get(owasp_key="www-chapter-aarhus")  # no repository: leaders.json
    assert [leader.name for leader in aarhus.leaders.all()][:2] == ["Dennis Perto", "Thomas Ljungberg Kristensen"]

    committee = CommitteePage.objects.get(owasp_key="www-committee-project")
    assert committee.title == "OWASP Project Committee"
    assert [leader.name for leader in committee.leaders.all()] == ["Bjoern Kimminich", "Jeff Foley", "Donnie Brown"]

    vienna = EventPage.objects.get(owasp_key="event-owasp-global-appsec-eu-2026-vienna-austria")
    assert (vienna.category, vienna.start_date, vienna.end_date) == ("Global", date(2026, 6, 22), date(2026, 6, 26))
    assert vienna.url == "/events/event-owasp-global-appsec-eu-2026-vienna-austria/"

    assert Sponsor.objects.get(name="Noma Security").sponsor_tier == "silver"  # from the misspelt `sponosr: 4`
    assert Sponsor.objects.get(name="Adobe").member_tier == "platinum"


def test_a_second_run_saves_zero_revisions(full_import, data_dir):
    revisions = Revision.objects.count()

    report = sync_owasp(data_dir)

    assert Revision.objects.count() == revisions
    assert report.created == report.updated == report.inactivated == report.skipped_count == 0
    assert report.unchanged == full_import.report.created
    assert SyncRun.objects.latest().unchanged == report.unchanged


def test_public_selectors_never_load_leader_emails(full_import, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        projects = list(selectors.public_projects().filter(owasp_key__in=["www-project-juice-shop"]))
        leaders = list(projects[0].leaders.all())

    assert [leader.name for leader in leaders] == ["Bjoern Kimminich", "Jannik Hollenbach"]
    assert all("email" in leader.get_deferred_fields() for leader in leaders)
    assert "email" not in selectors.LEADER_PUBLIC_FIELDS
    assert selectors.public_projects().count() == ProjectPage.objects.filter(is_active=True).count()
    assert not selectors.public_projects().filter(owasp_key="www-project-java-encoder").exists()


def test_imported_pages_are_searchable(full_import):
    results = ProjectPage.objects.live().search("juice shop")

    assert "www-project-juice-shop" in [page.owasp_key for page in results[:5]]


def test_every_leader_belongs_to_a_synced_page(full_import):
    assert Leader.objects.count() > 1000
    assert not Leader.objects.filter(page__owasp_key__isnull=True).exists()
