"""The site's one search box, in the header of every page: suggestions of every type as you type, driven by the
keyboard; Enter without a choice leads to the results page, whose facets narrow the results."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def steady(settings):
    """Statement timeouts no busy moment reaches (the live server runs in this process): on this shared 2-core
    machine the service's budgets are sometimes cut short, and a search cut to names only ("degraded") finds
    other results than the ones these tests choose from. What a timeout does is the service's tests' business."""
    settings.SEARCH_STATEMENT_TIMEOUT_MS = settings.SEARCH_AS_YOU_TYPE_TIMEOUT_MS = 5000


def choose_with_arrows(page, box, options, text: str) -> int:
    """Press ArrowDown until the option holding ``text`` is the active one; returns its position."""
    texts = options.all_inner_texts()
    position = next(index for index, option in enumerate(texts) if text in option)
    for _ in range(position + 1):
        box.press("ArrowDown")
    chosen = options.nth(position)
    assert chosen.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    assert options.evaluate_all("all => all.filter(o => o.getAttribute('aria-selected') === 'true').length") == 1
    return position


def test_the_header_box_suggests_and_opens_a_project_from_any_page(page, screenshot, axe, data_dir):
    factories.project_site(data_dir, limit=12, health_days=3)
    london = next(
        chapter
        for chapter in factories.real_chapters(limit=1, coordinates={"www-chapter-london": (51.5, -0.12)})
        if chapter.owasp_key == "www-chapter-london"
    )

    for start, name in (("/", "home"), (london.url, "chapter")):
        page.goto(start)
        box = page.locator("header #site-search")
        assert box.get_attribute("role") == "combobox"
        box.press_sequentially("juice")
        options = page.locator("#site-search-options[role=listbox] [role=option]")
        options.first.wait_for()
        assert box.get_attribute("aria-expanded") == "true"
        assert "OWASP Juice Shop" in options.first.inner_text()
        assert "Project" in options.first.inner_text()  # each suggestion says what it is

        box.press("ArrowDown")
        assert options.first.get_attribute("aria-selected") == "true"
        assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
        screenshot(page, f"search-box-{name}")
        assert axe(page) == []
        box.press("Enter")
        page.wait_for_url("**/projects/juice-shop/")
        assert page.locator("h1").inner_text() == "OWASP Juice Shop"
    assert page.js_errors == []
    assert page.csp_violations == []


def test_typing_a_city_suggests_its_chapter_and_the_keyboard_opens_it(page, screenshot, axe):
    page.goto("/about/")
    box = page.locator("header #site-search")
    box.press_sequentially("londo")
    options = page.locator("#site-search-options [role=option]")
    chapter = page.locator("#site-search-options [data-type=chapter] [role=option]", has_text="OWASP London")
    chapter.wait_for()
    assert "Chapter" in chapter.inner_text()
    assert page.locator("#site-search-status").inner_text() == f"{options.count()} suggestions"

    choose_with_arrows(page, box, options, "OWASP London")
    screenshot(page, "search-box-chapter-suggestion")
    assert axe(page) == []
    box.press("Enter")
    page.wait_for_url("**/chapters/london/")
    assert page.locator("h1").inner_text() == "OWASP London"
    assert page.js_errors == []
    assert page.csp_violations == []


def test_arrows_move_through_suggestions_and_escape_closes_them(page, data_dir):
    factories.project_site(data_dir, limit=12, health_days=1)

    page.goto("/about/")
    box = page.locator("#site-search")
    box.press_sequentially("owasp")
    options = page.locator("#site-search-options [role=option]")
    options.nth(1).wait_for()
    count = options.count()

    box.press("ArrowDown")
    box.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.first.get_attribute("aria-selected") == "false"
    box.press("ArrowUp")
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # from the first, round to the last
    assert options.nth(count - 1).get_attribute("aria-selected") == "true"

    box.press("Escape")
    assert page.locator("#site-search-options").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert page.url.endswith("/about/")  # Escape neither submits nor leaves
    assert page.js_errors == []


def test_enter_without_a_choice_shows_the_results_page_in_the_one_box(page, data_dir):
    factories.project_site(data_dir, limit=12, health_days=1)

    page.goto("/")
    page.locator("#site-search").fill("juice")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/?q=juice")

    boxes = page.locator("input[type=search]:visible, input[type=text]:visible")
    assert boxes.count() == 1
    assert page.locator("header #site-search").input_value() == "juice"
    results = page.locator("section[aria-labelledby=results-heading] [data-result] a")
    assert results.first.inner_text() == "OWASP Juice Shop"

    # The projects list still takes the box's words into its filters, also when changed without submitting it.
    page.goto("/projects/?q=juice")
    assert page.locator("header #site-search").input_value() == "juice"
    page.locator("#site-search").fill("zap")
    page.click("text=Apply")
    page.wait_for_url("**q=zap**")
    assert page.locator("header #site-search").input_value() == "zap"
    assert page.js_errors == []


def test_clicking_a_facet_narrows_the_results_and_clicking_it_again_removes_it(page, screenshot, axe):
    page.goto("/search/?q=juice")
    results = page.locator("section[aria-labelledby=results-heading] [data-result]")
    everything = results.count()
    assert {results.nth(n).get_attribute("data-type") for n in range(everything)} >= {"project", "event"}
    page.wait_for_selector("#facet-chart[data-ready=true]")  # the counts by type, drawn
    screenshot(page, "search-results")
    assert axe(page) == []

    events = page.locator("[data-facet=type] a[data-facet-value=event]")
    expected = int(events.locator(".muted").inner_text())
    events.click()
    page.wait_for_url("**type=event**")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["juice"], "type": ["event"]}
    assert results.count() == expected < everything
    assert {results.nth(n).get_attribute("data-type") for n in range(results.count())} == {"event"}
    selected = page.locator("[data-facet=type] a[aria-current=true]")
    assert selected.get_attribute("data-facet-value") == "event"
    screenshot(page, "search-results-events")
    assert axe(page) == []

    selected.click()
    page.wait_for_url("**/search/?q=juice")
    assert results.count() == everything
    assert page.js_errors == []
    assert page.csp_violations == []
