"""Deletions, transfers and renames: what GitHub no longer serves is marked gone (never deleted) and leaves every
reader at once; a renamed or transferred repository is followed and keeps its history and its project."""

import pytest
from django.utils import timezone

from apps.github.models import Issue, Organization, PullRequest, Release, Repository
from apps.github.services.figures import compute_project_figures
from apps.github.services.offered_issues import offered_halves, offered_page
from devtools.fake_github import generate_organization
from tests.apps.github.conftest import ORG
from tests.apps.github.sync.test_projects import project
from tests.fakes.github import assert_synced

pytestmark = pytest.mark.django_db


def repos(dataset, login=ORG):
    return sorted(dataset.organizations[login].repos.values(), key=lambda repo: repo.name)


def busiest(dataset, login=ORG):
    """The generated repositories with the most issues first (issue counts are skewed)."""
    return sorted(repos(dataset, login), key=lambda repo: -len(repo.issues))


def test_full_run_marks_deleted_and_transferred_items_gone_and_keeps_their_rows(run_sync, fake_github, github_dataset):
    run_sync()
    source, target = busiest(github_dataset)[:2]
    deleted_issue = next(item for item in source.issues if not item.is_pull and item.state == "open")
    deleted_pull = next(item for item in source.issues if item.is_pull)
    moved = next(item for item in source.issues if not item.is_pull and item is not deleted_issue)
    github_dataset.remove_issue(source, deleted_issue.number)
    github_dataset.remove_issue(source, deleted_pull.number)
    old_number = moved.number
    github_dataset.transfer_issue(source, old_number, target)
    release = next(repo for repo in busiest(github_dataset) if repo.releases).releases[0]
    release_repo = next(repo for repo in repos(github_dataset) if release in repo.releases)
    github_dataset.remove_release(release_repo, release.id)
    fake_github.reset_log()

    before = timezone.now()
    report = run_sync(full=True)

    assert report.ok, report.summary()
    for model, item_id in ((Issue, deleted_issue.id), (PullRequest, deleted_pull.id), (Release, release.id)):
        row = model.all_objects.get(pk=item_id)  # kept
        assert row.gone_at is not None and row.gone_at >= before
        assert not model.objects.filter(pk=item_id).exists()  # and gone for every reader
    # The transferred issue moved with its id: present, in its new repository, under its new number.
    row = Issue.objects.get(pk=moved.id)
    assert (row.repository_id, row.number, row.gone_at) == (target.id, moved.number, None)
    # Each missing item was asked for once: 410 for the deleted ones, 301 then 200 for the transferred one.
    assert fake_github.count(rf"^/repos/{source.full_name}/issues/{deleted_issue.number}$", 410) == 1
    assert fake_github.count(rf"^/repos/{source.full_name}/issues/{old_number}$", 301) == 1
    assert fake_github.count(rf"^/repos/{release_repo.full_name}/releases/{release.id}$", 404) == 1
    assert report.deleted["issues"] >= 1 and report.deleted["releases"] == 1
    assert_synced(github_dataset, ORG)


def test_an_item_that_slips_between_pages_while_the_listing_is_read_is_kept(run_sync, fake_github, github_dataset):
    fake_github.per_page_max = 10  # several pages per repository
    run_sync()
    repo = busiest(github_dataset)[0]
    ordered = sorted(repo.issues, key=lambda item: (item.updated, item.id))
    first, slipped = ordered[0], ordered[10]  # the first of page 1, and the first of page 2
    original = fake_github.answer
    edited = []

    def answer(method, target, headers, body=b""):
        # Just before page 2 of the full walk is served, page 1's first item is edited on GitHub: it moves to
        # the end, and page 2's first item slips onto page 1, already read. The walk never lists it.
        if not edited and target.startswith(f"/repos/{repo.full_name}/issues?") and "page=2" in target:
            edited.append(github_dataset.edit_issue(repo, first.number, title="Edited while the walk runs"))
        return original(method, target, headers, body)

    fake_github.answer = answer
    fake_github.reset_log()

    report = run_sync(full=True)

    assert edited and report.ok, report.summary()
    # Missing from the walk, asked for once, served from this repository: kept, not marked gone.
    assert fake_github.count(rf"^/repos/{repo.full_name}/issues/{slipped.number}$", 200) == 1
    model = PullRequest if slipped.is_pull else Issue
    assert model.objects.filter(pk=slipped.id).exists()
    assert not report.deleted
    assert_synced(github_dataset, ORG)


