"""The agent over the real OWASP data: the real openai client (LangChain tool calling) against the fake OpenAI
server, which replies with tool calls; the tools ask the domain's querysets and the search service, their
calls are logged and returned with the answer; bad tool arguments and failed calls are handled politely."""

import json
import logging

import pytest

from apps.assistant.agent import run_agent
from cms.models import ChapterPage, ProjectPage
from tests.fakes.openai import API_KEY, FakeOpenAI

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_openai(settings):
    with FakeOpenAI(timeout_delay=1.5) as fake:
        settings.OPENAI_API_KEY = API_KEY
        settings.OPENAI_BASE_URL = fake.url
        settings.OPENAI_CHAT_MODEL = "gpt-4o-mini"
        settings.OPENAI_CHAT_TIMEOUT = 0.5
        settings.OPENAI_CHAT_MAX_RETRIES = 1
        yield fake


def tool_results(request) -> list[dict]:
    return [json.loads(m["content"]) for m in request["messages"] if m["role"] == "tool"]


def test_chapters_in_brazil(fake_openai, caplog):
    brazil = list(
        ChapterPage.objects.listed().filter(country__iexact="Brazil").order_by("title").values_list("title", flat=True)
    )
    assert brazil, "the real data has chapters in Brazil"
    fake_openai.chat_replies = [
        {"tool_calls": [("chapters_in_country", {"country": "Brazil"})]},
        f"There are {len(brazil)} OWASP chapters in Brazil.",
    ]

    with caplog.at_level(logging.INFO, logger="apps.assistant.agent"):
        result = run_agent("Which OWASP chapters are in Brazil?")

    assert result.status == "answered" and result.mode == "agent"
    assert result.answer == f"There are {len(brazil)} OWASP chapters in Brazil."
    assert result.tool_calls == [
        {"tool": "chapters_in_country", "arguments": {"country": "Brazil"}, "result_count": len(brazil), "error": ""}
    ]
    assert [s.title for s in result.sources] == brazil and {s.type for s in result.sources} == {"chapter"}
    # The tool's rows went back to the model, and the tools were offered to it.
    first, second = fake_openai.chat_requests
    assert {tool["function"]["name"] for tool in first["tools"]} == {
        "search_nest",
        "chapters_in_country",
        "project_leaders",
        "find_projects",
    }
    (rows,) = tool_results(second)
    assert [row["title"] for row in rows["results"]] == brazil
    assert "chapters_in_country" in caplog.text


def test_who_leads_juice_shop(fake_openai):
    juice_shop = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    leaders = [leader.name for leader in juice_shop.leaders.all()]
    assert leaders
    fake_openai.chat_replies = [
        {"tool_calls": [("project_leaders", {"project": "Juice Shop"})]},
        f"OWASP Juice Shop is led by {', '.join(leaders)}.",
    ]

    result = run_agent("Who leads Juice Shop?")

    assert result.status == "answered"
    assert result.tool_calls[0]["tool"] == "project_leaders" and result.tool_calls[0]["result_count"] == 1
    assert [(s.title, s.key) for s in result.sources] == [("OWASP Juice Shop", "juice-shop")]
    (rows,) = tool_results(fake_openai.chat_requests[1])
    assert [leader["name"] for leader in rows["results"][0]["leaders"]] == leaders
    assert "email" not in json.dumps(rows)  # private


def test_the_search_tool_and_bad_arguments_go_back_to_the_model(fake_openai):
    fake_openai.chat_replies = [
        {"tool_calls": [("search_nest", {"query": "dependency check", "type": "project"})]},
        {"tool_calls": [("chapters_in_country", {"country": ""}), ("drop_tables", {"sql": "DROP TABLE x"})]},
        "Dependency-Check finds vulnerable dependencies.",
    ]

    result = run_agent("What finds vulnerable dependencies?")

    assert result.status == "answered"
    search, bad, unknown = result.tool_calls
    assert search["tool"] == "search_nest" and search["result_count"] >= 1 and not search["error"]
    assert "dependency-check" in {s.key for s in result.sources}
    assert bad["result_count"] is None and bad["error"].startswith("invalid arguments")
    assert unknown["error"] == "unknown tool 'drop_tables'"
    errors = tool_results(fake_openai.chat_requests[2])[1:]
    assert [bool(e["error"]) for e in errors] == [True, True]


