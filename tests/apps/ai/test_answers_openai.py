"""Question answering through the LangChain pipeline with the real openai client against the local fake OpenAI
server (tests/fakes/openai.py): the answer is written from the retrieved passages only and cites them; a rate
limit is retried; a timeout or a malformed reply is a polite failure with the sources, never an error."""

import re

import pytest

from apps.ai.models import Prompt
from apps.ai.services import answers
from apps.ai.services.prompts import forget
from apps.assistant.answers import ask
from tests.fakes.openai import API_KEY, FakeOpenAI

pytestmark = pytest.mark.django_db

QUESTION = "Which project is an intentionally insecure web application for security training?"


@pytest.fixture
def fake_openai(settings):
    with FakeOpenAI(timeout_delay=1.5) as fake:
        settings.OPENAI_API_KEY = API_KEY
        settings.OPENAI_BASE_URL = fake.url
        settings.OPENAI_CHAT_MODEL = "gpt-4o-mini"
        settings.OPENAI_CHAT_TIMEOUT = 0.5
        settings.OPENAI_CHAT_MAX_RETRIES = 1
        yield fake


def test_the_answer_is_written_from_the_passages_and_cites_them(embedded, fake_openai):
    result = ask(QUESTION)

    assert result.status == "answered" and result.mode == "openai"
    assert result.answer == "From the sources: OWASP Juice Shop is what the question is about [1]."
    # [1] was cited: the sources are those the answer cites.
    assert [(s.title, s.type, s.key) for s in result.sources] == [("OWASP Juice Shop", "project", "juice-shop")]
    (request,) = fake_openai.chat_requests
    assert request["model"] == "gpt-4o-mini"
    system, user = request["messages"]
    assert system["role"] == "system" and "ONLY from the numbered sources" in system["content"]
    assert user["content"].startswith("Sources:\n[1] OWASP Juice Shop (project, /")
    assert user["content"].endswith(f"Question: {QUESTION}")
    # Only the retrieved passages are sent: the nearest ones, not the whole database.
    assert 1 <= len(re.findall(r"^\[\d\] ", user["content"], re.MULTILINE)) <= answers.MAX_SOURCES


def test_a_rate_limit_is_retried_then_answered(embedded, fake_openai):
    fake_openai.script = ["429"]

    result = ask(QUESTION)

    assert result.status == "answered"
    assert len(fake_openai.chat_requests) == 2


@pytest.mark.parametrize("behaviour", ["timeout", "malformed", "malformed_json", "500"])
def test_a_failed_call_is_a_polite_failure_with_the_sources(embedded, fake_openai, behaviour):
    fake_openai.script = [behaviour] * 2  # the first try and its retry

    result = ask(QUESTION)

    assert result.status == "failed" and result.mode == "openai"
    assert result.answer.startswith("Sorry, the answer could not be written just now")
    assert result.sources and result.sources[0].key == "juice-shop"
    expected_reason = {"timeout": "timeout", "500": "unavailable"}.get(behaviour, "malformed")
    assert result.reason == expected_reason


def test_rate_limited_after_the_retries_is_a_polite_failure(embedded, fake_openai):
    fake_openai.script = ["429", "429"]

    result = ask(QUESTION)

    assert (result.status, result.reason) == ("failed", "rate_limited")


def test_a_declined_question_makes_no_call(embedded, fake_openai):
    result = ask("How do I bake sourdough bread at home?")

    assert result.status == "declined"
    assert fake_openai.chat_requests == []


@pytest.fixture
def forget_answer_prompt():
    """The cached text is the shared cache's: the rolled-back edit must not outlive the test there."""
    yield
    forget("answer-system")


def test_the_pipeline_reads_the_prompt_record_again_after_an_edit(embedded, fake_openai, forget_answer_prompt):
    ask(QUESTION)  # the text is now cached
    record = Prompt.objects.get(key="answer-system")
    record.text = "Answer from the numbered sources in the voice of a pirate."
    record.save()

    ask(QUESTION)

    first, second = fake_openai.chat_requests
    assert "ONLY from the numbered sources" in first["messages"][0]["content"]
    assert second["messages"][0]["content"] == record.text
