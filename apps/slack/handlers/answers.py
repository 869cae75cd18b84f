"""Questions (``/ai``, mentions, direct messages): answered by the assistant (``apps.assistant.answers.ask``),
the answer's text followed by its sources as links.

The assistant answers offline (extractive: each source's closest sentences) or through the chat model when
one is configured. When it has nothing (nothing embedded yet, or no source close enough: it declines), the
answer says so and shows the search service's best matches instead, each linked; when those are empty too,
it says it found nothing. A question the assistant refuses (too long, a NUL) gets the reason.
"""

import re

from django.utils.translation import gettext as _

from apps.ai.services.answers import ANSWERED, FAILED, OPENAI, InvalidQuestion, clean_question
from apps.assistant.answers import ask
from apps.search.services.query import MAX_QUERY_LENGTH, InvalidSearch, search
from apps.slack.blocks import context, escape, link, plain_text, section
from apps.slack.handlers.commands import Answer

SOURCES = 5
QUOTED = 150  # characters of the question repeated in the answer


def thinking() -> Answer:
    text = _("Thinking…")
    return Answer([context(f":hourglass_flowing_sand: {text}")], text)


def _usage() -> Answer:
    text = _("Ask a question after the command, e.g. `/ai how do I start contributing?`")
    return Answer([section(text)], text)


def answer_question(question) -> Answer:
    """The blocks answering ``question``: the assistant's answer with its sources, or the search fallback."""
    if not " ".join(str(question or "").split()):
        return _usage()
    try:
        text = clean_question(str(question))
    except InvalidQuestion as error:
        return Answer([section(escape(error.message))], error.message)
    result = ask(text)
    if result.status == ANSWERED or (result.status == FAILED and result.sources):
        return _assistant_answer(result)
    return _search_fallback(text)


def _mrkdwn(answer: str) -> str:
    """The chat model's Markdown as Slack mrkdwn: text escaped, ``**bold**`` as ``*bold*``."""
    return re.sub(r"\*\*(.+?)\*\*", r"*\1*", escape(answer))


def _assistant_answer(result) -> Answer:
    blocks = [section(_("*Answer to “%s”*") % escape(result.question[:QUOTED]))]
    if result.excerpts:  # the extractive answer: each excerpt under the source it comes from
        lines = []
        for part in result.excerpts:
            source = result.sources[part["source"]]
            lines.append(f"*{link(source.url, source.title)}*: {escape(part['text'])}")
        blocks.append(section("\n".join(lines)))
    else:
        blocks.append(section(_mrkdwn(result.answer)))
    sources = [f"[{number}] {link(source.url, source.title)}" for number, source in enumerate(result.sources, 1)]
    blocks.append(section("*" + _("Sources") + "*\n" + "\n".join(sources)))
    how = (
        _("Written by the language model from these sources only.")
        if result.mode == OPENAI
        else _("Sentences quoted from these sources.")
    )
    blocks.append(context(how))
    return Answer(blocks, plain_text(result.answer, 300) or _("Answer"))


def _search_fallback(question: str) -> Answer:
    try:
        results = search(question[:MAX_QUERY_LENGTH], limit=SOURCES)
    except InvalidSearch:
        results = None
    if results is None or not results.hits:
        text = _("I found nothing in Nest about that. Try other words, or `/owasp` for what I can list.")
        return Answer([section(text)], text)
    lines = [
        f"{number}. *{link(hit.url, hit.title)}*: {escape(plain_text(hit.snippet, 160))}"
        for number, hit in enumerate(results.hits, 1)
    ]
    intro = _("Here is what Nest has on “%s”:") % escape(question[:QUOTED])
    blocks = [
        section(intro),
        section("\n".join(lines)),
        context(_("Sources: Nest's search of OWASP's pages. The assistant found no source close enough to answer.")),
    ]
    return Answer(blocks, intro)
