import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_filter_and_open_a_project(page, screenshot, axe, data_dir):
    factories.project_site(data_dir, limit=12, health_days=20)

    page.goto("/projects/")
    screenshot(page, "projects")
    assert axe(page) == []

    # Search as you type: suggestions appear after two characters (debounced), and lead to the project.
    page.fill("#site-search", "ju")
    suggestion = page.locator("#site-search-options a", has_text="OWASP Juice Shop")
    suggestion.wait_for()
    screenshot(page, "projects-search-as-you-type")

    # Filters: flagship + TypeScript leaves Juice Shop only.
    page.select_option("#filter-level", "flagship")
    page.select_option("#filter-language", "TypeScript")
    page.click("text=Apply")
    page.wait_for_url("**level=flagship**")
    results = page.locator("section[aria-labelledby=results-heading] [data-result] a")
    assert results.all_inner_texts() == ["OWASP Juice Shop"]
    screenshot(page, "projects-filtered")

    results.first.click()
    page.wait_for_url("**/projects/juice-shop/")
    assert page.locator("h1").inner_text() == "OWASP Juice Shop"
    page.wait_for_selector("#health-chart[data-ready=true]")
    screenshot(page, "project-juice-shop")
    assert axe(page) == []
    assert page.js_errors == []
