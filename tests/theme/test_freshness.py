"""Every GitHub figure the site shows says how fresh it is: on a fresh install (the real OWASP sync, no GitHub
sync) each is unknown with the reason, never 0; after a GitHub sync against the fake GitHub each shows with its
source's sync time (``apps.github.services.freshness``)."""

import re

import pytest

from apps.github.models import Organization, ProjectFigures, Repository
from apps.github.services.figures import refresh_project_figures
from apps.github.services.status import github_status
from cms.models import LinkKind, ProjectLink
from tests import factories
from tests.fakes.github import ORG, make_client
from tests.theme.test_github_unknown import UNKNOWN, stat_values

pytestmark = pytest.mark.django_db

NOT_CONNECTED = "GitHub not connected yet: set GITHUB_TOKEN and run sync_github"


def as_of_times(html: str) -> list[str]:
    """The ISO times the page dates its figures with (``data-as-of`` on a figure, ``<time datetime>``)."""
    return re.findall(r'data-as-of="([^"]+)"', html) + re.findall(r'<time datetime="([^"]+)"', html)


@pytest.fixture
def not_connected(settings):
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_APP_ID = ""
    settings.GITHUB_API_URL = "https://api.github.com"


@pytest.fixture
def fresh_install(data_dir, not_connected):
    """The real OWASP projects and no GitHub sync ever; the daily figures refresh has run (its rows hold 0)."""
    projects = factories.real_projects(limit=5, keys=factories.KNOWN_PROJECTS)
    factories.show_only(projects)
    refresh_project_figures()
    return {project.owasp_key: project for project in projects}


@pytest.fixture
def github_synced(data_dir, fake_github, github_dataset):
    """The real OWASP projects, Cheat Sheets linking two of the fake GitHub's generated repositories, after a
    real ``sync_github`` against the fake and the daily figures refresh."""
    projects = factories.real_projects(limit=5, keys=factories.KNOWN_PROJECTS)
    factories.show_only(projects)
    by_key = {project.owasp_key: project for project in projects}
    cheats = by_key["www-project-cheat-sheets"]
    linked = sorted(github_dataset.organizations[ORG].repos)[:2]
    for order, name in enumerate(linked):
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
    refresh_project_figures()
    return {"by_key": by_key, "cheats": cheats, "linked": linked}


def test_a_fresh_install_shows_every_github_figure_as_unknown_with_the_reason(client, fresh_install):
    juice = fresh_install["www-project-juice-shop"]
    assert ProjectFigures.objects.filter(project=juice, stars_count=0).exists()  # stored as 0, still unknown

    home = client.get("/").content.decode()
    about = client.get("/about/").content.decode()
    project = client.get(juice.url).content.decode()
    listing = client.get("/projects/").content.decode()

    assert stat_values(home)["Contributors"] == UNKNOWN and stat_values(home)["Open issues"] == UNKNOWN
    assert {stat_values(project)[name] for name in ("Stars", "Forks", "Contributors", "Health")} == {UNKNOWN}
    assert f'title="{NOT_CONNECTED}"' in project
    assert "★ 0" not in listing and listing.count(f'title="{NOT_CONNECTED}"') >= 2 * listing.count("data-result")
    # The about page: GitHub's rows read "unknown" with the reason where they read 0 and "not yet".
    rows = dict(re.findall(r'<th scope="row"[^>]*>(Repositories|Issues|GitHub users)</th>(.*?)</tr>', about, re.S))
    assert set(rows) == {"Repositories", "Issues", "GitHub users"}
    for cells in rows.values():
        assert ">unknown</span>" in cells and NOT_CONNECTED in cells
        assert "<td>0" not in cells and "not yet" not in cells
    for html in (home, project, listing):
        assert not as_of_times(html) and "data-figures-as-of" not in html  # nothing claims a sync time


def test_after_a_github_sync_the_figures_show_with_their_sync_time(client, github_synced):
    cheats = github_synced["cheats"]
    figures = ProjectFigures.objects.get(project=cheats)
    repositories = Repository.objects.filter(project=cheats)
    assert figures.repositories_count == 2 == repositories.count()
    newest = max(repository.synced_at for repository in repositories)
    assert figures.synced_at == newest  # the figures' freshness: their repositories' newest sync
    status = github_status()

    home = client.get("/").content.decode()
    project = client.get(cheats.url).content.decode()
    listing = client.get("/projects/?q=cheat").content.decode()
    about = client.get("/about/").content.decode()

    assert stat_values(home)["Contributors"] not in (UNKNOWN, "")
    assert status.synced_at.isoformat() in as_of_times(home)
    stars = sum(repository.stars_count for repository in repositories)
    assert stat_values(project)["Stars"] == str(stars)
    assert newest.isoformat() in as_of_times(project) and "data-figures-as-of" in project
    assert f'data-as-of="{figures.synced_at.isoformat()}"' in listing  # a card dates its figures in a title
    assert "As of " in listing
    assert "unknown</span>" not in about

    # A repository's figures are as of its own sync; an organization's totals as of its last complete listing.
    repository = repositories.order_by("name").first()
    repository_html = client.get(f"/repositories/{repository.owner_login}/{repository.name}/").content.decode()
    assert repository.synced_at.isoformat() in as_of_times(repository_html)
    organization = Organization.objects.get(login=ORG)
    organization_html = client.get(f"/organizations/{ORG}/").content.decode()
    assert organization.last_synced_at.isoformat() in as_of_times(organization_html)
    member = repository.contributors.select_related("user").first().user
    member_html = client.get(f"/members/{member.login}/").content.decode()
    assert status.synced_at.isoformat() in as_of_times(member_html)


def test_an_organization_never_listed_completely_shows_its_totals_as_unknown(
    client, data_dir, fake_github, github_dataset
):
    """A first sync stopped by the rate limit keeps the repositories it finished; their organization's listing
    never completed, so its totals are unknown, while each stored repository's figures are dated."""
    repos = sorted(github_dataset.organizations[ORG].repos.values(), key=lambda repo: repo.name)
    fake_github.inject("primary_rate_limit", path=f"/repos/{repos[3].full_name}/labels", reset_in=7200)
    client_ = make_client(fake_github, max_wait=900)
    try:
        from apps.github.sync import sync_github

        report = sync_github(ORG, client=client_)
    finally:
        client_.close()
    assert "rate limit" in report.stopped
    assert Organization.objects.get(login=ORG).last_synced_at is None

    html = client.get(f"/organizations/{ORG}/").content.decode()

    stats = stat_values(html)
    assert {stats[name] for name in ("Repositories", "Stars", "Forks")} == {UNKNOWN}
    assert "Its repositories were not listed from GitHub yet" in html
    stored = Repository.objects.order_by("name").first()
    repository_html = client.get(f"/repositories/{stored.owner_login}/{stored.name}/").content.decode()
    assert stored.synced_at.isoformat() in as_of_times(repository_html)
