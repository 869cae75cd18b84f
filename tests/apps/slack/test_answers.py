"""Questions answered by the assistant (``apps.assistant.answers.ask``) in Slack: ``/ai``, mentions and direct
messages get the answer's text with its sources as links (Block Kit, mrkdwn escaped), read back from the fake
Slack. A few real projects are embedded with the local model (the offline extractive answers); without
embeddings, or for a question the assistant declines, the search fallback says so."""

import pytest

from apps.ai.models import Chunk, Context, EmbeddingIndex
from apps.ai.services.embedding import embed_pending, refresh_contexts
from cms.models import ProjectPage
from tests.apps.slack.conftest import USER_ID, texts_of
from tests.fakes.openai import API_KEY, FakeOpenAI
from tests.fakes.slack import BOT_USER_ID

pytestmark = pytest.mark.django_db

QUESTION = "Which project is an intentionally insecure web application for security training?"
EMBEDDED = ["www-project-juice-shop", "www-project-zap", "www-project-dependency-check", "www-project-cheat-sheets"]


@pytest.fixture
def few_embedded():
    """Four real projects embedded, and only they (not the slow session fixture of every page): any other
    context is taken out (in the test's transaction) so that the local model's index becomes the active one."""
    pages = ProjectPage.objects.filter(owasp_key__in=EMBEDDED)
    assert pages.count() == len(EMBEDDED)
    refresh_contexts("project", list(pages.values_list("pk", flat=True)))
    mine = Context.objects.of("project", pages.values_list("pk", flat=True))
    Context.objects.exclude(pk__in=mine.values("pk")).delete()
    report = embed_pending(context_ids=list(mine.values_list("pk", flat=True)))
    assert not report.errors, report.errors
    # Embedded now, or already by the session's fixture of every page when it ran first (the full suite).
    assert Chunk.objects.filter(context__in=mine).values("context").distinct().count() == len(EMBEDDED)
    assert EmbeddingIndex.objects.filter(is_active=True).exists()
    return {page.owasp_key: page for page in pages}


def _update_of(bot) -> list[dict]:
    (update,) = bot.calls("chat.update")
    return update.args["blocks"]


def test_ai_posts_the_assistants_answer_with_its_sources_as_links(bot, slack, few_embedded):
    juice = few_embedded["www-project-juice-shop"]
    juice_link = f"<http://localhost:8000{juice.url}|OWASP Juice Shop>"

    slack.command("/ai", QUESTION)

    (placeholder,) = bot.posted()
    assert placeholder["channel"] == USER_ID and "Thinking…" in texts_of(placeholder["blocks"])
    question, answer, sources, how = _update_of(bot)
    assert question["text"]["text"] == f"*Answer to “{QUESTION}”*"
    # The extractive answer: the passage's closest sentences under the source they come from.
    assert answer["text"]["text"].startswith(f"*{juice_link}*: ")
    assert "insecure" in answer["text"]["text"].lower()
    assert sources["text"]["text"].startswith(f"*Sources*\n[1] {juice_link}")
    assert how == {"type": "context", "elements": [{"type": "mrkdwn", "text": "Sentences quoted from these sources."}]}


def test_a_mention_is_answered_by_the_assistant_in_its_thread(bot, slack, few_embedded):
    slack.event(
        {"type": "app_mention", "user": USER_ID, "text": f"<@{BOT_USER_ID}> {QUESTION}", "ts": "7.5", "channel": "C0AI"}
    )

    (placeholder,) = bot.posted()
    assert (placeholder["channel"], placeholder["thread_ts"]) == ("C0AI", "7.5")
    text = texts_of(_update_of(bot))
    assert "*Answer to “Which project" in text
    assert "|OWASP Juice Shop>" in text and "*Sources*" in text


def test_a_direct_message_is_answered_by_the_assistant(bot, slack, few_embedded):
    slack.event(
        {"type": "message", "channel_type": "im", "user": USER_ID, "text": QUESTION, "ts": "8.5", "channel": "D0AI"}
    )

    assert "|OWASP Juice Shop>" in texts_of(_update_of(bot))


def test_a_question_the_assistant_declines_falls_back_clearly(bot, slack, few_embedded):
    slack.command("/ai", "How do I bake sourdough bread at home?")

    text = texts_of(_update_of(bot))
    assert "I found nothing in Nest about that" in text
    assert "*Sources*" not in text


def test_without_embeddings_the_search_answers_and_says_the_assistant_had_none(bot, slack):
    Chunk.objects.all().delete()  # the session's embeddings, when their fixture ran first (in this transaction)

    slack.command("/ai", "juice shop")

    text = texts_of(_update_of(bot))
    assert "Here is what Nest has on “juice shop”" in text
    assert "|OWASP Juice Shop>" in text
    assert "The assistant found no source close enough to answer." in text


def test_a_question_too_long_for_the_assistant_gets_the_reason(bot, slack):
    slack.command("/ai", "why " * 200)

    assert "Ask in at most 500 characters." in texts_of(_update_of(bot))


@pytest.fixture
def fake_openai(settings):
    with FakeOpenAI() as fake:
        settings.OPENAI_API_KEY = API_KEY
        settings.OPENAI_BASE_URL = fake.url
        settings.OPENAI_CHAT_MODEL = "gpt-4o-mini"
        settings.OPENAI_CHAT_MAX_RETRIES = 0
        yield fake


def test_with_the_chat_model_the_written_answer_cites_its_numbered_sources(bot, slack, few_embedded, fake_openai):
    slack.command("/ai", QUESTION)

    _question, answer, sources, how = _update_of(bot)
    assert answer["text"]["text"] == "From the sources: OWASP Juice Shop is what the question is about [1]."
    juice = few_embedded["www-project-juice-shop"]
    assert sources["text"]["text"] == f"*Sources*\n[1] <http://localhost:8000{juice.url}|OWASP Juice Shop>"
    assert how["elements"][0]["text"] == "Written by the language model from these sources only."
    assert len(fake_openai.chat_requests) == 1
