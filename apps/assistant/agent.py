"""The agent: OpenAI's chat model calling tools over Nest's data (LangChain tool calling), for questions a
passage cannot answer ("chapters in Brazil", "who leads Juice Shop").

Each tool is a domain question asked through the domain's own querysets or the search service, with typed
arguments (validated before it runs); nothing the model writes becomes SQL. The loop: the model gets the
question and the tools, each tool call it makes is run and its result handed back, until it answers (at most
``MAX_STEPS`` rounds). Every call is logged and returned with the answer (``Answer.tool_calls``), and every
entity a tool returned is a source of the answer. Without a chat model configured, or when a call fails, the
answer is a polite failure, never an error.
"""

from __future__ import annotations

import json
import logging
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, ValidationError

from apps.ai.services import answers, chat
from apps.ai.services.answers import Answer, Source

logger = logging.getLogger(__name__)

MAX_STEPS = 4
MAX_ROWS = 60
AGENT = "agent"


class SearchArguments(BaseModel):
    query: str = Field(min_length=1, max_length=200, description="Free text: a name, a topic, a place.")
    type: str | None = Field(
        default=None, description="One of project, chapter, committee, event, repository, issue, member."
    )


class CountryArguments(BaseModel):
    country: str = Field(min_length=2, max_length=100, description="The country's English name, e.g. Brazil.")


class ProjectArguments(BaseModel):
    project: str = Field(min_length=1, max_length=200, description="The project's name or key, e.g. Juice Shop.")


class ProjectsArguments(BaseModel):
    level: Literal["incubator", "lab", "production", "flagship"] | None = Field(
        default=None, description="OWASP's project level."
    )
    language: str | None = Field(
        default=None, min_length=1, max_length=50, description="A programming language of the code, e.g. Java."
    )
    released_in_year: int | None = Field(
        default=None, ge=2001, le=2100, description="Only projects with a release published in this year."
    )


def _page_source(page, kind: str) -> Source:
    return Source(page.title, page.url or "", kind, page.short_key)


def search_nest(query: str, type: str | None = None) -> tuple[list[dict], list[Source]]:
    """The search service's best hits (every type, or ``type``)."""
    from apps.search.services import search

    hits = search(query, types=[type] if type else None, limit=8).hits
    rows = [{"type": h.type, "key": h.key, "title": h.title, "url": h.url, "snippet": h.snippet[:200]} for h in hits]
    return rows, [Source(h.title, h.url, h.type, h.key) for h in hits]


def chapters_in_country(country: str) -> tuple[list[dict], list[Source]]:
    """The listed chapters of a country (its name as the chapters give it, any case), by name."""
    from cms import selectors

    chapters = list(selectors.public_chapters().filter(country__iexact=country.strip()).order_by("title")[:MAX_ROWS])
    rows = [{"title": c.title, "city": c.city, "key": c.short_key, "url": c.url or ""} for c in chapters]
    return rows, [_page_source(c, "chapter") for c in chapters]


def find_projects(
    level: str | None = None, language: str | None = None, released_in_year: int | None = None
) -> tuple[list[dict], list[Source]]:
    """The listed projects of a level and a language (the projects list's own filters), optionally only those
    with a release in a year, by level then name. The language is matched to the repositories' own names of
    it, any case ("java" is GitHub's "Java")."""
    from apps.github.services.offered_issues import offered_languages
    from cms import selectors
    from cms.filters import ProjectFilter

    data = {}
    if level:
        data["level"] = level
    if language:
        known = {name.lower(): name for name in offered_languages()}
        data["language"] = known.get(language.strip().lower(), language.strip())
    listing = ProjectFilter(data, queryset=selectors.public_projects())
    if not listing.is_valid():
        raise ValueError("; ".join(f"{name}: {' '.join(errors)}" for name, errors in listing.errors.items()))
    projects = listing.qs
    if released_in_year:
        projects = projects.released_in(released_in_year)
    projects = list(projects[:MAX_ROWS])
    rows = [{"title": p.title, "key": p.short_key, "level": p.level, "url": p.url or ""} for p in projects]
    return rows, [_page_source(p, "project") for p in projects]


