"""The demo in a browser: the app in demo mode (database marked, the fake GitHub synced through the real
client) shows the demo banner on every page, with the generated GitHub figures in place of unknowns."""

import pytest

from devtools.demo import demo_dataset, sync_demo
from devtools.fake_github import FakeGitHub
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings, data_dir):
    settings.NEST_DEMO = True
    projects = factories.real_projects(limit=3, keys=("www-project-juice-shop",))
    factories.keep_only(projects)  # the demo serves the repositories of the pages there are
    with FakeGitHub(demo_dataset("OWASP")) as fake:
        run = sync_demo(fake, "OWASP")
    assert not run.report.stopped
    return {project.owasp_key: project for project in projects}


def test_demo_pages_carry_the_demo_banner_and_the_synced_figures(page, demo_site, screenshot):
    juice = demo_site["www-project-juice-shop"]

    for url in ("/", "/projects/", juice.url, "/contribute/"):
        page.goto(url)
        banner = page.locator("[data-demo-banner]")
        assert banner.is_visible(), url
        assert "Demo data" in banner.inner_text()
        assert page.locator("[data-github-notice]").count() == 0, url
    page.goto(juice.url)
    stars = page.locator(".stat", has_text="Stars").locator(".stat-value").inner_text().strip()
    assert stars.isdigit()
    screenshot(page, "demo-project")
    assert page.js_errors == []
