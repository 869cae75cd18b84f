"""Answers to a question from the passages retrieval found, each answer citing its sources.

The retrieval itself (hybrid: the embeddings' nearest chunks and the search service's lexical scores) is
``apps.assistant``'s, which sits above both; this module takes its :class:`Passage` list and:

- declines when the best passage is not close enough in meaning (``MIN_SCORE``, cosine similarity of the
  local model, tuned on the retrieval set's real questions against questions that are not about OWASP:
  ``tests/apps/ai/test_answers.py``), unless the lexical search found the entity by name too
  (``MIN_SCORE_NAMED``);
- keeps the passages within ``SCORE_MARGIN`` of the best (at most ``MAX_SOURCES``);
- answers offline (the default) extractively: from each kept passage, its sentences that share the most
  words with the question, with the entity it comes from;
- or, with OpenAI's chat model configured (``apps.ai.services.chat``), through a LangChain pipeline (the
  prompt records ``answer-system`` and ``answer-user`` | the chat model | a string parser) told to answer
  from the numbered passages only. A failed call (rate limited after the retries, timed out, a malformed
  reply) is a polite failure message with the sources still listed, never an error.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
# Cosine similarity (all-MiniLM-L6-v2) of the best passage below which a question is declined; tuned on
# the real questions (their best passage scores 0.42 to 0.78) and on questions that are not about OWASP
# (0.08 to 0.31). A lexical match of the entity's name lowers the bar to MIN_SCORE_NAMED.
MIN_SCORE = 0.36
MIN_SCORE_NAMED = 0.25
# A passage this close in meaning needs no shared word with the question (``chosen``).
STRONG_SCORE = 0.6
# Sources kept: those within this much of the best one, at most MAX_SOURCES.
SCORE_MARGIN = 0.12
MAX_SOURCES = 4
# The extractive answer: at most this many sentences per source and characters per source.
SENTENCES_PER_SOURCE = 2
CHARS_PER_SOURCE = 320

EXTRACTIVE, OPENAI = "extractive", "openai"
ANSWERED, DECLINED, FAILED = "answered", "declined", "failed"


class InvalidQuestion(ValueError):  # noqa: N818 - named for what the caller reports (a 400)
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def clean_question(value) -> str:
    """The question as text on one line; :class:`InvalidQuestion` when it is missing, empty, too long, not
    text or holds a NUL."""
    if value is None:
        raise InvalidQuestion(_("This field is required."))
    if not isinstance(value, str):
        raise InvalidQuestion(_("Enter the question as text."))
    if "\x00" in value:
        raise InvalidQuestion(_("The question may not contain NUL characters."))
    text = " ".join(value.split())
    if not text:
        raise InvalidQuestion(_("This field may not be blank."))
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(_("Ask in at most %(n)d characters.") % {"n": MAX_QUESTION_CHARS})
    return text


@dataclass(frozen=True)
class Source:
    """Where a passage comes from, as the search service names it: the page (or GitHub, for an issue)."""

    title: str
    url: str
    type: str
    key: str

    def as_dict(self) -> dict:
        return {"title": self.title, "url": self.url, "type": self.type, "key": self.key}


@dataclass(frozen=True)
class Passage:
    """A retrieved passage: its ``source``, its text, the cosine similarity of its chunk to the question
    (``score``) and the lexical search's score of its entity relative to the best lexical hit (0 to 1; 0
    when the lexical search did not find it)."""

    source: Source
    text: str
    score: float
    lexical: float = 0.0

    @property
    def rank(self) -> float:
        """What orders the passages: meaning first, a lexical match adding up to 0.1."""
        return self.score + 0.1 * self.lexical


@dataclass
class Answer:
    question: str
    answer: str
    status: str  # answered, declined or failed
    mode: str  # extractive or openai
    sources: list[Source] = field(default_factory=list)
    excerpts: list[dict] = field(default_factory=list)  # the extractive answer's parts: {"source": i, "text"}
    tool_calls: list[dict] = field(default_factory=list)  # the agent's
    reason: str = ""  # why it was declined or failed

    def as_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "status": self.status,
            "mode": self.mode,
            "sources": [source.as_dict() for source in self.sources],
            "excerpts": self.excerpts,
            "tool_calls": self.tool_calls,
            "reason": self.reason,
        }


def chosen(question: str, passages: list[Passage]) -> list[Passage]:
    """The passages good enough to answer from, best first; [] when the question should be declined.

    A passage counts when it is close in meaning and either very close (``STRONG_SCORE``) or grounded: it
    shares a word with the question besides the place it is about (``grounded``) — a place alone does not
    make a question about OWASP ("the capital of Australia" is near the Australian chapters in meaning)."""
    ordered = sorted(passages, key=lambda p: p.rank, reverse=True)
    ordered = [p for p in ordered if p.score >= STRONG_SCORE or grounded(question, p)]
    if not ordered:
        return []
    best = ordered[0]
    floor = MIN_SCORE_NAMED if best.lexical >= 0.5 else MIN_SCORE
    if best.score < floor:
        return []
    kept, seen = [], set()
    for passage in ordered:
        if passage.rank < best.rank - SCORE_MARGIN:
            break
        if passage.score < MIN_SCORE_NAMED or passage.source.key in seen:
            continue
        seen.add(passage.source.key)
        kept.append(passage)
        if len(kept) == MAX_SOURCES:
            break
    return kept


def decline(question: str, mode: str, reason: str = "no_source") -> Answer:
    return Answer(
        question,
        _(
            "Sorry, I can only answer questions about OWASP's projects, chapters, committees, events and their "
            "GitHub work, and I found no source here that answers this one. Try naming a project, a place or a "
            "topic, or use the search."
        ),
        DECLINED,
        mode,
        reason=reason,
    )


def not_indexed(question: str) -> Answer:
    """The answer while nothing is embedded (a fresh install before its first embedding run): declined, saying
    why and what still works, not as a question without a source."""
    from apps.ai.services import chat

    return Answer(
        question,
        _(
            "Sorry, answers are not available yet: this site's pages have not been indexed for questions. The "
            "search finds projects, chapters, committees and events meanwhile."
        ),
        DECLINED,
        OPENAI if chat.is_configured() else EXTRACTIVE,
        reason="not_indexed",
    )


_WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+")
_STOP_TEXT = (
    "a an and are as at be by can do does for from has have how i in is it its me of on or that the this to "
    "was what when where which who whom why will with you your about any there their them they we our owasp "
    "tell find show list give please project projects"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())


_SUFFIXES = ("ers", "ing", "ed", "es", "er", "s")


def _stem(word: str) -> str:
    """A crude English stem, enough to match "leads" with "Leaders" and "trainings" with "training"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS}


