import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATES = {
    "www-chapter-london": (51.50853, -0.12574),
    "www-chapter-belgium": (50.85045, 4.34878),
    "www-chapter-netherlands": (52.37403, 4.88969),
    "www-chapter-bay-area": (37.77493, -122.41942),
    "www-chapter-bangalore": (12.97194, 77.59369),
}


def test_chapters_map_clusters_markers_and_a_marker_opens_its_chapter(page, screenshot, axe, data_dir):
    factories.show_only(factories.real_chapters(limit=10, coordinates=COORDINATES))

    page.goto("/chapters/")
    page.wait_for_selector("#chapter-map[data-ready=true]")
    assert page.get_attribute("#chapter-map", "data-markers") == "5"
    page.wait_for_selector(".leaflet-overlay-pane path")  # the offline world outline is drawn
    screenshot(page, "chapters-map")

    # Europe's three chapters start as one cluster; zoom in until Bangalore's own marker shows, then click it.
    page.locator(".chapter-pin[title='OWASP Bangalore']").click()
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for()
    assert popup.inner_text() == "OWASP Bangalore"
    screenshot(page, "chapters-map-popup")
    popup.click()
    page.wait_for_url("**/chapters/bangalore/")
    assert page.locator("h1").inner_text() == "OWASP Bangalore"
    page.wait_for_selector("#chapter-location[data-ready=true]")
    screenshot(page, "chapter-bangalore")
    assert axe(page) == []
    assert page.js_errors == []


def test_chapters_list_is_accessible_and_near_me_by_city_sorts_by_distance(page, screenshot, axe, data_dir):
    factories.show_only(factories.real_chapters(limit=10, coordinates=COORDINATES))

    page.goto("/chapters/")
    page.wait_for_selector("#chapter-map[data-ready=true]")
    assert axe(page) == []
    page.fill("#chapter-city", "Amsterdam")
    page.click("text=Find")
    page.wait_for_url("**city=Amsterdam**")
    first = page.locator("[data-result] a").first
    assert first.inner_text() == "OWASP Netherlands"
    screenshot(page, "chapters-near-amsterdam")
