"""GraphiQL runs in a real browser from the site's own assets: it loads, sends a query with the page's
CSRF token and shows the answer, without a script error or a Content-Security-Policy violation."""

from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_graphiql_runs_a_query_and_shows_the_answer(page, settings, screenshot):
    settings.NEST_GRAPHIQL = True
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    query = '{ siteName project(key: "juice-shop") { name level } }'

    page.goto(f"/graphql/#query={quote(query)}")
    page.wait_for_selector(".graphiql-container")
    page.click(".graphiql-execute-button")
    result = page.locator(".result-window")
    result.get_by_text("OWASP Juice Shop").wait_for()
    screenshot(page, "graphiql")

    answer = " ".join(result.inner_text().split())
    assert '"siteName": "OWASP Nest"' in answer
    assert '"name": "OWASP Juice Shop", "level": "flagship"' in answer
    assert all(url.startswith(page.url.split("/graphql/")[0]) for url in requests), requests
    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.js_errors == []
