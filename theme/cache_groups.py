"""Which cached pages show what: the groups a page names (``theme.cache.depends_on``) and the groups a change
bumps (``theme.signals``). A page is dropped when one of its groups is bumped; any other page stays cached.

The groups: one per OWASP page ("project:42"), the lists of each kind with their fragments and feeds
("projects", "chapters" with the map, "events" with the iCal feed, "committees"), and the site's own pages
("home", "about", "contribute", "sponsors", "github" for the repository, organization and member pages), and
"search" for the search box and results page when the index changes.
A change of a kind this module does not know returns None: the caller then clears the whole site.
"""

from __future__ import annotations

from collections.abc import Iterable

from apps.github.models import Issue, PullRequest, Repository
from cms.models import (
    ChapterIndexPage,
    ChapterPage,
    CommitteeIndexPage,
    CommitteePage,
    EventIndexPage,
    EventPage,
    HomePage,
    OwaspPage,
    ProjectIndexPage,
    ProjectPage,
)

HOME, ABOUT, CONTRIBUTE, SPONSORS, GITHUB = "home", "about", "contribute", "sponsors", "github"
PROJECTS, CHAPTERS, EVENTS, COMMITTEES = "projects", "chapters", "events", "committees"
# The search box's suggestions and the results page, stale when the index is rewritten: ``apps.search``
# announces its writes as ``data_changed`` of this kind (the documents' ids), possibly from a Celery task
# after the change that caused them.
SEARCH, SEARCH_DOCUMENTS = "search", "search_document"

# kind of OWASP page -> (its model, its list's group, other groups showing every page of the kind). The home
# and about pages show counts and sync times of each kind; every chapter page shows the events near it.
OWASP_KINDS = {
    "project": (ProjectPage, PROJECTS, (HOME, ABOUT, CONTRIBUTE, GITHUB)),  # the last two name projects
    "chapter": (ChapterPage, CHAPTERS, (HOME, ABOUT)),
    "event": (EventPage, EVENTS, (HOME, ABOUT)),
    "committee": (CommitteePage, COMMITTEES, (HOME, ABOUT)),
}
INDEX_GROUPS = {ProjectIndexPage: PROJECTS, ChapterIndexPage: CHAPTERS, EventIndexPage: EVENTS}
INDEX_GROUPS[CommitteeIndexPage] = COMMITTEES
# What GitHub rows show up on besides their projects' pages: issue lists, counts, sync times, GitHub pages.
GITHUB_PAGES = (CONTRIBUTE, HOME, ABOUT, GITHUB)


def page_group(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def kind_of(page) -> str | None:
    for kind, (model, _, _) in OWASP_KINDS.items():
        if isinstance(page, model):
            return kind
    return None


def groups_of_page(page) -> list[str]:
    """What the Wagtail page ``page`` (specific) shows, for ``depends_on``."""
    if isinstance(page, HomePage):
        return [HOME]
    for model, group in INDEX_GROUPS.items():
        if isinstance(page, model):
            return [group]
    kind = kind_of(page)
    if kind is None:
        return []
    own = [page_group(kind, page.pk)]
    return [*own, EVENTS] if kind == "chapter" else own


def groups_showing_page(page) -> list[str] | None:
    """The groups to drop when the Wagtail page ``page`` (specific) is published or unpublished; None for a
    page type this module does not know."""
    if isinstance(page, HomePage):
        return [HOME]
    for model, group in INDEX_GROUPS.items():
        if isinstance(page, model):
            return [group]
    kind = kind_of(page)
    return changed_groups(kind, [page.pk]) if kind else None


def changed_groups(kind: str, ids: Iterable) -> list[str] | None:
    """The groups showing the objects ``ids`` of ``kind`` (as ``data_changed`` names them); None when unknown."""
    ids = list(ids)
    if kind in OWASP_KINDS:
        _, listing, others = OWASP_KINDS[kind]
        return [*(page_group(kind, pk) for pk in ids), listing, *others]
    if kind in ("figures", "health"):  # keyed by project: its page, and the list that shows figures and levels
        return [*(page_group("project", pk) for pk in ids), PROJECTS, HOME]
    if kind == "sponsor":
        return [SPONSORS, HOME]
    if kind == "staff":  # no page shows the staff (NestBot's /staff reads them live)
        return []
    if kind == SEARCH_DOCUMENTS:
        return [SEARCH]
    if kind == "repository":
        projects = Repository.objects.filter(pk__in=ids).values_list("project_id", flat=True)
        return [*project_groups(projects), PROJECTS, *GITHUB_PAGES]  # the list shows each project's languages
    if kind in ("issue", "pull_request"):
        model = Issue if kind == "issue" else PullRequest
        projects = model.objects.filter(pk__in=ids).values_list("repository__project_id", flat=True)
        return [*project_groups(projects), *GITHUB_PAGES]
    if kind == "leader_match":  # a leader's member link, on the page they lead and on the member pages
        pages = OwaspPage.objects.filter(leaders__in=ids).distinct().specific()
        return [*(page_group(kind_of(page), page.pk) for page in pages if kind_of(page)), GITHUB]
    return None


def project_groups(project_ids: Iterable[int | None]) -> list[str]:
    return [page_group("project", pk) for pk in sorted({pk for pk in project_ids if pk is not None})]
