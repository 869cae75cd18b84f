"""The demo: generated GitHub data for the real project pages, synced through the real client into a database
marked as a demo one, with a banner on every page; demo and real data never share a database."""

import pytest
from django.core.management import CommandError, call_command

from apps.core.models import DatabaseMode
from apps.core.services.demo import DemoMismatch, is_demo_database, mark_demo_database
from apps.github.models import Issue, ProjectFigures, Release, Repository, RepositoryContributor
from apps.github.sync import sync_github
from devtools.demo import demo_dataset, demo_repository_names, sync_demo
from devtools.fake_github import FakeGitHub
from tests import factories
from tests.fakes.github import make_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(data_dir):
    """Six real projects, the only ones in the database (the demo serves what the pages link to)."""
    chosen = factories.real_projects(limit=6, keys=factories.KNOWN_PROJECTS)
    factories.keep_only(chosen)
    return chosen


@pytest.fixture
def demo(settings, projects):
    settings.NEST_DEMO = True
    with FakeGitHub(demo_dataset("OWASP")) as fake:
        yield sync_demo(fake, "OWASP"), fake


def test_the_demo_serves_the_repositories_the_real_project_pages_link_to(projects):
    names = demo_repository_names("OWASP")

    # Each page's own www-* repository, and the OWASP code repositories its links name (real synced links).
    linked = {
        link.url.rstrip("/").rsplit("/", 1)[-1]
        for project in projects
        for link in project.links.filter(kind="repository", url__istartswith="https://github.com/OWASP/")
    }
    assert names == sorted({project.owasp_key for project in projects} | linked)
    assert "www-project-juice-shop" in names


def test_the_demo_syncs_generated_data_onto_every_real_project_through_the_real_sync(demo, projects, client):
    run, fake = demo

    assert not run.report.stopped and not run.report.errors
    assert fake.count("/orgs/OWASP/repos") >= 1 and fake.count("/issues") >= len(projects)
    assert is_demo_database()
    linked = Repository.objects.filter(project__isnull=False)
    assert linked.count() == len(demo_repository_names("OWASP"))
    assert {repository.project_id for repository in linked} == {project.pk for project in projects}
    assert Issue.objects.exists() and Release.objects.exists() and RepositoryContributor.objects.exists()
    juice = next(project for project in projects if project.owasp_key == "www-project-juice-shop")
    figures = ProjectFigures.objects.get(project=juice)
    assert figures.repositories_count == 1 and figures.contributors_count > 0

    for url in ("/", juice.url, "/projects/", "/contribute/", "/chapters/"):
        html = client.get(url).content.decode()
        assert "data-demo-banner" in html and "Demo data" in html, url
        assert "GitHub not connected yet" not in html, url


def test_a_real_sync_refuses_a_demo_database(demo, settings):
    _, fake = demo
    settings.NEST_DEMO = False
    before = Repository.objects.count()

    report = sync_github("OWASP", client=make_client(fake))

    assert "demo database" in report.stopped
    assert Repository.objects.count() == before


def test_the_demo_refuses_a_database_holding_real_data(settings, data_dir, projects):
    factories.recorded_github(data_dir)  # a real repository synced earlier

    with pytest.raises(DemoMismatch, match="holds real data"):
        mark_demo_database(holds_real_data=Repository.objects.exists())
    assert not DatabaseMode.objects.exists()

    settings.NEST_DEMO = True
    with FakeGitHub(demo_dataset("OWASP")) as fake:
        with pytest.raises(DemoMismatch):
            sync_demo(fake, "OWASP")
        report = sync_github("OWASP", client=make_client(fake))  # NEST_DEMO on a database never marked demo
    assert "not a demo database" in report.stopped


def test_a_real_page_has_no_demo_banner(client, projects):
    assert "data-demo-banner" not in client.get("/").content.decode()


def test_the_demo_command_runs_only_in_demo_mode(settings):
    settings.NEST_DEMO = False
    with pytest.raises(CommandError, match="NEST_DEMO=1"):
        call_command("demo_github", "--port", "0")