def keywords(text: str) -> list[str]:
    """The words of a question that say what it is about (question words and stop words left out), in order."""
    return [word for word in dict.fromkeys(_WORD.findall(text.lower())) if word not in STOP_WORDS]


_PLACE_LINE = re.compile(r"^(Chapter in |Location: )(.*)$", re.MULTILINE)
PLACE_TYPES = ("chapter", "event")


def grounded(question: str, passage: Passage) -> bool:
    """Whether the question shares a word stem with the passage other than its place (for a chapter or an
    event: the words of its title and of its "Chapter in" / "Location:" line, wherever they occur)."""
    wanted = _stems(" ".join(keywords(question)))
    if not wanted:
        return False
    found = _stems(passage.text) | _stems(passage.source.title)
    if passage.source.type in PLACE_TYPES:
        places = _stems(passage.source.title) | _stems(" ".join(m.group(2) for m in _PLACE_LINE.finditer(passage.text)))
        found -= places
        wanted -= places
    return bool(wanted & found)


def _sentences(text: str, title: str) -> list[str]:
    heading = {title.lower(), f"owasp {title.lower()}"}
    parts = [" ".join(part.split()) for part in _SENTENCE_END.split(text)]
    return [part for part in parts if part and part.lower() not in heading]


def condense(question: str, passage: Passage) -> str:
    """The passage's sentences that share the most word stems with the question (its first one when none
    does), in their order, at most ``SENTENCES_PER_SOURCE`` and ``CHARS_PER_SOURCE`` characters."""
    wanted = _stems(question)
    sentences = _sentences(passage.text, passage.source.title)
    if not sentences:
        return ""
    scored = [(len(wanted & _stems(sentence)), -i, i) for i, sentence in enumerate(sentences)]
    best = sorted(scored, reverse=True)[:SENTENCES_PER_SOURCE]
    picked = sorted(i for overlap, _, i in best if overlap > 0) or [0]
    if 0 not in picked and len(picked) < SENTENCES_PER_SOURCE and len(sentences[0]) < 160:
        picked.insert(0, 0)  # the opening line says what the entity is
    text = " ".join(sentences[i] if sentences[i][-1] in ".!?…:" else f"{sentences[i]}." for i in picked)
    if len(text) > CHARS_PER_SOURCE:
        text = text[:CHARS_PER_SOURCE].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def extractive(question: str, passages: list[Passage]) -> Answer:
    """The offline answer: the kept passages condensed, each with its entity; declined when none is kept."""
    kept = chosen(question, passages)
    if not kept:
        return decline(question, EXTRACTIVE)
    excerpts = [{"source": i, "text": condense(question, passage)} for i, passage in enumerate(kept)]
    lines = [f"{passage.source.title}: {excerpt['text']}" for passage, excerpt in zip(kept, excerpts, strict=True)]
    return Answer(question, "\n".join(lines), ANSWERED, EXTRACTIVE, [p.source for p in kept], excerpts)


