"""NestBot's slash commands: each turns its arguments into Block Kit from the same querysets, FilterSets and
services the site reads. ``answer(name, text, page=…)`` is what the command task and the page buttons call.

Lists show ``PAGE_SIZE`` rows with Previous/Next buttons; each button carries the command, its words and the
page (or, for the issues feed, the keyset cursor) so the task re-renders that page in place.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.github.services.offered_issues import (
    before,
    decode_cursor,
    encode_cursor,
    load_issue_rows,
    newest_keys,
    offered_halves,
)
from apps.github.services.releases import recent_releases
from apps.github.services.status import github_status
from apps.search.services.query import InvalidSearch, search
from apps.slack.blocks import context, divider, escape, header, link, link_button, pager, plain_text, section
from apps.slack.models import SlackText
from cms.filters import ChapterFilter, ProjectFilter
from cms.models import ChapterPage, Leader, ProjectPage
from cms.selectors import public_committees, public_events, public_sponsors, public_staff, staff_synced

PAGE_SIZE = 5
FIRST_GSOC_YEAR = 2012  # OWASP's first Google Summer of Code


@dataclass
class Answer:
    blocks: list[dict]
    text: str  # the notification's text (and what screen readers say)


@dataclass
class Request:
    name: str  # without the slash: "projects"
    text: str = ""
    page: int = 0
    cursor: str = ""
    user_id: str = ""
    extra: dict = field(default_factory=dict)  # carried by the page buttons (the App Home's other pages)

    def state(self, **more) -> dict:
        return {"c": self.name, "t": self.text[:200], **self.extra, **more}


@dataclass
class Command:
    name: str
    usage: str
    summary: str
    render: Callable[[Request], Answer]
    log_args: bool = True  # /ai's question is a message body: never logged
    aliases: tuple[str, ...] = field(default_factory=tuple)


def parse_words(text: str) -> tuple[str, dict[str, str]]:
    """Free words and ``name:value`` filters (``zap level:flagship``); quotes group words."""
    try:
        parts = shlex.split(text or "")
    except ValueError:
        parts = (text or "").split()
    words, filters = [], {}
    for part in parts:
        name, colon, value = part.partition(":")
        if colon and name and value and name.isidentifier():
            filters[name.lower()] = value
        else:
            words.append(part)
    return " ".join(words), filters


def _usage(command: Command, problem: str = "") -> Answer:
    text = f"{problem}\n" if problem else ""
    text += _("Usage: `%(usage)s`: %(summary)s") % {"usage": command.usage, "summary": command.summary}
    return Answer([section(text)], problem or command.summary)


def _listing(title: str, rows: list[dict], request: Request, *, total: int | None, has_next: bool, empty: str):
    """A titled list with its pager: ``rows`` are blocks already made, one or two per item."""
    blocks = [header(title)]
    if not rows:
        blocks.append(section(empty))
        return Answer(blocks, empty)
    blocks += rows
    first = request.page * PAGE_SIZE + 1
    shown = _("%(first)s to %(last)s of %(total)s") % {
        "first": first,
        "last": first + len(rows) - 1 if total is None else min(first + PAGE_SIZE - 1, total),
        "total": total if total is not None else _("many"),
    }
    blocks.append(context(shown))
    blocks += pager(request.state(), page=request.page, has_next=has_next)
    return Answer(blocks, title)


def _page_of(queryset, request: Request) -> tuple[list, int, bool]:
    total = queryset.count()
    start = request.page * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE])
    return rows, total, start + PAGE_SIZE < total


def _page_row(page, *details: str) -> dict:
    title = f"*{link(page.url, page.title)}*"
    pitch = plain_text(getattr(page, "pitch", ""), 200)
    lines = [title, " · ".join(str(detail) for detail in details if detail), escape(pitch)]
    return section("\n".join(line for line in lines if line))


def _form_errors(listing) -> str:
    return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in listing.errors.items())


# -------------------------------------------------------------------------------------------------- lists


def projects(request: Request) -> Answer:
    words, filters = parse_words(request.text)
    data = {**filters, "q": words}
    if data.pop("all", None) or filters.get("active") == "all":
        data["active"] = "all"
    listing = ProjectFilter(data, queryset=ProjectPage.objects.published())
    if listing.errors:
        return _usage(COMMANDS["projects"], _form_errors(listing))
    rows, total, more = _page_of(listing.qs, request)
    blocks = [_page_row(page, page.get_level_display(), page.get_project_type_display()) for page in rows]
    title = _("OWASP projects matching “%s”") % words if words else _("OWASP projects")
    return _listing(title, blocks, request, total=total, has_next=more, empty=_("No project matches."))


def chapters(request: Request) -> Answer:
    words, filters = parse_words(request.text)
    listing = ChapterFilter({**filters, "q": words}, queryset=ChapterPage.objects.listed())
    if listing.errors:
        return _usage(COMMANDS["chapters"], _form_errors(listing))
    rows, total, more = _page_of(listing.qs, request)
    blocks = [_page_row(page, ", ".join(part for part in (page.country, page.region) if part)) for page in rows]
    title = _("OWASP chapters matching “%s”") % words if words else _("OWASP chapters")
    return _listing(title, blocks, request, total=total, has_next=more, empty=_("No chapter matches."))


def _search_listing(request: Request, kind: str, title: str, empty: str) -> Answer:
    words, filters = parse_words(request.text)
    try:
        results = search(words, types=[kind], filters=filters, limit=PAGE_SIZE, offset=request.page * PAGE_SIZE)
    except InvalidSearch as error:
        return _usage(COMMANDS[request.name], error.message if error.parameter == "q" else str(error))
    blocks = [
        section(
            "\n".join(line for line in (f"*{link(hit.url, hit.title)}*", escape(plain_text(hit.snippet, 200))) if line)
        )
        for hit in results.hits
    ]
    more = (request.page + 1) * PAGE_SIZE < results.total
    answer = _listing(title % words, blocks, request, total=results.total, has_next=more, empty=empty)
    if results.did_you_mean and not results.hits:
        answer.blocks.append(context(_("Did you mean “%s”?") % escape(results.did_you_mean)))
    return answer


def committees(request: Request) -> Answer:
    if request.text.strip():
        return _search_listing(request, "committee", _("OWASP committees matching “%s”"), _("No committee matches."))
    rows, total, more = _page_of(public_committees().order_by("title", "id"), request)
    blocks = [_page_row(page) for page in rows]
    return _listing(_("OWASP committees"), blocks, request, total=total, has_next=more, empty=_("No committee."))


def users(request: Request) -> Answer:
    if not request.text.strip():
        return _usage(COMMANDS["users"])
    return _search_listing(request, "member", _("Members matching “%s”"), _("No member matches."))


def contribute(request: Request) -> Answer:
    words = request.text.strip()
    if words in ("--start", "-s", "start"):
        return _text_answer(SlackText.Key.CONTRIBUTE_GUIDE)
    if words:
        return _search_listing(request, "issue", _("Issues to work on matching “%s”"), _("No issue matches."))
    status = github_status()
    if not status.is_synced:
        text = _("Issues to work on are unknown: %s.") % status.reason
        return Answer([header(_("Issues to work on")), section(text)], text)
    halves = offered_halves()
    if request.cursor:
        try:
            halves = [before(half, decode_cursor(request.cursor)) for half in halves]
        except ValueError:
            request.cursor = ""
    keys = newest_keys(halves, PAGE_SIZE + 1)
    more, keys = len(keys) > PAGE_SIZE, keys[:PAGE_SIZE]
    rows = load_issue_rows([pk for pk, _created in keys])
    blocks = []
    for issue in rows:
        project = issue.repository.project
        where = link(project.url_path, project.title) if project else escape(issue.repository.full_name)
        labels = ", ".join(issue.labels[:4])
        detail = " · ".join(part for part in (where, escape(labels), issue.created_at.date().isoformat()) if part)
        blocks.append(section(f"*{link(issue.html_url, issue.title)}*\n{detail}"))
    title = _("Issues to work on")
    if not blocks:
        return Answer([header(title), section(_("No issue is waiting for a contributor."))], title)
    blocks = [header(title), *blocks]
    if more:
        last_pk, last_created = keys[-1]
        blocks += pager(
            request.state(),
            page=0,
            has_next=True,
            next_state=request.state(k=encode_cursor(last_created, last_pk)),
        )
    blocks.append(context(_("Run `/contribute --start` for how to begin.")))
    return Answer(blocks, title)


def leaders(request: Request) -> Answer:
    name = request.text.strip()
    if len(name) < 2:
        return _usage(COMMANDS["leaders"], _("Give at least two letters of a name."))
    queryset = Leader.objects.named(name)
    rows, total, more = _page_of(queryset, request)
    kinds = {"projectpage": _("Project"), "chapterpage": _("Chapter"), "committeepage": _("Committee")}
    blocks = []
    for leader in rows:
        page = leader.page
        kind = kinds.get(ContentType.objects.get_for_id(page.content_type_id).model, _("Page"))
        who = escape(leader.name) + (f" ({escape(leader.role)})" if leader.role else "")
        blocks.append(section(f"*{link(page.url, page.title)}*\n{kind} · {who}"))
    title = _("What “%s” leads") % name
    return _listing(title, blocks, request, total=total, has_next=more, empty=_("Nobody by that name leads a page."))


def gsoc(request: Request) -> Answer:
    text = request.text.strip()
    this_year = timezone.now().year
    if not text or text in ("--start", "start"):
        answer = _text_answer(SlackText.Key.GSOC_GUIDE)
        answer.blocks.append(context(_("`/gsoc %(year)s` lists that year's projects.") % {"year": this_year}))
        return answer
    if not text.isdigit() or not FIRST_GSOC_YEAR <= int(text) <= this_year:
        problem = _("Give a year from %(first)s to %(last)s.") % {"first": FIRST_GSOC_YEAR, "last": this_year}
        return _usage(COMMANDS["gsoc"], problem)
    year = int(text)
    rows, total, more = _page_of(ProjectPage.objects.published().gsoc(year), request)
    blocks = [_page_row(page, page.get_level_display()) for page in rows]
    empty = _("No project is tagged gsoc%s.") % year
    return _listing(_("Google Summer of Code %s") % year, blocks, request, total=total, has_next=more, empty=empty)


def events(request: Request) -> Answer:
    upcoming = public_events().upcoming(timezone.localdate())
    rows, total, more = _page_of(upcoming, request)
    blocks = []
    for event in rows:
        when = event.dates_text or (event.start_date.isoformat() if event.start_date else "")
        blocks.append(_page_row(event, escape(when), escape(event.location), escape(event.category)))
    return _listing(_("Upcoming OWASP events"), blocks, request, total=total, has_next=more, empty=_("No event ahead."))


def news(request: Request) -> Answer:
    blocks = [header(_("OWASP news"))]
    status = github_status()
    if status.is_synced:
        releases = recent_releases(limit=PAGE_SIZE)
        lines = [
            f"• {link(release.html_url, release.name or release.tag_name)} · {escape(release.repository.full_name)}"
            for release in releases
        ]
        blocks.append(section("*" + _("Recent releases") + "*\n" + ("\n".join(lines) or _("None yet."))))
    else:
        blocks.append(section(_("Recent releases are unknown: %s.") % status.reason))
    upcoming = list(public_events().upcoming(timezone.localdate())[:PAGE_SIZE])
    lines = [f"• {link(event.url, event.title)} {escape(event.dates_text)}" for event in upcoming]
    blocks.append(section("*" + _("Coming events") + "*\n" + ("\n".join(lines) or _("No event ahead."))))
    return Answer(blocks, _("OWASP news"))


def sponsors(request: Request) -> Answer:
    rows, total, more = _page_of(public_sponsors(), request)
    blocks = []
    for sponsor in rows:
        tier = sponsor.get_sponsor_tier_display() if sponsor.sponsor_tier != "none" else ""
        member = sponsor.get_member_tier_display() if sponsor.member_tier != "none" else ""
        detail = " · ".join(str(part) for part in (tier, member) if part)
        text = f"*{link(sponsor.url, sponsor.name)}*" + (f"\n{escape(detail)}" if detail else "")
        blocks.append(section(text))
    return _listing(_("OWASP sponsors"), blocks, request, total=total, has_next=more, empty=_("No sponsor listed."))


def staff(request: Request) -> Answer:
    """The Foundation's staff: name, title and location (never the e-mail addresses staff.yml holds)."""
    title = _("OWASP Foundation staff")
    if not staff_synced():
        text = _("The staff are unknown: the site's staff.yml has not been synced yet.")
        return Answer([header(title), section(text)], text)
    rows, total, more = _page_of(public_staff(), request)
    blocks = []
    for member in rows:
        name = _("Position vacant") if member.is_vacant else member.name
        detail = " · ".join(part for part in (member.title, member.location) if part)
        blocks.append(section(f"*{escape(name)}*" + (f"\n{escape(detail)}" if detail else "")))
    return _listing(title, blocks, request, total=total, has_next=more, empty=_("No staff member listed."))


