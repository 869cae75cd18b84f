"""A change drops only the cached pages that show it: a project changed by the real sync re-renders its page
and the project lists, while an unrelated chapter page, another project's page and the map stay cached."""

import re

import pytest
from django.utils import timezone

from apps.core.signals import data_changed
from apps.owasp.sync.owasp import sync_owasp
from cms.models import ChapterPage, ProjectPage
from tests import factories
from tests.apps.github.conftest import ORG, fake_github, github_dataset, run_sync  # noqa: F401 (fixtures)
from tests.apps.owasp.conftest import snapshot  # noqa: F401 (the fixture: a small editable copy of the real data)
from theme.cache import bump_site_data_version, group_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEST_PAGE_CACHE_SECONDS = 60
    settings.NEST_FRAGMENT_CACHE = True
    bump_site_data_version("test start")  # nothing cached by an earlier test can match


def synced(snapshot, capture):  # noqa: F811
    with capture(execute=True):  # data_changed goes out once the sync's writes commit
        report = sync_owasp(snapshot.root)
    assert not report.errors
    return report


def cache_states(client, urls):
    return {url: client.get(url)["X-Nest-Cache"] for url in urls}


def test_a_synced_project_change_drops_its_page_and_lists_and_keeps_unrelated_pages(
    client,
    page_cache,
    snapshot,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    synced(snapshot, django_capture_on_commit_callbacks)
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    zap = ProjectPage.objects.get(owasp_key="www-project-zap")
    london = ChapterPage.objects.get(owasp_key="www-chapter-london")
    changed = [juice.url, "/projects/", "/projects/?sort=name", "/"]
    unrelated = [london.url, zap.url, "/chapters/", "/chapters.geojson", "/events/", "/committees/"]
    for url in changed + unrelated:
        assert client.get(url).status_code == 200, url
    assert cache_states(client, changed + unrelated) == dict.fromkeys(changed + unrelated, "hit")

    yaml_file = snapshot.root / "owasp-repos/www-project-juice-shop/project.owasp.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("  - ctf\n", "  - ctf\n  - nest-test-tag\n"))
    report = synced(snapshot, django_capture_on_commit_callbacks)
    assert report.updated == 1

    assert cache_states(client, unrelated) == dict.fromkeys(unrelated, "hit")
    project_page = client.get(juice.url)
    assert project_page["X-Nest-Cache"] == "miss"
    assert "nest-test-tag" in project_page.content.decode()
    projects_list = client.get("/projects/?sort=name")
    assert projects_list["X-Nest-Cache"] == "miss"
    assert "nest-test-tag" in projects_list.content.decode()  # the tag filter's options: a fragment, dropped too
    assert cache_states(client, ["/projects/", "/"]) == {"/projects/": "miss", "/": "miss"}
    assert cache_states(client, changed) == dict.fromkeys(changed, "hit")


def test_each_kind_drops_its_own_groups_once_per_batch(client, page_cache):
    client.get("/about/")
    client.get("/sponsors/")
    before = group_versions(["about", "projects", "project:1", "chapter:2", "sponsors"])

    data_changed.send(sender=None, kind="project", ids=frozenset({1}), batch="run-1")
    data_changed.send(sender=None, kind="chapter", ids=frozenset({2}), batch="run-1")

    after = group_versions(before)
    assert {name: after[name] - before[name] for name in before} == {
        "about": 1,  # shared by both kinds: once for the batch
        "projects": 1,
        "project:1": 1,
        "chapter:2": 1,
        "sponsors": 0,
    }
    assert cache_states(client, ["/about/", "/sponsors/"]) == {"/about/": "miss", "/sponsors/": "hit"}


def test_an_unknown_kind_clears_the_whole_site(client, page_cache):
    client.get("/sponsors/")
    assert client.get("/sponsors/")["X-Nest-Cache"] == "hit"

    data_changed.send(sender=None, kind="something-new", ids=frozenset({1}), batch="run-3")

    assert client.get("/sponsors/")["X-Nest-Cache"] == "miss"


def test_a_synced_github_change_drops_contribute_and_github_pages_and_keeps_the_rest(
    client,
    page_cache,
    run_sync,  # noqa: F811
    github_dataset,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    repo = next(r for r in sorted(github_dataset.organizations[ORG].repos.values(), key=lambda r: r.name))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_sync().ok
    changed = ["/contribute/", f"/repositories/{repo.full_name}/", f"/organizations/{ORG}/"]
    unrelated = ["/sponsors/", "/chapters.geojson"]
    for url in changed + unrelated:
        assert client.get(url).status_code == 200, url
    assert cache_states(client, changed + unrelated) == dict.fromkeys(changed + unrelated, "hit")

    author = next(iter(github_dataset.users))
    issue = github_dataset.add_issue(repo, author=author, title="A newcomer task after the cache filled")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_sync().ok

    assert cache_states(client, unrelated) == dict.fromkeys(unrelated, "hit")
    feed = client.get("/contribute/")
    assert feed["X-Nest-Cache"] == "miss"
    assert issue.title in feed.content.decode()
    assert cache_states(client, changed[1:]) == dict.fromkeys(changed[1:], "miss")


def test_publishing_one_page_drops_its_list_and_keeps_other_lists(client, page_cache, data_dir):
    committee = factories.real_committees()[0]
    factories.real_projects(limit=3)
    lists = ["/committees/", "/projects/", "/about/"]
    for url in lists:
        client.get(url)
    assert cache_states(client, lists) == dict.fromkeys(lists, "hit")

    committee.title = "A committee renamed"
    committee.save_revision().publish()

    assert cache_states(client, lists) == {"/committees/": "miss", "/projects/": "hit", "/about/": "miss"}
    assert "A committee renamed" in client.get("/committees/").content.decode()


def test_a_project_pages_github_block_is_kept_until_its_project_changes(
    client, settings, page_cache, django_capture_on_commit_callbacks
):
    """With the page cache off (a signed-in visitor, another language), the project's GitHub block comes from
    its fragment until a change to that project's rows drops it; another project's change keeps it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.core import changes

    settings.NEST_PAGE_CACHE_SECONDS = 0
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    zap = ProjectPage.objects.get(owasp_key="www-project-zap")
    repository = factories.make_repository("juice-shop-nest-test", project=juice)
    factories.make_issue(repository, title="First issue on the cached block")

    def github_reads() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(juice.url).content.decode()
        return html, sum('"github_' in query["sql"] for query in queries.captured_queries)

    html, reads = github_reads()
    assert "First issue on the cached block" in html and reads > 0
    html, reads = github_reads()
    assert "First issue on the cached block" in html
    assert reads <= 1  # the block from its fragment (only the frame's GitHub status may be read)

    with django_capture_on_commit_callbacks(execute=True):
        changes.record("project", [zap.pk])  # another project changed
    assert github_reads()[1] <= 1

    with django_capture_on_commit_callbacks(execute=True):
        issue = factories.make_issue(repository, title="Second issue after the block was cached")
        changes.record("issue", [issue.pk])
    html, reads = github_reads()
    assert "Second issue after the block was cached" in html and reads > 1


def test_an_organizations_totals_are_kept_until_a_github_change(
    client, settings, page_cache, django_capture_on_commit_callbacks
):
    from apps.core import changes
    from apps.github.models import Organization

    settings.NEST_PAGE_CACHE_SECONDS = 0
    organization = Organization.objects.create(
        id=987654, node_id="O_nest_test", login="nest-test-org", last_synced_at=timezone.now()
    )  # its repositories listed once: its totals are known
    factories.make_repository("first", owner="nest-test-org", organization=organization, stars_count=40)

    def stars() -> str:
        html = client.get("/organizations/nest-test-org/").content.decode()
        return re.search(r"Stars</dt>\s*<dd[^>]*>\s*(?:<[^>]+>\s*)*([0-9]+)", html).group(1)

    assert stars() == "40"
    factories.make_repository("second", owner="nest-test-org", organization=organization, stars_count=2)
    assert stars() == "40"  # the totals' fragment: no GitHub change was announced
    with django_capture_on_commit_callbacks(execute=True):
        third = factories.make_repository("third", owner="nest-test-org", organization=organization, stars_count=1)
        changes.record("repository", [third.pk])
    assert stars() == "43"
