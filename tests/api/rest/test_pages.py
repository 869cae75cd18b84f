"""Projects, chapters, committees, events and sponsors on the real synced OWASP data: Nest's fields,
parameters and orders, and ours beside them."""

from datetime import date

import pytest
from django.utils import timezone

from apps.github.models import ProjectHealthRecord
from cms.models import ChapterPage, CommitteePage, EventPage, Leader, ProjectLevel, ProjectPage, Sponsor
from tests import factories
from tests.api.rest.conftest import get_json, walk

pytestmark = pytest.mark.django_db

NEST_PROJECT_FIELDS = {"created_at", "key", "level", "name", "type", "updated_at"}


def test_the_project_list_is_every_listed_project_in_nest_shape(client):
    listed = ProjectPage.objects.listed()
    body = get_json(client, "/api/v0/projects/")

    assert body["total_count"] == listed.count() > 300
    assert body["total_pages"] == -(-listed.count() // 100) and body["has_next"] and not body["has_previous"]
    assert len(body["items"]) == 100 and body["current_page"] == 1
    item = body["items"][0]
    assert set(item) >= NEST_PROJECT_FIELDS
    assert {i["level"] for i in body["items"]} <= {"other", "incubator", "lab", "production", "flagship"}
    assert {i["type"] for i in body["items"]} <= {"code", "documentation", "other", "tool"}
    # Nest's default order here is the site's: best level first.
    ranks = {"flagship": 4, "production": 3, "lab": 2, "incubator": 1, "other": 0}
    levels = [ranks[i["level"]] for i in body["items"]]
    assert levels == sorted(levels, reverse=True)
    keys = {i["key"] for i in walk(client, "/api/v0/projects/")}
    assert keys == {page.short_key for page in listed}


def test_a_project_is_found_by_its_key_with_or_without_its_prefix_in_any_case(client):
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")

    bodies = [
        get_json(client, f"/api/v0/projects/{key}")
        for key in ("juice-shop", "www-project-juice-shop", "Juice-Shop", "juice-shop/")
    ]

    assert all(body == bodies[0] for body in bodies)
    body = bodies[0]
    assert body["key"] == "juice-shop" and body["name"] == juice.title
    assert body["level"] == juice.level and body["type"] == juice.project_type
    assert body["created_at"] == f"{juice.created_on.isoformat()}T00:00:00Z"
    assert body["updated_at"] == f"{juice.updated_on.isoformat()}T00:00:00Z"
    assert body["description"] == juice.pitch and body["description_html"] == juice.description
    assert [leader["name"] for leader in body["leaders"]] == list(
        Leader.objects.filter(page=juice).order_by("sort_order").values_list("name", flat=True)
    )
    assert "email" not in str(body["leaders"]) and "@" not in str(body["leaders"])


def test_an_unknown_level_is_nest_s_other_and_filters_as_other(client):
    unknown = ProjectPage.objects.listed().filter(level=ProjectLevel.UNKNOWN)
    assert unknown.exists()

    items = walk(client, "/api/v0/projects/", {"level": "other"})

    assert {item["key"] for item in items} == {page.short_key for page in unknown}
    assert {item["level"] for item in items} == {"other"}


def test_level_and_type_filters_match_the_domain(client):
    flagship = get_json(client, "/api/v0/projects/", {"level": "flagship"})
    code_or_tool = walk(client, "/api/v0/projects/", {"type": ["code", "tool"]})

    listed = ProjectPage.objects.listed()
    assert flagship["total_count"] == listed.filter(level="flagship").count() > 10
    assert {item["level"] for item in flagship["items"]} == {"flagship"}
    assert len(code_or_tool) == listed.filter(project_type__in=["code", "tool"]).count()
    assert {item["type"] for item in code_or_tool} == {"code", "tool"}


def test_nest_orderings_by_creation_and_update(client):
    oldest = walk(client, "/api/v0/projects/", {"ordering": "created_at"})
    newest = get_json(client, "/api/v0/projects/", {"ordering": "-updated_at", "page_size": 50})["items"]

    created = [item["created_at"] for item in oldest]
    assert created == sorted(created) and len(created) == ProjectPage.objects.listed().count()
    updated = [item["updated_at"] for item in newest]
    assert updated == sorted(updated, reverse=True)


def test_structured_q_matches_names_words_and_numbers(client, project_site):
    juice = get_json(client, "/api/v0/projects/", {"q": "name:juice"})
    quoted = get_json(client, "/api/v0/projects/", {"q": 'name:"cheat sheet"'})
    starred = get_json(client, "/api/v0/projects/", {"q": "stars:>1000"})
    both = get_json(client, "/api/v0/projects/", {"q": "name:juice stars>=100000"})
    words = get_json(client, "/api/v0/projects/", {"q": "juice"})

    assert [item["key"] for item in juice["items"]] == ["juice-shop"]
    assert [item["key"] for item in quoted["items"]] == ["cheat-sheets"]
    assert {item["key"] for item in starred["items"]} == {"juice-shop", "dependency-check"}
    assert all(item["stars_count"] > 1000 for item in starred["items"])
    assert both["items"] == []
    assert "juice-shop" in [item["key"] for item in words["items"]]


def test_without_github_the_project_figures_are_null_with_the_reason(client, settings):
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_API_URL = "https://api.github.com"

    body = get_json(client, "/api/v0/projects/juice-shop")

    for name in ("stars_count", "forks_count", "contributors_count", "open_issues_count", "health_score"):
        assert body[name] is None
        assert "GitHub not connected yet" in body["unknown_fields"][name]


def test_with_github_synced_figures_and_health_are_the_domain_s(client, project_site):
    juice = project_site["juice"]
    figures = type(juice.figures).objects.get(project=juice)

    body = get_json(client, "/api/v0/projects/juice-shop")
    zap_body = get_json(client, "/api/v0/projects/zap")

    assert body["stars_count"] == figures.stars_count > 0
    assert body["forks_count"] == figures.forks_count
    assert body["contributors_count"] == figures.contributors_count
    assert body["repositories_count"] == figures.repositories_count == 2
    assert body["unknown_fields"] == {}
    history = list(ProjectHealthRecord.objects.filter(project=juice).order_by("date").values_list("date", "score"))
    assert [(point["date"], point["score"]) for point in body["health_history"]] == [
        (day.isoformat(), score) for day, score in history
    ]
    assert body["health_score"] == history[-1][1]
    assert {check["name"] for check in body["health_checks"]} >= {"stars", "contributors", "leaders"}
    assert [repo["key"] for repo in body["repositories"]] == ["OWASP/juice-shop", "PyGithub/PyGithub"]
    assert body["languages"][0]["name"] in {"TypeScript", "Python"}
    assert [leader["key"] for leader in body["leaders"] if leader["name"] == "Björn Kimminich"] == [None]
    # A project with no repository linked: its figures are unknown, never 0.
    assert zap_body["stars_count"] is None
    assert zap_body["unknown_fields"]["stars_count"] == "No repository linked to this project"


def test_inactive_projects_are_listed_only_when_asked(client):
    inactive = ProjectPage.objects.published().filter(is_active=False)
    assert inactive.exists()

    default = get_json(client, "/api/v0/projects/")["total_count"]
    everything = get_json(client, "/api/v0/projects/", {"include_inactive": "true"})["total_count"]

    assert everything == default + inactive.count()


def test_tag_filter_and_include_inactive_detail(client):
    tagged = ProjectPage.objects.listed().filter(tags__contains=["ctf"])
    items = walk(client, "/api/v0/projects/", {"tag": "CTF"})

    assert {item["key"] for item in items} == {page.short_key for page in tagged} and items


def test_chapters_list_filters_and_detail(client):
    listed = ChapterPage.objects.listed()
    body = get_json(client, "/api/v0/chapters/")
    germany = walk(client, "/api/v0/chapters/", {"country": "germ"})
    located = listed.located()
    box = walk(
        client, "/api/v0/chapters/", {"latitude_gte": 45, "latitude_lte": 60, "longitude_gte": -10, "longitude_lte": 20}
    )
    london = get_json(client, "/api/v0/chapters/london")

    assert body["total_count"] == listed.count() > 500
    created = [item["created_at"] for item in body["items"]]
    assert created == sorted(created, reverse=True)  # Nest's default: newest first
    assert germany and {item["key"] for item in germany} == {
        page.short_key for page in listed.filter(country__icontains="germ")
    }
    assert {item["key"] for item in box} == {
        page.short_key
        for page in located.filter(latitude__gte=45, latitude__lte=60, longitude__gte=-10, longitude__lte=20)
    }
    assert all(45 <= item["latitude"] <= 60 and -10 <= item["longitude"] <= 20 for item in box)
    page = ChapterPage.objects.get(owasp_key="www-chapter-london")
    assert (london["key"], london["name"], london["country"], london["region"]) == (
        "london",
        page.title,
        page.country,
        page.region,
    )
    assert [leader["name"] for leader in london["leaders"]] == list(
        Leader.objects.filter(page=page).order_by("sort_order").values_list("name", flat=True)
    )
    assert london["heatmap"]["total"] == 0  # no leader matched to a GitHub account yet


def test_chapter_q_location_and_located(client):
    by_name = get_json(client, "/api/v0/chapters/", {"q": "name:london"})
    by_word = get_json(client, "/api/v0/chapters/", {"q": "london"})
    unlocated = get_json(client, "/api/v0/chapters/", {"located": "false"})

    assert "london" in [item["key"] for item in by_name["items"]]
    assert by_word["items"] == by_name["items"]
    assert unlocated["total_count"] == ChapterPage.objects.listed().unlocated().count()
    assert all(item["latitude"] is None and "latitude" in item["unknown_fields"] for item in unlocated["items"])


def test_committees(client):
    body = get_json(client, "/api/v0/committees/")
    detail = get_json(client, "/api/v0/committees/project")

    assert {item["key"] for item in body["items"]} == {page.short_key for page in CommitteePage.objects.listed()}
    page = CommitteePage.objects.get(owasp_key="www-committee-project")
    assert detail["name"] == page.title and detail["description"] == page.pitch
    assert get_json(client, "/api/v0/committees/www-committee-project") == detail


def test_events_default_order_upcoming_and_categories(client):
    today = timezone.now().date()
    items = walk(client, "/api/v0/events/")
    upcoming = walk(client, "/api/v0/events/", {"is_upcoming": "true"})
    global_events = walk(client, "/api/v0/events/", {"category": "global"})
    other = walk(client, "/api/v0/events/", {"category": "other"})

    listed = EventPage.objects.listed()
    assert len(items) == listed.count()
    dated = [item["start_date"] for item in items if item["start_date"]]
    assert dated == sorted(dated, reverse=True)
    undated = [item for item in items if not item["start_date"]]
    assert items[-len(undated) :] == undated and len(undated) == listed.undated().count() > 0
    assert all(item["unknown_fields"]["start_date"] for item in undated)
    assert [item["key"] for item in upcoming] == [page.short_key for page in listed.upcoming(today)]
    assert all(date.fromisoformat(item["start_date"]) >= today for item in upcoming)
    starts = [item["start_date"] for item in upcoming]
    assert starts == sorted(starts)
    assert {item["key"] for item in global_events} == {page.short_key for page in listed.filter(category="Global")}
    assert {item["category"] for item in other} == {"other"} and len(other) + len(global_events) <= len(items)


def test_an_event_detail(client):
    event = EventPage.objects.listed().filter(start_date__isnull=False).exclude(website="").first()

    body = get_json(client, f"/api/v0/events/{event.short_key}")

    assert (body["name"], body["start_date"], body["url"]) == (event.title, event.start_date.isoformat(), event.website)
    assert body["description"] == event.pitch


def test_sponsors_filters_and_detail(client):
    active = Sponsor.objects.active()
    body = get_json(client, "/api/v0/sponsors/")
    members = walk(client, "/api/v0/sponsors/", {"is_member": "true"})
    gold = walk(client, "/api/v0/sponsors/", {"member_type": "Gold"})
    not_sponsors = walk(client, "/api/v0/sponsors/", {"sponsor_type": "not a sponsor"})
    adobe = get_json(client, "/api/v0/sponsors/adobe")

    assert body["total_count"] == active.count() > 50
    names = [item["name"] for item in walk(client, "/api/v0/sponsors/")]
    assert names == list(active.order_by("name", "id").values_list("name", flat=True))  # Nest's default
    assert len(members) == active.members().count()
    assert {item["key"] for item in gold} == {sponsor.short_key for sponsor in active.filter(member_tier="gold")}
    assert {item["sponsor_type"] for item in not_sponsors} == {"Not a Sponsor"}
    sponsor = Sponsor.objects.get(owasp_key="corp-member-adobe")
    assert adobe["name"] == sponsor.name and adobe["is_member"] is sponsor.is_member
    assert adobe["member_type"] == sponsor.get_member_tier_display() and adobe["job_url"] == sponsor.job_url
    assert get_json(client, "/api/v0/sponsors/corp-member-adobe") == adobe


def test_an_editor_made_page_is_found_by_its_slug_and_dated_by_its_publication(client):
    page = factories.make_project("Editors' Project", level="lab", pitch="Made in the admin")
    never_published = get_json(client, f"/api/v0/projects/{page.slug}")
    page.save_revision().publish()
    page.refresh_from_db()

    body = get_json(client, f"/api/v0/projects/{page.slug}")

    assert never_published["created_at"] is None and "created_at" in never_published["unknown_fields"]

    assert body["key"] == page.slug and body["name"] == "Editors' Project"
    assert body["created_at"] == page.first_published_at.isoformat().replace("+00:00", "Z")


def test_unpublished_and_view_restricted_pages_are_not_found(client):
    from wagtail.models import PageViewRestriction

    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    ProjectPage.objects.filter(pk=juice.pk).update(live=False)
    london = ChapterPage.objects.get(owasp_key="www-chapter-london")
    PageViewRestriction.objects.create(page=london, restriction_type=PageViewRestriction.LOGIN)

    assert get_json(client, "/api/v0/projects/juice-shop", status=404) == {"message": "Project not found"}
    assert get_json(client, "/api/v0/projects/", {"q": "name:juice"})["items"] == []
    assert get_json(client, "/api/v0/chapters/london", status=404) == {"message": "Chapter not found"}
    assert get_json(client, "/api/v0/chapters/", {"q": "name:london"})["total_count"] == (
        ChapterPage.objects.listed().filter(title__icontains="london").count()
    )
