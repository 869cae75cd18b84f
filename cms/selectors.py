"""Public querysets of OWASP pages and sponsors, shared by the site, the REST API and GraphQL.

Leaders are served through ``public_leaders()`` only: it never loads the private ``email`` column.
"""

from django.db.models import Prefetch, QuerySet
from wagtail.query import PageQuerySet

from cms.models import ChapterPage, CommitteePage, EventPage, Leader, ProjectPage, Sponsor

# The leader columns a public page, serializer or GraphQL type may show. Never add "email".
LEADER_PUBLIC_FIELDS = ("id", "page_id", "sort_order", "name", "github_login")


def public_leaders() -> QuerySet[Leader]:
    """Leaders without their private e-mail address, in their listed order."""
    return Leader.objects.only(*LEADER_PUBLIC_FIELDS).order_by("page_id", "sort_order")


def leaders_prefetch() -> Prefetch:
    """``prefetch_related(leaders_prefetch())`` gives each page its public leaders."""
    return Prefetch("leaders", queryset=public_leaders())


def _public(queryset: PageQuerySet, *, include_inactive: bool) -> PageQuerySet:
    queryset = queryset.live().public()
    return queryset if include_inactive else queryset.filter(is_active=True)


def public_projects(*, include_inactive: bool = False) -> PageQuerySet:
    """Live, public projects (active only unless asked), leaders prefetched without e-mails."""
    return _public(ProjectPage.objects.all(), include_inactive=include_inactive).prefetch_related(leaders_prefetch())


def public_chapters(*, include_inactive: bool = False) -> PageQuerySet:
    return _public(ChapterPage.objects.all(), include_inactive=include_inactive).prefetch_related(leaders_prefetch())


def public_committees(*, include_inactive: bool = False) -> PageQuerySet:
    return _public(CommitteePage.objects.all(), include_inactive=include_inactive).prefetch_related(leaders_prefetch())


def public_events(*, include_inactive: bool = False) -> PageQuerySet:
    return _public(EventPage.objects.all(), include_inactive=include_inactive).prefetch_related(leaders_prefetch())


def public_sponsors(*, include_inactive: bool = False) -> QuerySet[Sponsor]:
    """Sponsors and members, by sponsor tier then name."""
    queryset = Sponsor.objects.all()
    return queryset if include_inactive else queryset.filter(is_active=True)
