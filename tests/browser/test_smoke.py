import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_styled_and_accessible(page, screenshot, axe):
    page.goto("/")

    assert page.locator("h1").first.inner_text().strip()
    # The stylesheet is served by the app itself: the header is laid out by Tailwind (flex).
    assert page.eval_on_selector("header > div", "el => getComputedStyle(el).display") == "flex"
    screenshot(page, "home")
    assert axe(page) == []
    assert page.js_errors == []


def test_pages_fit_a_phone_screen(browser, live_server, screenshot):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        for url, name in (("/", "phone-home"), ("/projects/", "phone-projects"), ("/chapters/", "phone-chapters")):
            tab.goto(url)
            # Nothing wider than the screen: no horizontal scrolling.
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390, url
            screenshot(tab, name)
    finally:
        context.close()
