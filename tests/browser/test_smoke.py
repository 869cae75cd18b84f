import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_renders_styled_and_accessible(page, screenshot, axe):
    page.goto("/")

    assert page.locator("h1").first.inner_text().strip()
    # The stylesheet is served by the app itself: the header is laid out by Tailwind (flex).
    assert page.eval_on_selector("header > div", "el => getComputedStyle(el).display") == "flex"
    screenshot(page, "home")
    assert axe(page) == []
    assert page.js_errors == []
