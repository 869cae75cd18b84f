"""Which events are which chapters': ``chapter_condition`` (the rule, in ``cms.models.events``) asked of the
database when a chapter or an event changes, its answer stored as ``ChapterEvent`` links for the APIs to read.

A published chapter or event (by an editor, or by the OWASP sync: both send ``page_published``) has its links
recomputed at once; inside ``batch()`` (a sync run) the pages are collected and linked once, at its end.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from itertools import islice

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from wagtail.signals import page_published

from cms.models import ChapterEvent, ChapterPage, EventPage
from cms.models.events import chapter_condition

# Chapters whose conditions one query asks at once (each is a regular expression and two comparisons).
CHAPTERS_PER_QUERY = 100
# Chapters whose expressions one query evaluates on every event: fewer than PostgreSQL keeps compiled (32).
ANY_PER_QUERY = 30
CHAPTER_COLUMNS = ("id", "title", "owasp_key", "source_repository")
EVENT_COLUMNS = ("pk", "title", "owasp_key", "source_repository")

_pending: ContextVar[dict[str, set[int]] | None] = ContextVar("cms_chapter_events_pending", default=None)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _ascii_folded(text: str) -> str:
    """``text`` with each character that has a case form among ASCII's letters as that lowercase letter (the
    dotted and dotless i as "i", the Kelvin sign as "k"), the others lowercased where Python can in one
    character: one character for one, so that an ASCII title occurs in it wherever PostgreSQL matches it in any
    case, whatever the database's locale."""
    folded = []
    for character in text:
        if character.isascii():
            folded.append(character.lower())
            continue
        for form in (character.lower(), character.upper()):
            if form[:1].isascii() and form[:1].isalpha():
                folded.append(form[0].lower())
                break
        else:
            lower = character.lower()
            folded.append(lower if len(lower) == 1 else character)
    return "".join(folded)


class _Candidates:
    """The events that may be a chapter's, found in Python over the events' titles, keys and repositories loaded
    once: a superset of ``chapter_condition``'s answer, which the database then narrows to the exact answer. An
    ASCII title is looked for in the events' titles folded to ASCII's lowercase (``_ascii_folded``); a title
    with other letters (whose case forms depend on the database's locale) may be in any event's (``None``).

    Asking the database every chapter's regular expression against every event costs far more than it answers:
    PostgreSQL keeps 32 compiled expressions, so one query with a hundred chapters' compiles each of them again
    for every event, and an editor publishing one event waited for all the chapters' (~0.6 s)."""

    def __init__(self, events):
        self.titles: list[tuple[int, str]] = []
        self.by_key_prefix: dict[str, set[int]] = {}
        self.by_repository: dict[str, set[int]] = {}
        for pk, title, owasp_key, repository in events.values_list(*EVENT_COLUMNS):
            self.titles.append((pk, _ascii_folded(title)))
            owasp_key = owasp_key or ""  # an editor's event has none
            start = owasp_key.find("-event-")
            while start != -1:  # the chapter keys this key starts with, followed by "-event-"
                self.by_key_prefix.setdefault(owasp_key[:start], set()).add(pk)
                start = owasp_key.find("-event-", start + 1)
            if repository:
                self.by_repository.setdefault(repository, set()).add(pk)

    def of(self, chapter) -> set[int] | None:
        if not chapter.title.isascii():
            return None
        title = chapter.title.lower()
        found = {pk for pk, folded in self.titles if title in folded}
        if chapter.owasp_key:
            found |= self.by_key_prefix.get(chapter.owasp_key, set())
        if chapter.source_repository:
            found |= self.by_repository.get(chapter.source_repository, set())
        return found


