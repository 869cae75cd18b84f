"""Questions (``/ai``, mentions, direct messages): answered from Nest's search, with each source linked.

The AI answer service (issue 14, branch ``ai2``) is not merged yet: until it is, the answer is the search
service's best matches for the question, each with its link. ``answer_question`` is the one seam to rewire.
"""

from django.utils.translation import gettext as _

from apps.search.services.query import MAX_QUERY_LENGTH, InvalidSearch, search
from apps.slack.blocks import context, escape, link, plain_text, section
from apps.slack.handlers.commands import Answer

SOURCES = 5


def thinking() -> Answer:
    text = _("Thinking…")
    return Answer([context(f":hourglass_flowing_sand: {text}")], text)


def answer_question(question: str) -> Answer:
    question = " ".join(str(question or "").split())
    if not question:
        text = _("Ask a question after the command, e.g. `/ai how do I start contributing?`")
        return Answer([section(text)], text)
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
    intro = _("Here is what Nest has on “%s”:") % escape(question[:150])
    blocks = [section(intro), section("\n".join(lines)), context(_("Sources: Nest's search of OWASP's pages."))]
    return Answer(blocks, intro)
