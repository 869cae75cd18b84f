"""Every list validates its parameters through its FilterSet: bad ones give a message, never a 5xx."""

import pytest
from django.utils import timezone

from apps.github.models import ProjectFigures
from cms.models import EventPage, ProjectPage
from cms.models.projects import LEVEL_RANKS
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "x" * 10_000
LIST_PAGES = ("/projects/", "/chapters/", "/events/")


@pytest.fixture
def lists(data_dir):
    projects = factories.real_projects(limit=20)
    chapters = factories.real_chapters(limit=5, coordinates={"www-chapter-london": (51.50853, -0.12574)})
    committees = factories.real_committees()
    factories.show_only(projects)
    factories.show_only(chapters)
    factories.show_only([], model=EventPage)
    factories.make_event("OWASP Global AppSec EU", factories.at(-20).date(), category="Global")
    return {"projects": projects, "chapters": chapters, "committees": committees}


def html_of(response) -> str:
    assert response.status_code < 500
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/projects/", {"level": "legendary"}, "Level: Unknown value"),
        ("/projects/", {"sort": "-stars; DROP TABLE"}, "Sort by: Unknown value"),
        ("/projects/", {"type": "tool\x00"}, "Type: Unknown value"),
        ("/projects/", {"q": "juice\x00"}, "Null characters are not allowed"),
        ("/projects/", {"tag": "\x00"}, "Null characters are not allowed"),
        ("/projects/", {"language": HUGE}, "at most 100 characters"),
        ("/projects/", {"active": "maybe"}, "Unknown value"),
        ("/chapters/", {"lat": "999", "lon": "0"}, "Latitude: Ensure this value is less than or equal to 90"),
        ("/chapters/", {"lat": "abc", "lon": "1"}, "Latitude: Enter a number"),
        ("/chapters/", {"lat": "nan", "lon": "inf"}, "Enter a number"),
        ("/chapters/", {"country": "Belgium\x00"}, "Null characters are not allowed"),
        ("/chapters/", {"city": HUGE}, "City: Ensure this value has at most 100 characters"),
        ("/events/", {"category": "Global\x00"}, "Null characters are not allowed"),
        ("/events/", {"category": HUGE}, "at most 100 characters"),
    ],
)
def test_invalid_parameters_are_reported_on_the_page(client, lists, url, params, message):
    response = client.get(url, params)

    html = html_of(response)
    assert response.status_code == 200
    errors = html.split("data-filter-errors", 1)[1].split("</div>", 1)[0]
    assert message in errors
    assert HUGE not in errors and "\x00" not in html
    assert f'value="{HUGE}' not in html  # the form does not echo an invalid value


@pytest.mark.parametrize("url", LIST_PAGES)
@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=%00", "page=-3", "page=99999999999999999999", f"page={HUGE}", "unknown=%00", "utm=" + HUGE],
)
def test_forgiving_and_ignored_parameters_give_the_page_without_a_message(client, lists, url, query):
    response = client.get(f"{url}?{query}")

    assert response.status_code == 200
    assert "data-filter-errors" not in html_of(response)


def test_repeated_keys_use_the_last_value(client, lists):
    listing = client.get("/projects/?level=lab&level=flagship").context["listing"]

    assert listing.filters["level"] == "flagship"
    assert {project.level for project in listing.page} == {"flagship"}


def test_committees_take_no_parameters_and_ignore_any(client, lists):
    response = client.get("/committees/?q=%00&page=abc&sort=" + HUGE)

    assert response.status_code == 200
    assert all(committee.title in html_of(response) for committee in lists["committees"])


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"category": "Global"}, 200, "BEGIN:VCALENDAR"),
        ({"category": "No such category"}, 200, "BEGIN:VCALENDAR"),
        ({"category": "Global\x00"}, 400, "Category: Null characters are not allowed"),
        ({"category": HUGE}, 400, "Category: Ensure this value has at most 100 characters"),
    ],
)
def test_the_ical_feed_validates_its_category(client, lists, params, status, message):
    response = client.get("/events.ics", params)

    assert response.status_code == status
    assert message in html_of(response)


def level_then_name(project):
    return (-LEVEL_RANKS.get(project.level, 0), project.title.lower(), project.pk)


def test_default_order_is_level_then_name_case_insensitive(client, lists):
    listed = [p for p in lists["projects"] if p.is_active]

    titles = [p.title for p in client.get("/projects/").context["listing"].page]

    assert titles == [p.title for p in sorted(listed, key=level_then_name)]
    by_name = [p.title for p in sorted(listed, key=lambda p: (p.title.lower(), p.pk))]
    # The real names mix cases ("OWASP aegis4j", "OWASP AI …", "OWASP Amass"): case-sensitive order differs.
    assert by_name != sorted(by_name)
    assert [p.title for p in client.get("/projects/", {"sort": "name"}).context["listing"].page] == by_name


def test_sorting_by_stars_when_every_project_has_none_falls_back_to_the_name(client, lists):
    ProjectFigures.objects.bulk_create(
        ProjectFigures(project=project, refreshed_at=timezone.now()) for project in lists["projects"]
    )
    assert set(ProjectFigures.objects.values_list("stars_count", flat=True)) == {0}

    titles = [p.title for p in client.get("/projects/", {"sort": "stars"}).context["listing"].page]

    assert titles == sorted(titles, key=str.lower)


def test_ties_on_the_name_are_broken_by_id(lists):
    twin = lists["projects"][0]
    copy = factories.add_page(
        twin.get_parent(), ProjectPage(title=twin.title.upper(), slug=f"{twin.slug}-copy", level=twin.level)
    )

    ordered = list(ProjectPage.objects.listed().ordered("name").filter(pk__in=[twin.pk, copy.pk]))

    assert [page.pk for page in ordered] == sorted([twin.pk, copy.pk])