def _ask(chunk: list[tuple], events) -> Iterator[tuple[int, int]]:
    """The (chapter, event) pairs of ``chunk``'s (chapter, candidate events or None: any) by ``chapter_condition``,
    in one query; the cheap ``pk IN`` first, so that the database evaluates an expression for its candidates only."""
    conditions = {
        f"of_chapter_{chapter.pk}": chapter_condition(chapter)
        if pks is None
        else Q(pk__in=pks) & chapter_condition(chapter)
        for chapter, pks in chunk
    }
    flags = {name: ExpressionWrapper(condition, output_field=BooleanField()) for name, condition in conditions.items()}
    if all(pks is not None for _, pks in chunk):
        events = events.filter(pk__in=set().union(*(pks for _, pks in chunk)))
    rows = events.filter(reduce(operator.or_, conditions.values())).annotate(**flags).values("pk", *flags)
    for row in rows:
        yield from ((chapter.pk, row["pk"]) for chapter, _ in chunk if row[f"of_chapter_{chapter.pk}"])


def _pairs(chapters: Iterable, events) -> set[tuple[int, int]]:
    """(chapter id, event id) of each of ``chapters`` with each event of the queryset ``events`` that is its,
    by ``chapter_condition``: the candidates found in Python, then the condition asked of the database for them
    alone (one query per ``CHAPTERS_PER_QUERY`` chapters that have candidates, and per ``ANY_PER_QUERY`` that
    may have any)."""
    candidates = _Candidates(events)
    some, unknown = [], []
    for chapter in chapters:
        pks = candidates.of(chapter)
        if pks is None:
            unknown.append((chapter, None))
        elif pks:
            some.append((chapter, pks))
    pairs = set()
    for chunk in [*_chunks(some, CHAPTERS_PER_QUERY), *_chunks(unknown, ANY_PER_QUERY)]:
        pairs.update(_ask(chunk, events))
    return pairs


def link_chapter_events(chapter_ids: Iterable[int] | None = None, event_ids: Iterable[int] | None = None) -> int:
    """Store the links of the chapters ``chapter_ids`` (with every event) and of the events ``event_ids``
    (with every chapter), replacing theirs; both None: every link. Returns how many links they now have."""
    chapters = ChapterPage.objects.order_by("pk").only(*CHAPTER_COLUMNS)
    events = EventPage.objects.order_by()
    if chapter_ids is None and event_ids is None:
        pairs = _pairs(chapters.iterator(), events)
        stale = ChapterEvent.objects.all()
    else:
        chapter_ids, event_ids = set(chapter_ids or ()), set(event_ids or ())
        pairs = set()
        if chapter_ids:
            pairs |= _pairs(chapters.filter(pk__in=chapter_ids), events)
        if event_ids:
            pairs |= _pairs(chapters.iterator(), events.filter(pk__in=event_ids))
        stale = ChapterEvent.objects.filter(Q(chapter_id__in=chapter_ids) | Q(event_id__in=event_ids))
    with transaction.atomic():
        stale.delete()
        ChapterEvent.objects.bulk_create(
            [ChapterEvent(chapter_id=chapter, event_id=event) for chapter, event in sorted(pairs)],
            ignore_conflicts=True,
        )
    return len(pairs)


@contextmanager
def batch() -> Iterator[None]:
    """Collect the chapters and events published in the block (a sync run) and link them once, at its end."""
    if _pending.get() is not None:  # an outer batch links them
        yield
        return
    pending: dict[str, set[int]] = {"chapters": set(), "events": set()}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if pending["chapters"] or pending["events"]:
        link_chapter_events(chapter_ids=pending["chapters"], event_ids=pending["events"])


def _published(sender, instance, **kwargs) -> None:
    model = instance.specific_class or type(instance)
    if not issubclass(model, ChapterPage | EventPage):
        return
    kind = "chapters" if issubclass(model, ChapterPage) else "events"
    pending = _pending.get()
    if pending is not None:
        pending[kind].add(instance.pk)
    elif kind == "chapters":
        link_chapter_events(chapter_ids=[instance.pk])
    else:
        link_chapter_events(event_ids=[instance.pk])


def connect() -> None:
    page_published.connect(_published, dispatch_uid="cms-chapter-events")
