"""The section index pages the synced pages live under (created by cms migration 0004; re-created if deleted)."""

from __future__ import annotations

from wagtail.models import Page

from cms.models import ChapterIndexPage, CommitteeIndexPage, EventIndexPage, HomePage, ProjectIndexPage

INDEXES = {
    ProjectIndexPage: ("projects", "Projects"),
    ChapterIndexPage: ("chapters", "Chapters"),
    CommitteeIndexPage: ("committees", "Committees"),
    EventIndexPage: ("events", "Events"),
}


class NoHomePageError(RuntimeError):
    """There is no HomePage to put the index pages under (cms migrations not applied?)."""


def ensure_index_page(model: type[Page]) -> Page:
    existing = model.objects.first()
    if existing:
        return existing
    home = HomePage.objects.first()
    if home is None:
        raise NoHomePageError("no HomePage: run `manage.py migrate` first")
    slug, title = INDEXES[model]
    used = set(Page.objects.child_of(home).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    page = model(title=title, slug=candidate)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