# ----------------------------------------------------------------------------------------- editable texts


def _text_answer(key: str) -> Answer:
    row = SlackText.objects.filter(key=key).first()
    if row is None:
        text = _("This answer has not been written yet: staff add it under Slack texts in the admin.")
        return Answer([section(text)], text)
    accessory = link_button(row.title, row.url) if row.url else None
    return Answer([header(row.title), section(row.text, accessory=accessory)], row.title)


def text_command(key: str) -> Callable[[Request], Answer]:
    return lambda request: _text_answer(key)


# -------------------------------------------------------------------------------------------- the dispatcher


def owasp(request: Request) -> Answer:
    name, _space, rest = request.text.strip().partition(" ")
    name = name.lstrip("/").lower()
    if name and name in COMMANDS and name not in ("owasp", "help"):
        return COMMANDS[name].render(Request(name, rest.strip(), request.page, request.cursor, request.user_id))
    blocks = [header(_("NestBot commands"))]
    if name and name not in ("help", "-h", "--help"):
        blocks.append(section(_("There is no command “%s”.") % escape(name)))
    lines = [f"`{command.usage}` {command.summary}" for command in COMMANDS.values() if command.name != "owasp"]
    blocks += [section("\n".join(lines)), divider(), context(_("`/owasp <command> <arguments>` runs any of them."))]
    return Answer(blocks, _("NestBot commands"))


