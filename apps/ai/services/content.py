"""What Nest embeds of each entity: the text its page shows, read through the domain's own querysets.

Pages (projects, chapters, committees, events): every published page (what anyone may open, inactive ones
included, marked so), with the fields the site renders — title, name, pitch, description, tags, leaders and
the kind's own facts (level and type, place, dates and location). These are the page's current values, so an
editor's text wins over the synced one exactly as on the page (sync never overwrites an edited field).

Repositories: those GitHub still serves, by name, description, topics and language. READMEs are not synced
by Nest yet, so none is embedded.

Issues: open issues of active repositories only (``Issue.objects.open().in_active_repositories()``), title
and the start of the body. Closed issues are what nobody can take any more, and there are ten times as many:
embedding them would cost most of the work for passages no question should be answered with.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.html import strip_tags

from apps.ai.models import EntityType

# An issue's body past this many characters is left out: the start says what the issue is.
ISSUE_BODY_CHARS = 2000
BATCH = 500

_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|tr|blockquote|pre|ul|ol|table)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class Document:
    """One entity's text, ready to be hashed and chunked."""

    entity_type: str
    object_id: int
    title: str
    text: str

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(f"{self.title}\n{self.text}".encode()).hexdigest()

    def target(self) -> dict:
        """The context's foreign key to the entity."""
        if self.entity_type == EntityType.REPOSITORY:
            return {"repository_id": self.object_id}
        if self.entity_type == EntityType.ISSUE:
            return {"issue_id": self.object_id}
        return {"page_id": self.object_id}


def html_to_text(value: str) -> str:
    """Rich text as plain paragraphs."""
    if not value:
        return ""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n\n", value)))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


def _lines(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _page_queryset(entity_type: str):
    from cms import selectors

    published = {
        EntityType.PROJECT: selectors.public_projects,
        EntityType.CHAPTER: selectors.public_chapters,
        EntityType.COMMITTEE: selectors.public_committees,
        EntityType.EVENT: selectors.public_events,
    }[entity_type]
    return published(include_inactive=True)


def _page_text(entity_type: str, page) -> str:
    kind = EntityType(entity_type).label
    facts = []
    if entity_type == EntityType.PROJECT:
        level = page.get_level_display() if page.level != "unknown" else ""
        facts.append(" ".join(part for part in (str(level), "project,", str(page.get_project_type_display())) if part))
    elif entity_type == EntityType.CHAPTER:
        where = ", ".join(part for part in (page.city, page.region, page.country) if part)
        facts.append(f"Chapter in {where}" if where else "")
    elif entity_type == EntityType.EVENT:
        facts.append(_lines(page.category, page.dates_text or (str(page.start_date) if page.start_date else "")))
        facts.append(f"Location: {page.location}" if page.location else "")
    else:
        facts.append(kind)
    leaders = ", ".join(leader.name for leader in page.leaders.all() if leader.name)
    return _lines(
        f"OWASP {page.title}" if not page.title.lower().startswith("owasp") else page.title,
        page.name if page.name and page.name.lower() not in page.title.lower() else "",
        *facts,
        "" if page.is_active else str(page.inactive_notice),
        page.pitch,
        html_to_text(page.description),
        f"Tags: {', '.join(page.tags)}" if page.tags else "",
        f"Leaders: {leaders}" if leaders else "",
    )


def _pages(entity_type: str, ids: Iterable[int] | None) -> Iterator[Document]:
    pages = _page_queryset(entity_type).order_by("pk")
    if ids is not None:
        pages = pages.filter(pk__in=list(ids))
    for page in pages.iterator(chunk_size=BATCH):
        yield Document(entity_type, page.pk, page.title, _page_text(entity_type, page))


def _repositories(ids: Iterable[int] | None) -> Iterator[Document]:
    from apps.github.models import Repository

    repositories = Repository.objects.present().order_by("pk")
    if ids is not None:
        repositories = repositories.filter(pk__in=list(ids))
    fields = ("pk", "full_name", "description", "topics", "language", "is_archived")
    for repository in repositories.only(*fields).iterator(chunk_size=BATCH):
        text = _lines(
            f"GitHub repository {repository.full_name}",
            repository.description,
            f"Topics: {', '.join(repository.topics)}" if repository.topics else "",
            f"Language: {repository.language}" if repository.language else "",
            "Archived." if repository.is_archived else "",
        )
        yield Document(EntityType.REPOSITORY, repository.pk, repository.full_name, text)


def _issues(ids: Iterable[int] | None) -> Iterator[Document]:
    from apps.github.models import Issue

    issues = Issue.objects.open().in_active_repositories().order_by("pk")
    if ids is not None:
        issues = issues.filter(pk__in=list(ids))
    rows = issues.values_list("pk", "number", "title", "body", "repository__full_name")
    for pk, number, title, body, repository in rows.iterator(chunk_size=BATCH):
        body = (body or "").strip()
        if len(body) > ISSUE_BODY_CHARS:
            body = body[:ISSUE_BODY_CHARS].rsplit(" ", 1)[0] + " …"
        label = f"{repository}#{number} {title}"
        yield Document(EntityType.ISSUE, pk, label[:1024], _lines(f"Issue {label}", body))


def documents(entity_type: str, ids: Iterable[int] | None = None) -> Iterator[Document]:
    """The documents of ``entity_type`` (all, or those of ``ids``) that Nest embeds; an id that is not
    eligible (unpublished, closed, gone) yields nothing."""
    if entity_type in EntityType.page_types():
        return _pages(entity_type, ids)
    if entity_type == EntityType.REPOSITORY:
        return _repositories(ids)
    if entity_type == EntityType.ISSUE:
        return _issues(ids)
    raise ValueError(f"unknown entity type {entity_type!r}")