def project_leaders(project: str) -> tuple[list[dict], list[Source]]:
    """A project's leaders, in OWASP's order: the project by its key, else the search service's best project."""
    from apps.search.services import search
    from cms import selectors

    projects = selectors.public_projects(include_inactive=True)
    found = projects.with_key(project.strip().lower().replace(" ", "-")).first()
    if found is None:
        hits = search(project, types=["project"], limit=1).hits
        found = projects.with_key(hits[0].key).first() if hits else None
    if found is None:
        return [], []
    leaders = [{"name": leader.name, "role": leader.role} for leader in found.leaders.all()]
    return [{"project": found.title, "key": found.short_key, "url": found.url or "", "leaders": leaders}], [
        _page_source(found, "project")
    ]


TOOLS = {
    "search_nest": (search_nest, SearchArguments, "Search OWASP Nest (projects, chapters, events, issues, ...)."),
    "chapters_in_country": (chapters_in_country, CountryArguments, "The OWASP chapters of a country."),
    "project_leaders": (project_leaders, ProjectArguments, "Who leads an OWASP project."),
    "find_projects": (
        find_projects,
        ProjectsArguments,
        "OWASP projects by level, programming language and the year of a release (e.g. flagship Java projects "
        "with a release this year).",
    ),
}


def _tools():
    from langchain_core.tools import StructuredTool

    return [
        StructuredTool.from_function(func=function, name=name, description=description, args_schema=schema)
        for name, (function, schema, description) in TOOLS.items()
    ]


def run_tool(name: str, arguments: dict) -> tuple[dict, list[dict], list[Source]]:
    """Run one tool call: (its log entry, the rows for the model, the sources)."""
    entry = {"tool": name, "arguments": arguments if isinstance(arguments, dict) else {}, "result_count": None}
    entry["error"] = ""
    if name not in TOOLS:
        entry["error"] = f"unknown tool {name!r}"
        return entry, [], []
    function, schema, _description = TOOLS[name]
    try:
        parsed = schema.model_validate(arguments)
        rows, sources = function(**parsed.model_dump())
    except ValidationError as exc:
        entry["error"] = "invalid arguments: " + "; ".join(e["msg"] for e in exc.errors())[:300]
        return entry, [], []
    except Exception as exc:  # a tool's own failure (an invalid search type) goes back to the model
        logger.warning("agent: tool %s failed", name, exc_info=True)
        entry["error"] = str(exc)[:300]
        return entry, [], []
    entry["result_count"] = len(rows)
    return entry, rows, sources


def run_agent(question) -> Answer:
    """The agent's answer to ``question`` with its tool calls and sources (:class:`InvalidQuestion` for a
    question that cannot be asked)."""
    from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage

    from apps.ai.services.prompts import prompt

    text = answers.clean_question(question)
    model = chat.chat_model(max_tokens=500)
    if model is None:
        return Answer(
            text,
            _("Sorry, the agent needs an OpenAI chat model, which is not configured here. Try /ask/ instead."),
            answers.FAILED,
            AGENT,
            reason="not_configured",
        )
    bound = model.bind_tools(_tools())
    # Today's date, so that "this year" or "upcoming" mean what the asker means (a fact, not an instruction:
    # not part of the editable prompt).
    today = SystemMessage(f"Today is {timezone.localdate().isoformat()}.")
    messages = [SystemMessage(prompt("agent-system")), today, HumanMessage(text)]
    calls: list[dict] = []
    sources: dict[tuple[str, str], Source] = {}
    try:
        for _step in range(MAX_STEPS):
            reply = chat.run(bound, messages, what="agent")
            messages.append(reply)
            if not reply.tool_calls:
                content = reply.content if isinstance(reply.content, str) else ""
                if not content.strip():
                    raise chat.ChatFailed("malformed", "an empty answer")
                return Answer(text, content.strip(), answers.ANSWERED, AGENT, list(sources.values()), tool_calls=calls)
            for call in reply.tool_calls:
                entry, rows, found = run_tool(call["name"], call.get("args") or {})
                logger.info(
                    "agent: %s(%s) -> %s %s", entry["tool"], entry["arguments"], entry["result_count"], entry["error"]
                )
                calls.append(entry)
                sources.update({(s.type, s.key): s for s in found})
                result = {"error": entry["error"]} if entry["error"] else {"results": rows}
                messages.append(ToolMessage(json.dumps(result, default=str), tool_call_id=call["id"]))
        raise chat.ChatFailed("malformed", f"no answer after {MAX_STEPS} rounds of tool calls")
    except chat.ChatFailed as exc:
        return Answer(
            text,
            _("Sorry, the agent could not finish its answer just now. The tool calls it made are listed below."),
            answers.FAILED,
            AGENT,
            list(sources.values()),
            tool_calls=calls,
            reason=exc.reason,
        )
