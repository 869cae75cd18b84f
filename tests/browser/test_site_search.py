"""The site's one search box, in the header of every page: suggestions as you type, driven by the keyboard."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_header_box_suggests_and_opens_a_project_from_any_page(page, screenshot, axe, data_dir):
    factories.project_site(data_dir, limit=12, health_days=3)
    london = next(
        chapter
        for chapter in factories.real_chapters(limit=1, coordinates={"www-chapter-london": (51.5, -0.12)})
        if chapter.owasp_key == "www-chapter-london"
    )

    for start, name in (("/", "home"), (london.url, "chapter")):
        page.goto(start)
        box = page.locator("header #project-search")
        assert box.get_attribute("role") == "combobox"
        box.press_sequentially("juice")
        options = page.locator("#project-suggestions[role=listbox] [role=option]")
        options.first.wait_for()
        assert box.get_attribute("aria-expanded") == "true"
        assert "OWASP Juice Shop" in options.first.inner_text()

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


def test_arrows_move_through_suggestions_and_escape_closes_them(page, data_dir):
    factories.project_site(data_dir, limit=12, health_days=1)

    page.goto("/about/")
    box = page.locator("#project-search")
    box.press_sequentially("owasp")
    options = page.locator("#project-suggestions [role=option]")
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
    assert page.locator("#project-suggestions").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert page.url.endswith("/about/")  # Escape neither submits nor leaves
    assert page.js_errors == []


def test_submitting_shows_the_one_box_holding_the_query(page, data_dir):
    factories.project_site(data_dir, limit=12, health_days=1)

    page.goto("/")
    page.locator("#project-search").fill("juice")
    page.locator("#project-search").press("Enter")
    page.wait_for_url("**/projects/?q=juice")

    boxes = page.locator("input[type=search]:visible, input[type=text]:visible")
    assert boxes.count() == 1
    assert page.locator("header #project-search").input_value() == "juice"
    results = page.locator("section[aria-labelledby=results-heading] [data-result] a")
    assert "OWASP Juice Shop" in results.all_inner_texts()

    # The filters keep the words of the box, also when they were changed without submitting it.
    page.locator("#project-search").fill("zap")
    page.click("text=Apply")
    page.wait_for_url("**q=zap**")
    assert page.locator("header #project-search").input_value() == "zap"
    assert page.js_errors == []