def test_gone_items_leave_the_contribute_feed_and_project_figures(run_sync, github_dataset, without_owasp_data):
    repo = busiest(github_dataset)[0]
    page = project("www-project-busy", f"https://github.com/{repo.full_name}")
    run_sync()
    offered = {item.id for item in offered_page(offered_halves(), page_size=1000).issues}
    issue = next(item for item in repo.issues if not item.is_pull and item.state == "open" and item.id in offered)
    before = compute_project_figures([page.pk])[page.pk]

    github_dataset.remove_issue(repo, issue.number)
    report = run_sync(full=True)

    assert report.ok, report.summary()
    assert issue.id not in {item.id for item in offered_page(offered_halves(), page_size=1000).issues}
    after = compute_project_figures([page.pk])[page.pk]
    assert after["open_issues_count"] == before["open_issues_count"] - 1
    assert Repository.objects.get(pk=repo.id).issues.filter(pk=issue.id).count() == 0
    assert_synced(github_dataset, ORG)


def test_repository_answering_404_or_410_is_marked_gone_with_the_date(run_sync, fake_github, github_dataset):
    run_sync()
    deleted, blocked = repos(github_dataset)[:2]
    github_dataset.remove_repo(deleted)
    github_dataset.block_repo(blocked)
    fake_github.reset_log()

    before = timezone.now()
    report = run_sync()

    assert report.ok, report.summary()
    for fake_repo, status in ((deleted, 404), (blocked, 410)):
        row = Repository.objects.get(pk=fake_repo.id)
        assert row.is_gone and row.gone_at >= before
        assert fake_github.count(rf"^/repos/{fake_repo.full_name}$", status) == 1
        assert Issue.objects.filter(repository=row).exists()  # its rows are kept
    assert report.repositories["gone"] == 2
    assert_synced(github_dataset, ORG)


def test_renamed_repository_is_followed_keeping_its_history_and_project(run_sync, github_dataset, without_owasp_data):
    repo = repos(github_dataset)[0]
    old_name = repo.full_name
    page = project("www-project-renamed", f"https://github.com/{old_name}")
    run_sync()
    issues_before = set(Issue.objects.filter(repository_id=repo.id).values_list("id", flat=True))
    assert Repository.objects.get(pk=repo.id).project_id == page.pk

    github_dataset.move_repo(repo, name="brand-new-name")
    report = run_sync()

    assert report.ok, report.summary()
    row = Repository.objects.get(pk=repo.id)
    assert (row.full_name, row.name, row.is_gone) == (f"{ORG}/brand-new-name", "brand-new-name", False)
    assert row.previous_names == [old_name]
    assert set(Issue.objects.filter(repository=row).values_list("id", flat=True)) == issues_before
    assert row.project_id == page.pk  # the page still links the old name
    assert_synced(github_dataset, ORG)


def test_transferred_repository_follows_the_301_to_its_new_organization(
    run_sync, fake_github, github_dataset, without_owasp_data
):
    generate_organization(github_dataset, "zaproxy", repos=1, issues=5, seed=3, org_id=4_242)
    repo = repos(github_dataset)[0]
    old_name = repo.full_name
    page = project("www-project-moved", f"https://github.com/{old_name}")
    run_sync()

    github_dataset.move_repo(repo, owner="zaproxy")
    fake_github.reset_log()
    report = run_sync()

    assert report.ok, report.summary()
    # Not in OWASP's listing any more: asked by its old name, GitHub answered 301 and the client followed.
    assert fake_github.count(rf"^/repos/{old_name}$", 301) == 1
    row = Repository.objects.select_related("organization").get(pk=repo.id)
    assert (row.full_name, row.owner_login, row.is_gone) == (f"zaproxy/{repo.name}", "zaproxy", False)
    assert row.organization.login == "zaproxy" and row.organization.name  # its organization's details too
    assert Organization.objects.get(login="zaproxy").id == 4_242
    assert row.previous_names == [old_name]
    assert row.project_id == page.pk
    assert_synced(github_dataset, ORG)
