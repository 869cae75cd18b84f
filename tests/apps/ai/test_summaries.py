"""Issue summaries and hints: issues synced from the fake GitHub by the real sync, summaries written by the
real openai client (through LangChain) against the fake OpenAI server, within the caps, only for issues that
changed; a failure never blocks the sync; shown on the contribute page and in REST and GraphQL."""

import json

import pytest
from django_celery_beat.models import PeriodicTask

from apps.ai.models import IssueSummary
from apps.ai.services.summaries import issue_hash, parse_reply, summarize_issues
from apps.ai.tasks import summarize_task
from apps.github.models import Issue
from tests.fakes.github import fake_github, github_dataset, sync_from
from tests.fakes.openai import API_KEY, FakeOpenAI

__all__ = ["fake_github", "github_dataset"]

pytestmark = pytest.mark.django_db

REPLY = json.dumps({"summary": "The issue asks for a fix.", "hint": "Start from the failing test."})


def sync(fake_github):
    report = sync_from(fake_github)
    assert report.ok, report.summary()
    return report


@pytest.fixture
def synced(fake_github):
    sync(fake_github)
    offerable = Issue.objects.offerable().count()
    assert offerable >= 5, "the fake's dataset offers too few issues for these tests"
    return offerable


@pytest.fixture
def fake_openai(settings):
    with FakeOpenAI(timeout_delay=1.5) as fake:
        settings.OPENAI_API_KEY = API_KEY
        settings.OPENAI_BASE_URL = fake.url
        settings.OPENAI_CHAT_MODEL = "gpt-4o-mini"
        settings.OPENAI_CHAT_TIMEOUT = 0.5
        settings.OPENAI_CHAT_MAX_RETRIES = 1
        yield fake


def test_the_changed_issues_are_summarised_within_the_issue_cap_newest_first(synced, fake_openai):
    fake_openai.chat_replies = [REPLY] * 3

    report = summarize_issues(max_issues=3, max_tokens=100_000)

    assert (report.generated, report.failed, report.stopped) == (3, 0, "issues")
    newest = list(Issue.objects.offerable().order_by("-updated_at", "-pk").values_list("pk", flat=True)[:3])
    assert sorted(IssueSummary.objects.values_list("issue_id", flat=True)) == sorted(newest)
    summary = IssueSummary.objects.get(issue_id=newest[0])
    assert (summary.summary, summary.hint, summary.model_name) == (
        "The issue asks for a fix.",
        "Start from the failing test.",
        "gpt-4o-mini",
    )
    assert summary.tokens > 0 and report.tokens == sum(IssueSummary.objects.values_list("tokens", flat=True))
    # The issue's own text went in, through the prompt records.
    issue = Issue.objects.select_related("repository").get(pk=newest[0])
    system, user = fake_openai.chat_requests[0]["messages"]
    assert "JSON object" in system["content"]
    assert f"Issue #{issue.number}: {issue.title}" in user["content"]
    assert issue.repository.full_name in user["content"]


def test_only_issues_that_changed_since_their_summary_are_sent_again(synced, fake_openai):
    fake_openai.chat_replies = [REPLY] * synced
    first = summarize_issues(max_issues=synced, max_tokens=10**9)
    assert first.generated == synced and len(fake_openai.chat_requests) == synced

    issue = Issue.objects.offerable().order_by("pk").first()
    issue.title = "A retitled issue"
    issue.save()
    fake_openai.chat_replies = [REPLY]
    again = summarize_issues(max_issues=synced, max_tokens=10**9)

    assert (again.generated, again.unchanged) == (1, synced - 1)
    assert len(fake_openai.chat_requests) == synced + 1
    stored = IssueSummary.objects.get(issue=issue)
    assert stored.content_hash == issue_hash(issue.title, issue.body, [label.name for label in issue.labels.all()])


