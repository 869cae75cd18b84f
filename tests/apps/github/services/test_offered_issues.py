import pytest

from apps.github.models import Issue, Label, PullRequest
from apps.github.services.offered_issues import (
    before,
    decode_cursor,
    encode_cursor,
    newest_offered,
    offered_halves,
    offered_page,
    offered_rows,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    repository = factories.make_repository("tool", language="Python")
    archived = factories.make_repository("old-tool", is_archived=True)
    gone = factories.make_repository("deleted-tool", is_gone=True)
    someone = factories.make_user("someone")
    return {
        "unassigned": factories.make_issue(repository, created_at=factories.at(3)),
        "idle": factories.make_issue(
            repository, assignee=someone, created_at=factories.at(90), updated_at=factories.at(31)
        ),
        "busy": factories.make_issue(
            repository, assignee=someone, created_at=factories.at(90), updated_at=factories.at(29)
        ),
        "closed": factories.make_issue(repository, state="closed", created_at=factories.at(3)),
        "old": factories.make_issue(repository, created_at=factories.at(366)),
        "archived": factories.make_issue(archived, created_at=factories.at(3)),
        "gone": factories.make_issue(gone, created_at=factories.at(3)),
    }


def test_offered_is_open_recent_active_and_unassigned_or_idle(rows):
    offered = set(Issue.objects.offered().values_list("pk", flat=True))

    assert offered == {rows["unassigned"].pk, rows["idle"].pk}


def test_the_two_halves_are_the_offered_rule_split_by_assignment(rows):
    unassigned, idle = offered_halves()

    assert list(unassigned) == [rows["unassigned"]]
    assert list(idle) == [rows["idle"]]
    assert set(unassigned | idle) == set(Issue.objects.offered())


def test_recorded_open_issues_are_offered_once_recent(data_dir):
    recorded = factories.recorded_github(data_dir)
    open_issues = [issue for issue in recorded["issues"] if issue.state == "open"]
    assert open_issues
    # The recordings are years old: none is recent any more, so none is offered ...
    assert not Issue.objects.offered().exists()
    # ... until it is seen as of the days it was opened.
    newest = max(issue.created_at for issue in open_issues)
    offered = Issue.objects.offered(now=newest)
    assert {issue.pk for issue in offered} <= {issue.pk for issue in open_issues}
    assert offered.exists()


def test_pages_follow_the_cursor_newest_first_without_gaps(rows):
    repository = rows["unassigned"].repository
    made = [factories.make_issue(repository, created_at=factories.at(1)) for _ in range(7)]
    seen, querysets = [], offered_halves()
    while True:
        page = offered_page(querysets, page_size=3)
        seen += page.issues
        if not page.next_cursor:
            break
        cursor = decode_cursor(page.next_cursor)
        querysets = [before(queryset, cursor) for queryset in offered_halves()]

    expected = sorted([*made, rows["unassigned"], rows["idle"]], key=lambda i: (i.created_at, i.pk), reverse=True)
    assert [issue.pk for issue in seen] == [issue.pk for issue in expected]


def test_a_page_carries_labels_and_the_pull_requests_that_would_close_its_issues(rows):
    issue = rows["unassigned"]
    label = Label.objects.create(id=77, repository=issue.repository, name="good first issue")
    issue.labels.add(label)
    fixing = PullRequest.objects.create(
        id=88,
        repository=issue.repository,
        number=5000,
        title="Fix",
        body=f"Closes #{issue.number}",
        created_at=factories.at(1),
        updated_at=factories.at(1),
    )
    fixing.related_issues.add(issue)  # what the sync reads from the body

    shown = newest_offered(5)

    assert shown[0] == issue
    assert [label.name for label in shown[0].labels.all()] == ["good first issue"]
    assert [pull.number for pull in shown[0].linked_pulls] == [5000]
    assert shown[1].linked_pulls == []


def test_rows_say_what_the_instances_say(rows):
    """``offered_rows`` (plain rows, for the contribute page) and ``offered_page`` (instances, for the APIs)
    give the same page: the same issues in the same order with the same fields, labels, assignee, repository,
    project and linked pull requests (open ones only), and the same cursor."""
    issue, idle = rows["unassigned"], rows["idle"]
    project = factories.make_project("Row Project")
    issue.repository.project = project
    issue.repository.save()
    for pk, name in ((77, "help wanted"), (78, "bug")):
        issue.labels.add(Label.objects.create(id=pk, repository=issue.repository, name=name))
    for pk, number, state in ((88, 5001, "open"), (89, 5000, "open"), (90, 4999, "closed")):
        pull = PullRequest.objects.create(
            id=pk,
            repository=issue.repository,
            number=number,
            title="Fix",
            state=state,
            created_at=factories.at(1),
            updated_at=factories.at(1),
        )
        pull.related_issues.add(issue)

    instances = offered_page(offered_halves(), page_size=1)
    plain = offered_rows(offered_halves(), page_size=1)
    both = offered_page(offered_halves(), page_size=5).issues, offered_rows(offered_halves(), page_size=5).issues

    assert plain.next_cursor == instances.next_cursor != ""
    assert [row.pk for row in both[1]] == [issue.pk for issue in both[0]] == [issue.pk, idle.pk]
    fields = ("number", "title", "html_url", "created_at", "comments_count")
    for model, row in zip(*both, strict=True):
        assert {name: getattr(row, name) for name in fields} == {name: getattr(model, name) for name in fields}
        assert row.labels == [label.name for label in model.labels.all()]
        assert (row.assignee and row.assignee.login) == (model.assignee and model.assignee.login)
        repository, shown = model.repository, row.repository
        assert (shown.owner_login, shown.name, shown.full_name, shown.language) == (
            repository.owner_login,
            repository.name,
            repository.full_name,
            repository.language,
        )
        assert (shown.project.title, shown.project.url_path) == (repository.project.title, repository.project.url_path)
        assert [(pull.number, pull.html_url, pull.state, pull.merged_at) for pull in row.linked_pulls] == [
            (pull.number, pull.html_url, pull.state, pull.merged_at) for pull in model.linked_pulls
        ]
    assert both[1][0].labels == ["bug", "help wanted"]
    assert [pull.number for pull in both[1][0].linked_pulls] == [5000, 5001]
    assert both[1][1].assignee.login == "someone" and both[1][0].assignee is None
    repository = factories.make_repository("projectless")
    alone = factories.make_issue(repository, created_at=factories.at(0))
    assert offered_rows(offered_halves(), page_size=1).issues[0].repository.project is None
    assert offered_rows(offered_halves(), page_size=1).issues[0].pk == alone.pk
    assert offered_rows([Issue.objects.none()], page_size=5).issues == []


def test_cursor_round_trip_and_refusals():
    issue_time = factories.at(2)
    assert decode_cursor(encode_cursor(issue_time, 42)) == (issue_time, 42)
    for bad in ("garbage", "2024-01-01T00:00:00_5", f"{issue_time.isoformat()}_0", f"{issue_time.isoformat()}_x"):
        with pytest.raises(ValueError):
            decode_cursor(bad)
