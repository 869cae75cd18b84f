"""Entry points for the REST API and GraphQL: the public querysets of OWASP pages and sponsors.

Each is one of the page querysets' methods (``ProjectPage.objects.listed()`` …), which hold the definitions;
leaders always come through ``Leader.objects.public()``, which never loads the private ``email`` column.
"""

from django.db.models import Prefetch, QuerySet
from wagtail.query import PageQuerySet

from cms.models import ChapterPage, CommitteePage, EventPage, Leader, ProjectPage, Sponsor, StaffMember
from cms.models.snippets import LEADER_PUBLIC_FIELDS

__all__ = [
    "LEADER_PUBLIC_FIELDS",
    "leaders_prefetch",
    "public_chapters",
    "public_committees",
    "public_events",
    "public_leaders",
    "public_projects",
    "public_sponsors",
]


def public_leaders() -> QuerySet[Leader]:
    return Leader.objects.public()


def leaders_prefetch() -> Prefetch:
    """``prefetch_related(leaders_prefetch())`` gives each page its public leaders."""
    return Prefetch("leaders", queryset=Leader.objects.public())


def _public(model, include_inactive: bool) -> PageQuerySet:
    pages = model.objects.published() if include_inactive else model.objects.listed()
    return pages.with_public_leaders()


def public_projects(*, include_inactive: bool = False) -> PageQuerySet:
    """Listed projects (or every published one), leaders prefetched without e-mails."""
    return _public(ProjectPage, include_inactive)


def public_chapters(*, include_inactive: bool = False) -> PageQuerySet:
    return _public(ChapterPage, include_inactive)


def public_committees(*, include_inactive: bool = False) -> PageQuerySet:
    return _public(CommitteePage, include_inactive)


def public_events(*, include_inactive: bool = False) -> PageQuerySet:
    return _public(EventPage, include_inactive)


def public_sponsors(*, include_inactive: bool = False) -> QuerySet[Sponsor]:
    """Sponsors and members (active only unless asked), by sort name then name."""
    return Sponsor.objects.order_by("sortname", "name") if include_inactive else Sponsor.objects.listed()


def public_staff() -> QuerySet[StaffMember]:
    """The Foundation's staff as staff.yml lists them (people, then vacant positions), without e-mail."""
    return StaffMember.objects.listed()


def staff_synced() -> bool:
    """Whether staff.yml was ever synced (else the staff are unknown, not none)."""
    return StaffMember.objects.filter(owasp_key__isnull=False).exists()