def _numbered(passages: list[Passage]) -> str:
    return "\n\n".join(
        f"[{i}] {p.source.title} ({p.source.type}, {p.source.url})\n{p.text}" for i, p in enumerate(passages, 1)
    )


_CITATION = re.compile(r"\[(\d{1,2})\]")


def generated(question: str, passages: list[Passage]) -> Answer:
    """The chat model's answer from the kept passages only (LangChain: prompt | model | parser); declined
    without a call when none is kept; a failed call is a polite failure with the sources listed."""
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate

    from apps.ai.services import chat
    from apps.ai.services.prompts import prompt

    kept = chosen(question, passages)
    if not kept:
        return decline(question, OPENAI)
    sources = [p.source for p in kept]
    template = ChatPromptTemplate.from_messages(
        [("system", prompt("answer-system")), ("human", prompt("answer-user"))], template_format="f-string"
    )
    pipeline = template | chat.chat_model(max_tokens=400) | StrOutputParser()
    try:
        text = chat.run(pipeline, {"question": question, "sources": _numbered(kept)}, what="answer")
    except chat.ChatFailed as exc:
        return Answer(
            question,
            _(
                "Sorry, the answer could not be written just now (the language model did not reply in time "
                "or properly). The sources below are what I found; please try again in a moment."
            ),
            FAILED,
            OPENAI,
            sources,
            reason=exc.reason,
        )
    text = (text or "").strip()
    if not text:
        return Answer(question, _("Sorry, the answer came back empty."), FAILED, OPENAI, sources, reason="malformed")
    cited = sorted({int(n) - 1 for n in _CITATION.findall(text) if 0 < int(n) <= len(kept)})
    if cited:  # the sources the model used, in its numbering; else all it was given
        sources = [kept[i].source for i in cited]
    return Answer(question, text, ANSWERED, OPENAI, sources)


def answer(question: str, passages: list[Passage]) -> Answer:
    """The answer to ``question`` from ``passages``: the chat model's when configured, else extractive."""
    from apps.ai.services import chat

    if chat.is_configured():
        return generated(question, passages)
    return extractive(question, passages)