def test_a_failed_call_is_a_polite_failure_with_the_calls_made(fake_openai):
    fake_openai.chat_replies = [{"tool_calls": [("chapters_in_country", {"country": "Brazil"})]}]
    fake_openai.script = ["ok", "timeout", "timeout"]

    result = run_agent("Which OWASP chapters are in Brazil?")

    assert (result.status, result.reason) == ("failed", "timeout")
    assert result.answer.startswith("Sorry") and len(result.tool_calls) == 1


def test_endless_tool_calls_stop(fake_openai):
    fake_openai.chat_replies = [{"tool_calls": [("search_nest", {"query": "zap"})]}] * 10

    result = run_agent("Tell me about ZAP")

    assert (result.status, result.reason) == ("failed", "malformed")
    assert len(result.tool_calls) == 4


def test_without_a_chat_model_the_agent_says_so(settings):
    settings.OPENAI_API_KEY = ""

    result = run_agent("Who leads Juice Shop?")

    assert (result.status, result.reason) == ("failed", "not_configured")


def test_the_agent_endpoint(client, fake_openai):
    fake_openai.chat_replies = [{"tool_calls": [("project_leaders", {"project": "juice-shop"})]}, "Led by them."]

    response = client.post("/api/v0/ai/agent/", {"question": "Who leads Juice Shop?"}, content_type="application/json")

    body = response.json()
    assert response.status_code == 200 and body["mode"] == "agent" and body["answer"] == "Led by them."
    assert body["tool_calls"][0]["tool"] == "project_leaders"
    assert body["sources"][0]["key"] == "juice-shop"
    assert client.post("/api/v0/ai/agent/", {"question": ""}, content_type="application/json").status_code == 400


def test_flagship_java_projects_with_a_release_this_year(fake_openai):
    """The issue's example: the projects list's level and language filters and the releases of a year, on real
    projects whose repositories each differ from the answer's in one way only."""
    from django.utils import timezone

    from apps.github.services.figures import refresh_project_figures
    from tests import factories

    def project(key, level, language, released):
        page = ProjectPage.objects.get(owasp_key=key)
        ProjectPage.objects.filter(pk=page.pk).update(level=level)
        repository = factories.make_repository(
            f"{key}-code", project=page, language=language, languages={language: 5000, "Shell": 10}
        )
        factories.make_release(repository, published_at=released)
        return page

    this_year = timezone.now().replace(month=1, day=2)
    answer = project("www-project-dependency-check", "flagship", "Java", this_year)
    project("www-project-zap", "flagship", "Java", this_year.replace(year=this_year.year - 1))  # last year's
    project("www-project-juice-shop", "flagship", "TypeScript", this_year)  # another language
    project("www-project-cheat-sheets", "lab", "Java", this_year)  # another level
    refresh_project_figures()
    arguments = {"level": "flagship", "language": "java", "released_in_year": this_year.year}
    fake_openai.chat_replies = [
        {"tool_calls": [("find_projects", arguments)]},
        "OWASP Dependency-Check is the flagship Java project with a release this year.",
    ]

    result = run_agent("Which flagship projects written in Java had a release this year?")

    assert result.status == "answered"
    assert result.tool_calls == [{"tool": "find_projects", "arguments": arguments, "result_count": 1, "error": ""}]
    assert [(s.key, s.type) for s in result.sources] == [(answer.short_key, "project")]
    first, second = fake_openai.chat_requests
    assert "find_projects" in {tool["function"]["name"] for tool in first["tools"]}
    assert f"Today is {timezone.localdate().isoformat()}." in json.dumps(first["messages"])
    (rows,) = tool_results(second)
    assert rows["results"] == [{"title": answer.title, "key": answer.short_key, "level": "flagship", "url": answer.url}]


def test_the_projects_tool_refuses_an_unknown_level(fake_openai):
    fake_openai.chat_replies = [{"tool_calls": [("find_projects", {"level": "legendary"})]}, "None found."]

    result = run_agent("Which legendary projects are there?")

    (call,) = result.tool_calls
    assert call["result_count"] is None and call["error"].startswith("invalid arguments")
