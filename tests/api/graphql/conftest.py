"""Fixtures of the GraphQL tests: a client that posts queries, the Nest front end's queries, and the real
synced OWASP pages with the recorded GitHub data linked to them."""

from pathlib import Path

import pytest

from apps.github.models import Label, Milestone, Repository
from apps.github.services.figures import refresh_project_figures
from apps.github.services.leaders import match_leaders
from tests import factories

NEST_QUERIES = Path(__file__).parent / "nest_queries"


def nest_query(name: str) -> str:
    """One of the Nest front end's query files (``nest_queries/<name>.graphql``), whole."""
    return (NEST_QUERIES / f"{name}.graphql").read_text()


@pytest.fixture
def graphql(client):
    """Post a query to /graphql/ and return the decoded JSON body, checking the status first."""

    def run(query: str, variables: dict | None = None, *, operation: str | None = None, status: int = 200):
        body: dict = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation is not None:
            body["operationName"] = operation
        response = client.post("/graphql/", body, content_type="application/json")
        assert response.status_code == status, response.content.decode()[:2000]
        return response.json()

    return run


@pytest.fixture
def data(graphql):
    """Like ``graphql``, for a query that must succeed: its ``data``, after checking there is no error."""

    def run(query: str, variables: dict | None = None, *, operation: str | None = None):
        body = graphql(query, variables, operation=operation)
        assert "errors" not in body, body["errors"]
        return body["data"]

    return run


@pytest.fixture
def github_site(data_dir):
    """``factories.project_site`` (real projects, the recorded PyGithub repository linked to Juice Shop, figures
    and 10 days of health) plus what a member and a committee page show: labels and assignees on the open
    issues, a milestone, commits, a leader matched to the recorded top contributor, and the www-committee
    repository of a real committee with a contributor."""
    site = factories.project_site(data_dir, limit=6, health_days=10)
    github = site["github"]
    repository, top = github["repository"], github["top_contributor"]
    bug = Label.objects.create(id=factories.next_id(), repository=repository, name="bug", color="d73a4a")
    docs = Label.objects.create(id=factories.next_id(), repository=repository, name="documentation")
    open_issues = [issue for issue in github["issues"] if issue.state == "open"]
    for n, issue in enumerate(open_issues):
        issue.labels.add(bug, *([docs] if n % 2 else []))
        issue.assignees.add(top)
    milestone = Milestone.objects.create(
        id=factories.next_id(),
        repository=repository,
        number=7,
        title="Version 2.0",
        description="The next major release.",
        creator=top,
        open_issues_count=3,
        closed_issues_count=1,
        created_at=factories.at(20),
    )
    # The recorded 2012 contributor list holds jacquev6 alone: three issue authors join it, without a name.
    authors = list(dict.fromkeys(issue.author for issue in github["issues"] if issue.author and issue.author != top))
    for n, author in enumerate(authors[:3]):
        factories.make_contributor(repository, author, 50 - 10 * n)
    commits = [factories.make_commit(repository, author=top, authored_at=factories.at(days)) for days in (1, 1, 3)]
    factories.add_leader(site["juice"], "Vincent Jacques", email="vincent.private@example.org", github_login="jacquev6")
    match_leaders()
    committee = factories.real_committees()[0]
    committee_repository = factories.make_repository(
        f"www-committee-{committee.key}", owasp_page=committee, stars_count=7, forks_count=3, open_issues_count=2
    )
    factories.make_contributor(committee_repository, top, 12)
    refresh_project_figures()
    return {
        **site,
        "repository": repository,
        "top": top,
        "open_issues": open_issues,
        "labels": (bug, docs),
        "milestone": milestone,
        "commits": commits,
        "committee": committee,
        "committee_repository": Repository.objects.get(pk=committee_repository.pk),
    }
