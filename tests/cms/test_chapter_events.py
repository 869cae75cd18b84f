"""A chapter's events read for many chapters at once (``by_chapter``, the APIs') are the ones its own page
reads (``of_chapter``): one rule (``chapter_condition``), asked of the database per chapter either way, on the
real data."""

import pytest
from django.utils import timezone

from cms.models import ChapterPage, EventPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_by_chapter_matches_of_chapter_for_every_real_chapter():
    today = timezone.now().date()
    chapters = list(ChapterPage.objects.listed())
    for chapter in chapters[:40]:  # a chapter named in a title, whole words only
        factories.make_event(f"OWASP {chapter.title.removeprefix('OWASP ')} meetup", today.replace(year=today.year + 1))
    factories.make_event("OWASP Londonderry social", today.replace(year=today.year + 1))

    found = EventPage.objects.published().by_chapter(chapters, today)

    for chapter in chapters:
        expected = list(EventPage.objects.published().of_chapter(chapter).upcoming(today))
        assert found[chapter.pk] == expected, chapter.title
    assert sum(len(events) for events in found.values()) >= 40
