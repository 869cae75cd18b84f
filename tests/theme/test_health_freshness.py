"""A project's health score says how fresh it is, on the site and in the APIs: as of the sync of the figures it
was scored from (``ProjectHealthRecord.synced_at``), or unknown with the reason, never the score a daily run
gave from zeros, while GitHub was never synced or none of the project's repositories was synced when it was
scored (``apps.github.services.freshness.health_freshness``).

The user's path: the real OWASP sync, the daily health run (``refresh_project_health``) before any GitHub sync,
a real ``sync_github`` against the fake GitHub, the next day's run."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from api.rest.serializers.common import api_time
from apps.github.models import ProjectFigures, ProjectHealthRecord, Repository
from apps.github.services.health import refresh_project_health
from cms.models import LinkKind, ProjectLink
from tests import factories
from tests.api.graphql.conftest import graphql  # noqa: F401 - the fixture
from tests.api.rest.conftest import fresh_api_cache, get_json, walk  # noqa: F401 - the fixture
from tests.fakes.github import ORG, make_client
from tests.theme.test_freshness import NOT_CONNECTED, fresh_install, not_connected  # noqa: F401 - fixtures
from tests.theme.test_github_unknown import UNKNOWN, stat_values

# The API's cache is keyed by a data version a rolled-back test never bumps: a fresh one per test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_cache")]

NO_REPOSITORY = "No repository of this project was synced when it was scored"
HEALTH_QUERY = """query($key: String!) { project(key: $key) {
  healthMetricsLatest { score starsCount githubSyncedAt unknownReason checks { name } }
  healthMetricsList { createdAt score githubSyncedAt unknownReason }
} }"""


def chart_scores(html: str) -> list | None:
    """The health chart's daily scores (None: no chart on the page)."""
    found = re.search(r'<script id="health-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["scores"] if found else None


def health_span(html: str) -> str:
    """The project page's Health stat, as written."""
    return re.search(r'<dt class="stat-label">Health</dt><dd class="stat-value">(.*?)</dd>', html, re.S).group(1)


def graphql_project(graphql, key):  # noqa: F811
    body = graphql(HEALTH_QUERY, {"key": key})
    assert "errors" not in body, body
    return body["data"]["project"]


@pytest.fixture
def synced_after_a_day(data_dir, fake_github, github_dataset):
    """Yesterday's daily health run before GitHub was ever synced; then Cheat Sheets linked to two of the fake
    GitHub's repositories, a real ``sync_github``, and today's run. Juice Shop links no repository the fake
    serves."""
    projects = factories.real_projects(limit=5, keys=factories.KNOWN_PROJECTS)
    factories.show_only(projects)
    by_key = {project.owasp_key: project for project in projects}
    cheats, juice = by_key["www-project-cheat-sheets"], by_key["www-project-juice-shop"]
    today = timezone.now().date()
    refresh_project_health(on=today - timedelta(days=1))
    for order, name in enumerate(sorted(github_dataset.organizations[ORG].repos)[:2]):
        ProjectLink.objects.create(
            page=cheats, url=f"https://github.com/{ORG}/{name}", kind=LinkKind.REPOSITORY, sort_order=100 + order
        )
    client = make_client(fake_github)
    try:
        from apps.github.sync import sync_github

        report = sync_github(ORG, client=client)
    finally:
        client.close()
    assert not report.stopped, report.summary()
    refresh_project_health(on=today)
    assert not Repository.objects.filter(project=juice).exists()
    return {"cheats": cheats, "juice": juice}


def test_a_fresh_install_shows_health_as_unknown_with_the_reason(client, graphql, fresh_install):  # noqa: F811
    refresh_project_health()  # the daily run, with no GitHub data: every check reads a zero
    juice = fresh_install["www-project-juice-shop"]
    record = ProjectHealthRecord.objects.get(project=juice)
    assert record.repositories_count == 0 and record.synced_at is None

    page = client.get(juice.url).content.decode()
    listing = client.get("/projects/").content.decode()
    item = next(item for item in walk(client, "/api/v0/projects/") if item["key"] == juice.short_key)
    detail = get_json(client, f"/api/v0/projects/{juice.short_key}")
    data = graphql_project(graphql, juice.short_key)

    assert stat_values(page)["Health"] == UNKNOWN and f'title="{NOT_CONNECTED}"' in health_span(page)
    assert chart_scores(page) is None  # no chart of unknown scores
    assert listing.count("data-result") and not re.search(r"health \d+/100", listing)  # no card claims a score
    for body in (item, detail):
        assert body["health_score"] is None and body["health_synced_at"] is None
        assert body["unknown_fields"]["health_score"] == NOT_CONNECTED
    assert detail["health_checks"] is None
    assert [
        (point["score"], point["github_synced_at"], point["unknown_reason"]) for point in detail["health_history"]
    ] == [(None, None, NOT_CONNECTED)]
    assert data["healthMetricsLatest"] == {
        "score": None,
        "starsCount": None,
        "githubSyncedAt": None,
        "unknownReason": NOT_CONNECTED,
        "checks": [],
    }


def test_after_a_github_sync_the_health_score_shows_as_of_its_figures_sync(client, graphql, synced_after_a_day):  # noqa: F811
    cheats = synced_after_a_day["cheats"]
    figures = ProjectFigures.objects.get(project=cheats)
    yesterday, today = ProjectHealthRecord.objects.filter(project=cheats).order_by("date")
    assert (yesterday.repositories_count, yesterday.synced_at) == (0, None)  # scored before GitHub was synced
    assert (today.repositories_count, today.synced_at) == (2, figures.synced_at) and today.synced_at is not None
    as_of = figures.synced_at.isoformat()

    page = client.get(cheats.url).content.decode()
    listing = client.get("/projects/", {"q": "cheat"}).content.decode()
    item = next(item for item in walk(client, "/api/v0/projects/") if item["key"] == cheats.short_key)
    detail = get_json(client, f"/api/v0/projects/{cheats.short_key}")
    data = graphql_project(graphql, cheats.short_key)

    assert stat_values(page)["Health"] == f"{today.score}/100" and f'data-as-of="{as_of}"' in health_span(page)
    assert f'data-health-as-of>Latest health score as of <time datetime="{as_of}">' in page
    assert chart_scores(page) == [None, today.score]  # yesterday's unknown score is a gap, not a 0
    card = re.search(r"<span data-health[^>]*>", listing).group(0)
    assert f'data-as-of="{as_of}"' in card and f"health {today.score}/100" in listing
    for body in (item, detail):
        assert body["health_score"] == today.score and body["health_synced_at"] == api_time(figures.synced_at)
        assert "health_score" not in body["unknown_fields"]
    assert {check["name"] for check in detail["health_checks"]} >= {"stars", "contributors"}
    assert [
        (point["score"], point["github_synced_at"], point["unknown_reason"]) for point in detail["health_history"]
    ] == [
        (None, None, NO_REPOSITORY),
        (today.score, api_time(figures.synced_at), ""),
    ]
    latest = data["healthMetricsLatest"]
    assert (latest["score"], latest["githubSyncedAt"], latest["unknownReason"]) == (today.score, as_of, None)
    assert latest["starsCount"] == figures.stars_count and latest["checks"]
    assert [(row["score"], row["githubSyncedAt"], row["unknownReason"]) for row in data["healthMetricsList"]] == [
        (None, None, NO_REPOSITORY),
        (today.score, as_of, None),
    ]


def test_a_project_whose_repositories_were_never_synced_has_an_unknown_health(client, graphql, synced_after_a_day):  # noqa: F811
    juice = synced_after_a_day["juice"]
    stored = ProjectHealthRecord.objects.filter(project=juice).latest("date")
    assert stored.repositories_count == 0  # scored today from zeros: a number in the table, unknown everywhere

    page = client.get(juice.url).content.decode()
    by_health = list(client.get("/projects/", {"sort": "health"}).context["listing"].page)
    detail = get_json(client, f"/api/v0/projects/{juice.short_key}")
    data = graphql_project(graphql, juice.short_key)

    assert stat_values(page)["Health"] == UNKNOWN and f'title="{NO_REPOSITORY}"' in health_span(page)
    assert chart_scores(page) is None
    assert {project.pk: project.health for project in by_health}[juice.pk] is None
    known = [project.health is not None for project in by_health]
    assert known[0] and known == sorted(known, reverse=True)  # sorted as unknown: after every known score
    assert detail["health_score"] is None and detail["unknown_fields"]["health_score"] == NO_REPOSITORY
    assert detail["health_checks"] is None
    assert {point["score"] for point in detail["health_history"]} == {None}
    assert data["healthMetricsLatest"]["score"] is None
    assert data["healthMetricsLatest"]["unknownReason"] == NO_REPOSITORY
