import datetime

import pytest

from apps.github.models import Issue, Label, PullRequest
from apps.github.services.figures import refresh_project_figures
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(data_dir):
    return factories.project_site(data_dir, limit=10, health_days=1)


def test_home_shows_counts_events_releases_and_newcomer_issues(client, site):
    factories.make_event("OWASP Global AppSec EU", datetime.date.today() + datetime.timedelta(days=20))
    newcomer = factories.make_issue(site["extra"], title="Translate the score board", created_at=factories.at(1))
    refresh_project_figures()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>OWASP Nest</h1>" in html
    counts = response.context["summary"]["counts"]
    assert counts["projects"] == len([p for p in site["projects"] if p.is_active])
    # Open issues of the projects' repositories (the recorded PyGithub one and juice-shop are Juice Shop's).
    assert counts["open_issues"] == Issue.objects.filter(state="open", repository__project__isnull=False).count()
    assert "OWASP Global AppSec EU" in html
    assert "Juice Shop 17.1.1" in html and "OWASP Juice Shop" in html
    assert newcomer.title in html
    assert 'action="/search/"' in html  # the search box


def test_home_runs_a_bounded_number_of_queries(client, site, django_assert_max_num_queries):
    for n in range(40):
        factories.make_issue(site["extra"], title=f"Issue {n}")
        factories.make_release(site["extra"], tag=f"v0.{n}")
        factories.make_event(f"Event {n}", datetime.date.today() + datetime.timedelta(days=n))
    with django_assert_max_num_queries(22):
        assert client.get("/").status_code == 200


@pytest.fixture
def feed(site):
    repository = site["extra"]
    other = factories.make_repository("PyTool", language="Python", project=site["by_key"]["www-project-zap"])
    archived = factories.make_repository("old", language="Python", is_archived=True)
    someone = factories.make_user("someone")
    good_first = Label.objects.create(id=901, repository=repository, name="good first issue")
    rows = {
        "unassigned": factories.make_issue(repository, title="Unassigned and fresh", created_at=factories.at(3)),
        "idle": factories.make_issue(
            other, title="Assigned but idle", assignee=someone, created_at=factories.at(90), updated_at=factories.at(45)
        ),
        "busy": factories.make_issue(
            other,
            title="Assigned and active",
            assignee=someone,
            created_at=factories.at(10),
            updated_at=factories.at(2),
        ),
        "closed": factories.make_issue(repository, title="Already closed", state="closed"),
        "old": factories.make_issue(repository, title="Ancient", created_at=factories.at(800)),
        "archived": factories.make_issue(archived, title="In an archived repository"),
    }
    rows["unassigned"].labels.add(good_first)
    fixing = PullRequest.objects.create(
        id=990001,
        repository=repository,
        number=4242,
        title="Fix it",
        body=f"This fixes #{rows['unassigned'].number} at last.",
        created_at=factories.at(1),
        updated_at=factories.at(1),
    )
    fixing.related_issues.add(rows["unassigned"])  # what the sync reads from the body
    return rows


def test_contribute_offers_open_recent_unassigned_or_idle_issues(client, feed):
    response = client.get("/contribute/")

    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("unassigned", "idle"):
        assert feed[shown].title in html
    for hidden in ("busy", "closed", "old", "archived"):
        assert feed[hidden].title not in html
    assert "assigned to someone, idle" in html
    assert "#4242" in html  # the pull request that fixes the unassigned issue
    assert "good first issue" in html
    assert "OWASP Juice Shop" in html  # each issue names its project


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"language": "Python"}, ["idle"]),
        ({"project": "zap"}, ["idle"]),
        ({"label": "good first issue"}, ["unassigned"]),
    ],
)
def test_contribute_filters(client, feed, params, expected):
    issues = client.get("/contribute/", params).context["feed"].issues

    assert {issue.pk for issue in issues} >= {feed[name].pk for name in expected}
    assert all(issue.pk not in {feed["busy"].pk, feed["closed"].pk} for issue in issues)
    if "project" in params:
        html = client.get("/contribute/", params).content.decode()
        assert '<option value="zap" selected>OWASP ZAP</option>' in html
    if "project" in params or "language" in params:
        assert feed["unassigned"].pk not in {issue.pk for issue in issues}


def test_contribute_pages_by_keyset_without_gaps_or_repeats(client, site):
    created = [factories.make_issue(site["extra"], title=f"Paged {n}", created_at=factories.at(1)) for n in range(60)]
    seen, params = [], {}
    while True:
        feed = client.get("/contribute/", params).context["feed"]
        seen += [issue.pk for issue in feed.issues]
        if not feed.next_cursor:
            break
        params = {"before": feed.next_cursor}
    assert len(seen) == len(set(seen))
    assert {issue.pk for issue in created} <= set(seen)
    assert client.get("/contribute/", {"before": "garbage"}).status_code == 200


def test_contribute_runs_a_bounded_number_of_queries(client, feed, site, django_assert_max_num_queries):
    for n in range(80):
        issue = factories.make_issue(site["extra"], title=f"Bulk {n}")
        issue.labels.add(Label.objects.get(name="good first issue"))
    # The feed, its filter choices and the page around it; one more than before for the GitHub status and
    # demo-marker lookups every page makes (fragment-cached in production), and one for the AI summaries of the
    # page's issues (apps.ai, a layer the GitHub feed query may not join). Bounded: 80 more issues add none.
    with django_assert_max_num_queries(12):
        assert client.get("/contribute/").status_code == 200


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"language": "Py\x00thon"}, "Language"),
        ({"project": "z" * 1000}, "Project"),
        ({"label": "good\x00first"}, "Label"),
        ({"before": "not-a-cursor"}, "Older issues"),
        ({"before": "2024-02-30T00:00:00+00:00_5"}, "Older issues"),
    ],
)
def test_bad_contribute_parameters_give_a_message_not_an_error(client, feed, params, parameter):
    response = client.get("/contribute/", params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-feed-problems" in html and f"{parameter}:" in html
    assert feed["unassigned"].title in html  # the feed is still shown, without the bad filter