def test_the_token_cap_stops_the_run(synced, fake_openai):
    fake_openai.chat_replies = [REPLY] * 5

    report = summarize_issues(max_issues=5, max_tokens=1)

    assert (report.generated, report.stopped) == (1, "tokens")
    assert len(fake_openai.chat_requests) == 1


def test_a_malformed_reply_is_counted_and_leaves_no_summary(synced, fake_openai):
    fake_openai.chat_replies = ["Sure! Here is a summary: it is a bug.", REPLY]

    report = summarize_issues(max_issues=2, max_tokens=100_000)

    assert (report.generated, report.failed) == (1, 1)
    assert "malformed reply" in report.errors[0]
    assert IssueSummary.objects.count() == 1


def test_a_rate_limit_after_the_retries_ends_the_run(synced, fake_openai):
    fake_openai.script = ["429", "429"]

    report = summarize_issues(max_issues=5, max_tokens=100_000)

    assert (report.generated, report.failed, report.stopped) == (0, 1, "rate_limited")
    assert len(fake_openai.chat_requests) == 2


def test_a_failing_openai_never_blocks_the_sync_and_keeps_the_old_summaries(fake_github, fake_openai):
    sync(fake_github)
    fake_openai.chat_replies = [REPLY] * 2
    summarize_task.apply(kwargs={"max_issues": 2}).get()
    kept = dict(IssueSummary.objects.values_list("issue_id", "summary"))
    fake_openai.script = ["500"] * 50  # OpenAI is down from now on

    report = sync(fake_github)  # the sync runs on, through the data_changed receivers
    result = summarize_task.apply(kwargs={"max_issues": 3}).get()

    assert report.ok
    assert result["generated"] == 0 and result["failed"] == 3 and result["errors"]
    assert dict(IssueSummary.objects.values_list("issue_id", "summary")) == kept


def test_without_a_chat_model_nothing_is_sent(synced, settings):
    settings.OPENAI_API_KEY = ""

    report = summarize_issues()

    assert (report.generated, report.stopped) == (0, "not_configured")


def test_the_schedule_is_seeded():
    task = PeriodicTask.objects.get(name="AI issue summaries")

    assert task.task == "ai.summarize" and task.enabled and task.crontab is not None


@pytest.mark.parametrize(
    "text",
    ['{"summary": "", "hint": "x"}', '{"summary": 3}', "[1, 2]", "no json", '{"summary": "ok", "hint": 4}'],
)
def test_replies_that_are_not_the_json_asked_for(text):
    with pytest.raises(ValueError):
        parse_reply(text)


def test_a_reply_with_text_around_its_json():
    assert parse_reply('Here:\n```json\n{"summary": " A  fix. ", "hint": ""}\n```') == ("A fix.", "")


def test_the_summary_is_shown_on_the_contribute_page_and_in_the_apis(client, synced, fake_openai):
    fake_openai.chat_replies = [REPLY] * synced
    summarize_issues(max_issues=synced, max_tokens=10**9)
    issue = Issue.objects.offered().select_related("repository").order_by("-created_at").first()

    page = client.get("/contribute/").content.decode()
    assert "The issue asks for a fix." in page and "Start from the failing test." in page

    owner, name = issue.repository.owner_login, issue.repository.name
    detail = client.get(f"/api/v0/issues/{owner}/{name}/{issue.number}").json()
    assert (detail["summary"], detail["hint"]) == ("The issue asks for a fix.", "Start from the failing test.")
    listed = client.get("/api/v0/issues/", {"organization": owner, "repository": name}).json()["items"]
    assert {item["summary"] for item in listed} <= {"The issue asks for a fix.", None}

    query = "{ recentIssues(limit: 50) { title summary hint } }"
    data = client.post("/graphql/", {"query": query}, content_type="application/json").json()
    assert "errors" not in data, data
    assert "The issue asks for a fix." in {row["summary"] for row in data["data"]["recentIssues"]}