def _ai(request: Request) -> Answer:
    from apps.slack.handlers.answers import answer_question

    return answer_question(request.text)


COMMANDS: dict[str, Command] = {
    command.name: command
    for command in [
        Command("owasp", "/owasp [command]", _("Help, and any command below."), owasp),
        Command("projects", "/projects [words] [level:flagship] [type:tool]", _("OWASP projects."), projects),
        Command("chapters", "/chapters [words] [country:…] [region:…]", _("OWASP chapters."), chapters),
        Command("committees", "/committees [words]", _("OWASP committees."), committees),
        Command("users", "/users <name>", _("Find a member."), users),
        Command("contribute", "/contribute [words | --start]", _("Issues to work on, and how to start."), contribute),
        Command("leaders", "/leaders <name>", _("Projects and chapters a person leads."), leaders),
        Command("gsoc", "/gsoc [year]", _("Google Summer of Code: the guide, or a year's projects."), gsoc),
        Command("events", "/events", _("Upcoming events."), events),
        Command("news", "/news", _("Recent releases and coming events."), news),
        Command("sponsors", "/sponsors", _("OWASP's sponsors."), sponsors),
        Command("staff", "/staff", _("The OWASP Foundation's staff."), staff),
        Command("board", "/board", _("The Board of Directors."), text_command(SlackText.Key.BOARD)),
        Command("contact", "/contact", _("How to reach OWASP."), text_command(SlackText.Key.CONTACT)),
        Command("donate", "/donate", _("Support OWASP."), text_command(SlackText.Key.DONATE)),
        Command("jobs", "/jobs", _("Jobs at OWASP and its members."), text_command(SlackText.Key.JOBS)),
        Command("policies", "/policies", _("OWASP's policies."), text_command(SlackText.Key.POLICIES)),
        Command("community", "/community", _("The OWASP community."), text_command(SlackText.Key.COMMUNITY)),
        Command("ai", "/ai <question>", _("An answer with its sources."), _ai, log_args=False),
    ]
}


def answer(name: str, text: str = "", *, page=0, cursor: str = "", user_id: str = "", extra=None) -> Answer:
    """The blocks of ``/name text`` (page ``page``, or from ``cursor`` for the issues feed)."""
    command = COMMANDS.get(name)
    try:
        page = max(0, min(int(page), 10_000))
    except (TypeError, ValueError):
        page = 0
    if command is None:
        return owasp(Request("owasp", name, user_id=user_id))
    return command.render(Request(name, str(text or ""), page, str(cursor or ""), user_id, dict(extra or {})))
