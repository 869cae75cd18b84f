"""Where chapters are placed, on the real chapters.json and www-chapter-* repositories, and how precisely."""

import pytest

from apps.owasp.sources.base import LocalSnapshotSource
from apps.owasp.sources.chapters import read_chapters
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.geo import gazetteer
from apps.owasp.sync.owasp import sync_owasp
from cms.models import ChapterPage


@pytest.fixture(scope="module")
def chapters(data_dir):
    return {record.key: record for record in read_chapters(Upstream(LocalSnapshotSource(data_dir))).records}


def test_a_us_zip_code_places_the_chapter_before_any_name_match(chapters):
    # index.md: country USA, postal-code 94105. A word of "Bay Area" is an old name of Mundelein, Illinois.
    bay_area = chapters["www-chapter-bay-area"]

    assert (bay_area.location_precision, bay_area.city, bay_area.postal_code) == ("postal", "San Francisco", "94105")
    assert (round(bay_area.latitude, 2), round(bay_area.longitude, 2)) == (37.79, -122.39)
    detroit = chapters["www-chapter-detroit"]  # postal-code 48201
    assert (detroit.location_precision, detroit.city) == ("postal", "Detroit")


def test_a_postal_code_no_shipped_data_covers_falls_back_to_the_city(chapters):
    nagpur = chapters["www-chapter-nagpur"]  # an Indian PIN code (440001): no offline data set has those

    assert (nagpur.location_precision, nagpur.city, nagpur.country) == ("city", "Nagpur", "India")


@pytest.mark.parametrize(
    ("key", "city", "country"),
    [
        ("www-chapter-abidjan", "Abidjan", "Ivory Coast"),
        ("www-chapter-almeria", "Almería", "Spain"),
        ("www-chapter-astana", "Astana", "Kazakhstan"),
    ],
)
def test_a_city_chapter_without_a_country_gets_the_citys_country(chapters, key, city, country):
    record = chapters[key]

    assert (record.location_precision, record.city, record.country) == ("city", city, country)


def test_a_chapter_named_after_a_country_is_that_country_not_a_town_of_that_name(chapters):
    # GeoNames has towns called Costa Rica (Brazil), Venezuela (Cuba) and Armenia (Colombia).
    for key, country in [
        ("www-chapter-costa-rica", "Costa Rica"),
        ("www-chapter-venezuela", "Venezuela"),
        ("www-chapter-armenia", "Armenia"),
    ]:
        record = chapters[key]
        assert (record.location_precision, record.country, record.city) == ("country", country, ""), key


def test_a_citys_own_name_wins_over_another_citys_former_name(chapters):
    # Sahiwal (Pakistan) was once Montgomery; Chattogram's alternate names include Islamabad.
    assert chapters["www-chapter-montgomery"].city == "Montgomery"
    assert (chapters["www-chapter-islamabad-old"].city, chapters["www-chapter-islamabad-old"].country) == (
        "Islamabad",
        "Pakistan",
    )


def test_a_us_state_chapter_is_placed_in_the_country_not_in_a_town_once_called_so(chapters):
    maine = chapters["www-chapter-maine"]  # "Maine" is an alternate name of Des Plaines, Illinois

    assert (maine.location_precision, maine.country, maine.city) == ("country", "United States", "")


def test_every_precision_is_one_the_page_model_knows(chapters):
    known = {value for value, _label in ChapterPage._meta.get_field("location_precision").choices}

    assert {record.location_precision for record in chapters.values()} <= known
    assert sum(record.location_precision == "postal" for record in chapters.values()) == 2


def test_the_region_rules_out_other_continents_when_the_country_is_unknown():
    places = gazetteer()

    assert places.locate(name="Georgetown", region="North America").country_code == "US"
    assert places.locate(name="Georgetown", region="South America").country_code == "GY"
    # A known country is never left for a city of the same name elsewhere.
    assert places.locate(name="Bay Area", country="USA").precision == "country"
    assert places.locate(name="Odessa", country="Ukraine").country_code == "UA"
    assert places.postal("94105", "GB") is None


@pytest.mark.django_db
def test_the_chapter_page_says_how_approximate_its_place_is(snapshot, client):
    snapshot.site_list("chapters.json", ["www-chapter-london", "www-chapter-bangalore", "www-chapter-bay-area"])
    snapshot.repo("www-chapter-bay-area")
    sync_owasp(snapshot.root)

    bay_area = ChapterPage.objects.get(owasp_key="www-chapter-bay-area")
    assert (bay_area.location_precision, bay_area.city) == ("postal", "San Francisco")
    assert "Approximate: placed by its postal code." in client.get(bay_area.url).content.decode()
    london = client.get(ChapterPage.objects.get(owasp_key="www-chapter-london").url).content.decode()
    assert "data-location-precision" not in london  # exact coordinates from its chapter.owasp.yaml


def test_a_typed_city_is_looked_up_in_the_same_gazetteer_that_places_chapters(chapters):
    from theme.geo import resolve_city

    bangalore = chapters["www-chapter-bangalore"]
    typed = resolve_city("Bengaluru")
    assert (typed.latitude, typed.longitude) == (bangalore.latitude, bangalore.longitude)
    assert resolve_city("London, Canada").country_code == "CA"
    assert resolve_city("London, CA").country_code == "CA"
    assert resolve_city("london").country_code == "GB"
    assert resolve_city("Qwzxv") is None
