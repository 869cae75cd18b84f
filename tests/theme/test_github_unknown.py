"""Without GitHub data, GitHub figures read as unknown with the reason, never as 0; with GitHub synced, a
project without a linked repository says so instead of showing zeros."""

import re

import pytest

from apps.github.services.figures import refresh_project_figures
from apps.github.services.status import GitHubState, github_status
from tests import factories

pytestmark = pytest.mark.django_db

UNKNOWN = "\N{EN DASH}"  # how a page shows a figure it does not know


def stat_values(html: str) -> dict[str, str]:
    """Each stat's label and its value's visible text (tags and screen-reader text dropped)."""
    pairs = re.findall(r'<dt class="stat-label">(.*?)</dt><dd class="stat-value">(.*?)</dd>', html, re.S)
    visible = {}
    for label, value in pairs:
        value = re.sub(r'<span class="sr-only">.*?</span>', "", value, flags=re.S)
        visible[label] = re.sub(r"<[^>]+>", "", value).strip()
    return visible


@pytest.fixture
def owasp_only(data_dir):
    """The real OWASP projects, no GitHub sync ever: what a new user without a token sees."""
    projects = factories.real_projects(limit=5, keys=factories.KNOWN_PROJECTS)
    refresh_project_figures()
    return {project.owasp_key: project for project in projects}


def test_the_status_says_not_configured_never_synced_or_synced(settings, data_dir):
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_API_URL = "https://api.github.com"
    assert github_status().state == GitHubState.NOT_CONFIGURED
    assert "GITHUB_TOKEN" in github_status().reason

    settings.GITHUB_TOKEN = "ghp_configured"
    assert github_status().state == GitHubState.NEVER_SYNCED
    assert github_status().token_configured

    repository = factories.recorded_github(data_dir)["repository"]
    status = github_status()
    assert status.state == GitHubState.SYNCED and status.is_synced and status.reason == ""
    assert status.synced_at == type(repository).objects.get(pk=repository.pk).synced_at


def test_pages_without_github_data_say_not_connected_and_show_no_zero(client, settings, owasp_only):
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_API_URL = "https://api.github.com"
    juice = owasp_only["www-project-juice-shop"]

    home = client.get("/").content.decode()
    project = client.get(juice.url).content.decode()
    listing = client.get("/projects/").content.decode()
    contribute = client.get("/contribute/").content.decode()

    for html in (home, project, listing, contribute):
        assert "GitHub not connected yet" in html and "data-github-notice" in html
        assert settings.NEST_GITHUB_SETUP_URL in html
    home_stats = stat_values(home)
    assert home_stats["Contributors"] == UNKNOWN and home_stats["Open issues"] == UNKNOWN
    assert home_stats["Listed projects"] not in (UNKNOWN, "0")  # OWASP data is there: a real count
    project_stats = stat_values(project)
    assert {project_stats[name] for name in ("Stars", "Forks", "Contributors", "Health")} == {UNKNOWN}
    assert 'title="GitHub not connected yet: set GITHUB_TOKEN and run sync_github"' in project
    assert "No open issues." not in project and "No contributors synced yet." not in project
    cards = listing.count("data-result")
    assert "★ 0" not in listing and cards and listing.count("data-unknown") >= 2 * cards  # stars, contributors
    assert "No issue matches these filters right now." not in contribute


def test_a_configured_token_before_the_first_sync_says_not_synced_yet(client, settings, owasp_only):
    settings.GITHUB_TOKEN = "ghp_configured"

    html = client.get(owasp_only["www-project-juice-shop"].url).content.decode()

    assert "GitHub not synced yet" in html and "GitHub not connected yet" not in html
    assert stat_values(html)["Stars"] == UNKNOWN


def test_once_github_is_synced_a_project_without_repository_says_no_repository_linked(client, data_dir):
    site = factories.project_site(data_dir, limit=5, health_days=1)
    juice, zap = site["juice"], site["by_key"]["www-project-zap"]

    juice_html = client.get(juice.url).content.decode()
    zap_html = client.get(zap.url).content.decode()
    listing = client.get("/projects/?q=zap").content.decode()

    assert "data-github-notice" not in juice_html
    assert stat_values(juice_html)["Stars"] == str(juice.figures.stars_count) != "0"
    assert "No repository linked" in zap_html and "data-no-repository" in zap_html
    assert stat_values(zap_html)["Stars"] == UNKNOWN and "0" not in stat_values(zap_html).values()
    assert "no repository linked" in listing and "★ 0" not in listing
