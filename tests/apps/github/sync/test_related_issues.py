"""The issues a pull request closes are read from its body at sync and stored as ``related_issues``; the
contribute feed then shows them from that relation, with no regular expression run at request time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.github.models import Issue, PullRequest
from tests.apps.github.conftest import ORG

pytestmark = pytest.mark.django_db


def active_repo(dataset):
    return next(
        repo for repo in sorted(dataset.organizations[ORG].repos.values(), key=lambda r: r.name) if not repo.archived
    )


def related(pull) -> list[int]:
    return sorted(PullRequest.objects.get(pk=pull.id).related_issues.values_list("number", flat=True))


def test_closing_references_are_stored_at_sync_and_follow_later_issues_and_edits(run_sync, github_dataset):
    repo = active_repo(github_dataset)
    author = next(iter(github_dataset.users))
    first = github_dataset.add_issue(repo, author=author, title="Crash on start")
    second = github_dataset.add_issue(repo, author=author, title="Typo in the docs")
    future_number = repo.next_number + 1  # the pull below takes next_number; this issue comes after it
    pull = github_dataset.add_issue(
        repo,
        author=author,
        is_pull=True,
        body=(
            f"Fixes #{first.number}, closes {repo.full_name.lower()}#{second.number}, "
            f"resolves https://github.com/{repo.full_name}/issues/{future_number}, "
            f"fixes someone/else#{first.number}, refs #{second.number}"
        ),
    )

    assert run_sync().ok
    assert PullRequest.objects.get(pk=pull.id).closing_issue_numbers == [first.number, second.number, future_number]
    assert related(pull) == [first.number, second.number]

    # The issue the pull request named before it existed is linked in the run that brings it.
    later = github_dataset.add_issue(repo, author=author, title="Found after the fix")
    assert later.number == future_number
    assert run_sync().ok
    assert related(pull) == [first.number, second.number, later.number]

    # An edited body replaces the links.
    github_dataset.update_issue(repo, pull.number, body=f"Fixes #{second.number} only")
    assert run_sync().ok
    assert related(pull) == [second.number]
    assert list(Issue.objects.get(pk=second.id).closing_pull_requests.values_list("number", flat=True)) == [pull.number]


def test_the_contribute_feed_shows_synced_links_without_a_regex_query(client, run_sync, github_dataset):
    repo = active_repo(github_dataset)
    author = next(iter(github_dataset.users))
    issue = github_dataset.add_issue(repo, author=author, title="Help wanted on the scanner")
    pull = github_dataset.add_issue(repo, author=author, is_pull=True, body=f"This fixes: #{issue.number}")
    assert run_sync().ok

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/contribute/")

    assert response.status_code == 200
    html = response.content.decode()
    assert issue.title in html
    assert f'/pull/{pull.number}" rel="noopener">#{pull.number}</a>' in html
    assert not [query["sql"] for query in captured.captured_queries if "~*" in query["sql"]]
