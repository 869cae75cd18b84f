"""A sync run or a job tells the page cache once what it changed; a run that changed nothing says nothing."""

import logging

import pytest

from apps.core.signals import data_changed
from apps.github.services.health import refresh_project_health
from apps.github.services.leaders import match_leaders
from apps.owasp.sync.owasp import sync_owasp
from cms.models import ChapterPage, CommitteePage, ProjectPage
from tests.apps.github.conftest import ORG
from theme.cache import UNDECLARED, bump_site_data_version, group_versions, site_data_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals():
    received = []

    def listener(sender, kind, ids, batch, **kwargs):
        if kind != "search_document":  # the index's follow-on writes, in the same batch (tests/apps/search)
            received.append((sender, kind, ids, batch))

    data_changed.connect(listener, dispatch_uid="test-sync-bumps")
    bump_site_data_version("test start")
    yield received
    data_changed.disconnect(dispatch_uid="test-sync-bumps")


def bumps_so_far() -> int:
    # Every batch the page cache hears of drops the pages that name no group, once (and an unknown kind
    # clears the whole site).
    return site_data_version() + group_versions([UNDECLARED])[UNDECLARED]


def run(callbacks, action):
    """``action()`` with its on-commit callbacks run as a real commit would; returns (result, cache bumps)."""
    before = bumps_so_far()
    with callbacks(execute=True):
        result = action()
    return result, bumps_so_far() - before


def test_an_owasp_sync_run_bumps_the_cache_once_and_a_no_change_resync_not_at_all(
    snapshot, signals, django_capture_on_commit_callbacks
):
    report, bumps = run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))

    assert report.created == 6
    assert bumps == 1
    by_kind = {kind: (sender, ids) for sender, kind, ids, _ in signals}
    assert sorted(by_kind) == ["chapter", "committee", "project"]
    assert by_kind["project"] == (ProjectPage, frozenset(ProjectPage.objects.values_list("pk", flat=True)))
    assert by_kind["chapter"][1] == frozenset(ChapterPage.objects.values_list("pk", flat=True))
    assert by_kind["committee"][1] == frozenset(CommitteePage.objects.values_list("pk", flat=True))
    assert len({batch for *_, batch in signals}) == 1

    signals.clear()
    report, bumps = run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))

    assert report.unchanged == 6
    assert (signals, bumps) == ([], 0)


def test_an_upstream_change_is_announced_for_that_page_only(snapshot, signals, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))
    signals.clear()
    index_md = snapshot.root / "owasp-repos/www-project-juice-shop/index.md"
    index_md.write_text(index_md.read_text().replace("pitch: Probably", "pitch: Definitely"))

    _, bumps = run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))

    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    assert [(kind, ids) for _, kind, ids, _ in signals] == [("project", frozenset({juice.pk}))]
    assert bumps == 1


def test_sponsors_are_announced_once_not_once_per_snippet(snapshot, signals, django_capture_on_commit_callbacks):
    snapshot.site_file("corp_members.yml")

    _, bumps = run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root, only=["sponsors"]))

    assert [kind for _, kind, _, _ in signals] == ["sponsor"]
    assert len(signals[0][2]) == 84
    assert bumps == 1


def test_the_first_import_logs_no_line_per_record(snapshot, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO)

    run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))

    info = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert [r.name for r in info] == ["apps.owasp.sync.owasp", "apps.owasp.sync.owasp", "theme.cache"], [
        f"{r.name}: {r.getMessage()[:80]}" for r in info
    ]


def test_a_github_sync_run_bumps_the_cache_once_and_an_unchanged_rerun_not_at_all(
    run_sync, signals, django_capture_on_commit_callbacks
):
    from apps.github.models import Issue, PullRequest, Repository

    report, bumps = run(django_capture_on_commit_callbacks, lambda: run_sync(ORG))

    assert report.ok and report.repositories == {"synced": 8}
    assert bumps == 1
    by_kind = {kind: ids for _, kind, ids, _ in signals}
    assert sorted(by_kind) == ["issue", "pull_request", "repository"]
    assert by_kind["repository"] == frozenset(Repository.objects.values_list("pk", flat=True))
    assert by_kind["issue"] == frozenset(Issue.objects.values_list("pk", flat=True))
    assert by_kind["pull_request"] == frozenset(PullRequest.objects.values_list("pk", flat=True))

    signals.clear()
    report, bumps = run(django_capture_on_commit_callbacks, lambda: run_sync(ORG))

    assert report.repositories == {"unchanged": 8}
    assert (signals, bumps) == ([], 0)


def test_the_health_job_is_one_batch_and_a_rerun_the_same_day_sends_nothing(
    run_sync, snapshot, signals, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))
    run(django_capture_on_commit_callbacks, lambda: run_sync(ORG))
    signals.clear()

    _, bumps = run(django_capture_on_commit_callbacks, refresh_project_health)

    projects = frozenset(ProjectPage.objects.values_list("pk", flat=True))
    active = frozenset(ProjectPage.objects.filter(is_active=True).values_list("pk", flat=True))
    assert [(kind, ids) for _, kind, ids, _ in signals] == [("figures", projects), ("health", active)]
    assert bumps == 1

    signals.clear()
    _, bumps = run(django_capture_on_commit_callbacks, refresh_project_health)
    assert (signals, bumps) == ([], 0)


def test_leader_matching_announces_the_leaders_whose_match_changed(
    snapshot, signals, django_capture_on_commit_callbacks
):
    from django.db.models import Q

    from cms.models import Leader
    from tests.factories import make_user

    run(django_capture_on_commit_callbacks, lambda: sync_owasp(snapshot.root))
    make_user("bkimminich", name="Bjoern Kimminich")  # Juice Shop's leader, named by login in its leaders.md
    signals.clear()

    report, bumps = run(django_capture_on_commit_callbacks, match_leaders)

    his = Leader.objects.filter(Q(github_login__iexact="bkimminich") | Q(name="Bjoern Kimminich"))
    leaders = frozenset(his.values_list("pk", flat=True))
    assert report.created == len(leaders) == 2  # Juice Shop by login, the Project Committee by name
    assert [(kind, ids) for _, kind, ids, _ in signals] == [("leader_match", leaders)]
    assert bumps == 1
    signals.clear()
    _, bumps = run(django_capture_on_commit_callbacks, match_leaders)
    assert (signals, bumps) == ([], 0)
