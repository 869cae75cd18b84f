"""The App Home tab: projects, chapters, committees and issues to work on, each with its own page buttons."""

from django.utils.translation import gettext as _

from apps.slack.blocks import context, divider, section
from apps.slack.handlers.commands import answer

SECTIONS = ("projects", "chapters", "committees", "contribute")


def home_view(pages: dict | None = None) -> dict:
    """The home view (``views.publish``'s ``view``) with each section at its page (the issues at a cursor)."""
    pages = {name: (pages or {}).get(name, "" if name == "contribute" else 0) for name in SECTIONS}
    blocks = [
        section(_("*Welcome to NestBot*: OWASP's projects, chapters, committees and issues to work on.")),
        context(_("Type `/owasp` anywhere for every command.")),
    ]
    for name in SECTIONS:
        value = pages[name]
        extra = {"h": pages}
        if name == "contribute":
            shown = answer(name, cursor=str(value or ""), extra=extra)
        else:
            shown = answer(name, page=value, extra=extra)
        blocks += [divider(), *shown.blocks]
    return {"type": "home", "blocks": blocks[:100]}


def turned(state: dict) -> dict:
    """The home's pages after a button of ``state`` was pressed."""
    pages = dict(state.get("h") or {})
    name = state.get("c")
    if name in SECTIONS:
        pages[name] = str(state.get("k", "")) if name == "contribute" else state.get("p", 0)
    return pages
