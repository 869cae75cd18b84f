import json

import pytest

from apps.github.services.leaders import match_leaders
from tests import factories

pytestmark = pytest.mark.django_db

# Real chapters from chapters.json with their cities' coordinates (the sync looks these up in a gazetteer).
COORDINATES = {
    "www-chapter-london": (51.50853, -0.12574),
    "www-chapter-belgium": (50.85045, 4.34878),
    "www-chapter-netherlands": (52.37403, 4.88969),
}


@pytest.fixture
def chapters(data_dir):
    chapters = factories.real_chapters(limit=20, coordinates=COORDINATES)
    factories.show_only(chapters)
    return chapters


def test_chapter_list_shows_real_chapters_filters_and_sync_time(client, chapters):
    response = client.get("/chapters/")

    assert response.status_code == 200
    html = response.content.decode()
    listing = response.context["listing"]
    assert listing.total == len(chapters) == 23
    assert "From owasp.org, synced" in html
    assert "<option>Europe</option>" in html  # region filter options from the data
    assert "Needs Website Update" not in html.split('id="chapter-region"')[1].split("</select>")[0]
    assert 'id="chapter-map"' in html and "/chapters.geojson" in html


def test_chapter_list_filters_by_region_and_country(client, chapters):
    by_country = client.get("/chapters/", {"country": "Belgium"}).context["listing"]
    assert [chapter.title for chapter in by_country.page] == [c.title for c in chapters if c.country == "Belgium"]
    europe = client.get("/chapters/", {"region": "Europe"}).context["listing"]
    assert europe.total == sum(1 for c in chapters if c.region == "Europe")


def test_chapters_near_a_typed_city_are_sorted_by_distance(client, chapters):
    response = client.get("/chapters/", {"city": "Antwerp"})

    listing = response.context["listing"]
    names = [chapter.owasp_key for chapter in listing.page]
    assert names[:3] == ["www-chapter-belgium", "www-chapter-netherlands", "www-chapter-london"]
    assert "Antwerp (BE)" in response.content.decode()
    assert "km away" in response.content.decode()


def test_chapters_near_browser_coordinates(client, chapters):
    listing = client.get("/chapters/", {"lat": "51.5", "lon": "-0.1"}).context["listing"]
    assert next(iter(listing.page)).owasp_key == "www-chapter-london"


def test_unknown_city_and_bad_parameters_are_reported_not_errors(client, chapters):
    response = client.get("/chapters/", {"city": "Qwzxv", "lat": "abc", "page": "999"})

    assert response.status_code == 200
    assert "No city called" in response.content.decode()


def test_chapters_geojson_has_a_feature_per_located_chapter(client, chapters):
    response = client.get("/chapters.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    by_name = {feature["properties"]["name"]: feature for feature in data["features"]}
    assert len(data["features"]) == 3
    london = next(c for c in chapters if c.owasp_key == "www-chapter-london")
    assert by_name[london.title]["geometry"]["coordinates"] == [-0.12574, 51.50853]
    assert by_name[london.title]["properties"]["url"] == london.url


def test_chapter_page_shows_leaders_without_email_meetup_events_and_map(client, chapters):
    london = next(c for c in chapters if c.owasp_key == "www-chapter-london")
    factories.add_leader(london, "Sam Stepanyan", email="sam.secret@owasp.org", github_login="sam")
    factories.make_user("sam")  # a leader links to a member page only once that GitHub user is synced
    match_leaders()
    factories.make_event("OWASP London chapter meeting", factories.at(-10).date(), category="Chapter meeting")
    factories.make_event(
        "Threat modelling night",
        factories.at(-20).date(),
        owasp_key="www-chapter-london-event-2026-threat-modelling",
    )
    factories.make_event("OWASP Londonderry meetup", factories.at(-5).date(), owasp_key="meetup-1")
    factories.make_event("OWASP London chapter meeting 2019", factories.at(400).date())

    response = client.get(london.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{london.title}</h1>" in html
    assert "Sam Stepanyan" in html and "/members/sam/" in html
    assert "sam.secret" not in html
    assert [event.title for event in response.context["detail"]["upcoming_events"]] == [
        "OWASP London chapter meeting",
        "Threat modelling night",
    ]
    assert 'id="chapter-location"' in html
    assert "data-sync-line" in html


def test_chapter_pages_run_a_bounded_number_of_queries(client, chapters, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get("/chapters/", {"city": "London"}).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/chapters/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/chapters.geojson").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(chapters[0].url).status_code == 200
