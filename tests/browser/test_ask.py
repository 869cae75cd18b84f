"""/ask/ in the browser: a visitor reaches it from the header, asks a real question about the real data and
sees the answer with its source as a card linking to the page; a question not about OWASP is declined."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Which project is an intentionally insecure web application for security training?"


def test_a_visitor_asks_a_question_and_opens_its_source(page, screenshot, axe, embedded_owasp):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ask", exact=True).click()
    page.wait_for_url("**/ask/")
    assert page.get_by_role("link", name="Ask", exact=True).get_attribute("aria-current") == "page"

    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask", exact=True).click()

    answer = page.locator("[data-answer]")
    answer.wait_for()
    assert answer.get_attribute("data-status") == "answered"
    card = page.locator("[data-source]").first
    assert card.get_attribute("data-type") == "project" and card.get_attribute("data-key") == "juice-shop"
    assert "OWASP Juice Shop" in page.locator("[data-answer-text]").inner_text()
    screenshot(page, "ask-answered")
    assert axe(page) == []

    card.get_by_role("link", name="OWASP Juice Shop").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().strip() == "OWASP Juice Shop"
    assert page.js_errors == [] and page.csp_violations == []


def test_a_question_not_about_owasp_is_declined_on_the_page(page, embedded_owasp):
    page.goto("/ask/")
    page.get_by_label("Your question").fill("How do I bake sourdough bread at home?")
    page.get_by_role("button", name="Ask", exact=True).click()

    answer = page.locator("[data-answer]")
    answer.wait_for()
    assert answer.get_attribute("data-status") == "declined"
    assert page.locator("[data-source]").count() == 0
    assert "Sorry" in page.locator("[data-answer-text]").inner_text()
