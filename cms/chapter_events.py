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
CHAPTER_COLUMNS = ("id", "title", "owasp_key", "source_repository")

_pending: ContextVar[dict[str, set[int]] | None] = ContextVar("cms_chapter_events_pending", default=None)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _pairs(chapters: Iterable, events) -> set[tuple[int, int]]:
    """(chapter id, event id) of each of ``chapters`` with each event of the queryset ``events`` that is its,
    by ``chapter_condition``, computed by the database (one query per ``CHAPTERS_PER_QUERY`` chapters)."""
    pairs = set()
    for chunk in _chunks(chapters, CHAPTERS_PER_QUERY):
        conditions = {f"of_chapter_{chapter.pk}": chapter_condition(chapter) for chapter in chunk}
        flags = {
            name: ExpressionWrapper(condition, output_field=BooleanField()) for name, condition in conditions.items()
        }
        rows = events.filter(reduce(operator.or_, conditions.values())).annotate(**flags).values("pk", *flags)
        for row in rows:
            pairs.update((chapter.pk, row["pk"]) for chapter in chunk if row[f"of_chapter_{chapter.pk}"])
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
