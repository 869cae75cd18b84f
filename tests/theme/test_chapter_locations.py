"""Where the real chapters are, as the sync placed them: "near me" ranks and labels each chapter by how
precisely it is placed, and the map says which chapters it cannot show. One full sync of chapters.json and the
www-chapter-* repositories (about a minute), shared by the checks."""

import json

import pytest

from apps.owasp.sync.owasp import sync_owasp
from cms.models import ChapterPage

pytestmark = pytest.mark.django_db

# Real UK chapters that give only their country: the sync places them at London, the capital.
UK_COUNTRY_ONLY = {
    "www-chapter-dorset",
    "www-chapter-newcastle-uk",
    "www-chapter-suffolk",
    "www-chapter-worcestershire",
}
LONDON = (51.50853, -0.12574)


def test_near_me_and_the_map_on_the_real_chapters(client, data_dir):
    sync_owasp(data_dir, only=["chapters"])
    chapters = ChapterPage.objects.listed()

    check_country_placed_chapters_rank_behind_the_others(chapters)
    check_near_london_starts_with_london_and_never_says_0_km(client)
    check_country_placed_cards_say_where_instead_of_a_distance(client)
    check_the_map_says_which_chapters_it_leaves_out(client, chapters)


def check_country_placed_chapters_rank_behind_the_others(chapters):
    rows = list(chapters.nearest(*LONDON))
    precise = [row for row in rows if not row.is_placed_in_country_only]
    by_country = [row for row in rows if row.is_placed_in_country_only]

    assert {row.owasp_key for row in by_country} >= UK_COUNTRY_ONLY
    assert rows == precise + by_country
    assert [row.distance_km for row in precise] == sorted(row.distance_km for row in precise)
    assert all(row.distance_km is None for row in by_country)  # unknown, not 0
    # Among them, those placed at the capital nearest the origin come first: London's own.
    at_london = [row.owasp_key for row in by_country if (row.latitude, row.longitude) == LONDON]
    assert at_london == [row.owasp_key for row in by_country[: len(at_london)]]
    assert set(at_london) >= UK_COUNTRY_ONLY


def check_near_london_starts_with_london_and_never_says_0_km(client):
    response = client.get("/chapters/", {"city": "London"})

    first = next(iter(response.context["listing"].page))
    assert first.owasp_key == "www-chapter-london"
    assert first.distance_km < 10
    assert " 0 km away" not in response.content.decode()


def check_country_placed_cards_say_where_instead_of_a_distance(client):
    response = client.get("/chapters/", {"city": "London", "country": "United Kingdom"})

    keys = [chapter.owasp_key for chapter in response.context["listing"].page]
    assert keys[0] == "www-chapter-london"
    assert set(keys[-len(UK_COUNTRY_ONLY) :]) == UK_COUNTRY_ONLY
    html = response.content.decode()
    assert html.count("somewhere in United Kingdom") == len(UK_COUNTRY_ONLY)
    assert " 0 km away" not in html
    dorset = html.split("OWASP Dorset")[1].split("</li>")[0]
    assert "somewhere in United Kingdom" in dorset and "km away" not in dorset


def check_the_map_says_which_chapters_it_leaves_out(client, chapters):
    unlocated = set(chapters.filter(latitude__isnull=True).values_list("pk", flat=True))
    assert 30 <= len(unlocated) <= 40

    html = client.get("/chapters/").content.decode()
    note = html.split("data-unlocated-note>")[1].split("</p>")[0]
    assert f"{len(unlocated)} chapters have no known location" in note
    assert 'href="?located=no"' in note

    response = client.get("/chapters/", {"located": "no"})
    listing = response.context["listing"]
    assert listing.total == len(unlocated)
    assert {chapter.pk for chapter in listing.page} <= unlocated
    assert f"{len(unlocated)} chapters with no known location" in response.content.decode()
    features = json.loads(client.get("/chapters.geojson").content)["features"]
    assert len(features) == chapters.count() - len(unlocated)
    assert client.get("/chapters/", {"located": "yes"}).context["listing"].total == len(features)


def test_an_unknown_located_value_is_reported_not_an_error(client):
    response = client.get("/chapters/", {"located": "maybe"})

    assert response.status_code == 200  # list pages show what was ignored, as for every other parameter
    assert "Location: Unknown value; pick one from the list." in response.content.decode()
