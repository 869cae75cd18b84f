"""Building ``SearchDocument`` rows from the domain, for a full reindex and for each change.

Every type reads the rows the site shows through the domain's own querysets and services, never its own
rule: pages are ``published()`` (live, outside view restrictions; inactive ones stay findable, ranked below),
repositories ``present()``, issues those the site offers contributors (``Issue.objects.offerable()``:
open, in an active repository, opened within the last year; closed and stale issues would be most of the
rows, crowd the answers and slow every issue search; the nightly task drops those that aged out), members
the people the site presents: leaders' trusted GitHub matches and contributors with commits. A page is
indexed with its own fields, which are what the site renders, so an editor's override
(``apps.owasp.sync.editor_wins`` leaves it alone) is what search shows.

``index(type, ids)`` brings the documents of those objects up to date: it writes those that are still
public and deletes the rest, so an unpublished, restricted or deleted page disappears.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.core import changes
from apps.search.models import DocumentType, SearchDocument, Synonym
from apps.search.services.text import fold, initials

BATCH = 500
# The ``data_changed`` kind of the index's own writes (the ids are SearchDocument ids, written or deleted):
# caches of what search shows (the site's search box and results page) drop on it, whichever process wrote.
CHANGE_KIND = "search_document"
SNIPPET_SOURCE_LENGTH = 600
UPDATE_FIELDS = [
    "key",
    "title",
    "url",
    "snippet",
    "name_text",
    "alias_text",
    "body_text",
    "name_folded",
    "alias_folded",
    "body_folded",
    "level",
    "project_type",
    "region",
    "country",
    "language",
    "labels",
    "popularity",
    "is_active",
    "updated_at",
]


@dataclass
class IndexReport:
    written: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    def add(self, other: IndexReport) -> None:
        for mine, theirs in ((self.written, other.written), (self.removed, other.removed)):
            for kind, count in theirs.items():
                mine[kind] = mine.get(kind, 0) + count

    def as_dict(self) -> dict:
        return {"written": dict(self.written), "removed": dict(self.removed)}


# ---------------------------------------------------------------------------------------------------- helpers


class SynonymTable:
    """The staff's synonym groups, folded: a document whose name or aliases hold one term gets the others."""

    def __init__(self, groups: Iterable[Iterable[str]]):
        self.groups = [tuple(dict.fromkeys(fold(term) for term in group if fold(term))) for group in groups]

    @classmethod
    def load(cls) -> SynonymTable:
        return cls(Synonym.objects.values_list("terms", flat=True))

    def expand(self, text: str) -> list[str]:
        padded = f" {fold(text)} "
        found = []
        for group in self.groups:
            if any(f" {term} " in padded for term in group):
                found.extend(term for term in group if f" {term} " not in padded)
        return found


def _join(*parts) -> str:
    return " ".join(str(part) for part in parts if part)


def _distinct(*parts) -> str:
    """The parts that add words to those before them (a page's name often repeats its title)."""
    seen: set[str] = set()
    kept = []
    for part in parts:
        new_words = set(fold(part or "").split()) - seen
        if new_words:
            kept.append(part)
            seen |= new_words
    return " ".join(kept)


def _paragraphs(html: str) -> list[str]:
    """Rich text's paragraphs as plain text: each block apart ("<h2>OWASP London</h2><p>Welcome" is two
    paragraphs, never the glued word "LondonWelcome"), entities decoded."""
    from apps.ai.services.content import html_to_text

    return [" ".join(part.split()) for part in html_to_text(html or "").split("\n\n") if part.strip()]


def _plain(html: str) -> str:
    return " ".join(_paragraphs(html))


def _snippet_text(page) -> str:
    """What a page's snippet is cut from: its pitch, else its description without the leading heading that
    repeats the page's title or name (the result shows the title already)."""
    names = {fold(page.title), fold(page.name), fold(f"OWASP {page.name}")} - {""}
    paragraphs = [part for part in [" ".join((page.pitch or "").split()), *_paragraphs(page.description)] if part]
    while paragraphs and fold(paragraphs[0]) in names:
        paragraphs.pop(0)
    if page.pitch and paragraphs and paragraphs[0] == " ".join(page.pitch.split()):
        return paragraphs[0]  # the pitch says what the page is
    return " ".join(paragraphs)


def _stars_score(stars: int | None) -> float:
    """0 for none, 1 from 100k stars (log scale)."""
    return min(1.0, math.log10(1 + (stars or 0)) / 5)


def _recency_score(moment) -> float | None:
    """1 within three months, falling to 0 at three years; None when unknown."""
    if moment is None:
        return None
    days = (timezone.now() - moment).days
    return max(0.0, min(1.0, 1 - (days - 90) / (3 * 365)))


def _document(kind: str, obj_id: int, **fields) -> SearchDocument:
    name, alias, body = fields.pop("name_text", ""), fields.pop("alias_text", ""), fields.pop("body_text", "")
    snippet = fields.pop("snippet", None)
    if snippet is None:  # a page's is its own (possibly empty: better none than its title again)
        snippet = body
    return SearchDocument(
        type=kind,
        object_id=obj_id,
        name_text=name,
        alias_text=alias,
        body_text=body,
        name_folded=fold(name),
        alias_folded=fold(alias),
        body_folded=fold(body),
        snippet=snippet[:SNIPPET_SOURCE_LENGTH],
        **fields,
    )


def _key_words(key: str) -> str:
    return key.replace("-", " ").replace("_", " ").replace("/", " ")


# ------------------------------------------------------------------------------------------------------ pages


def _page_common(page, synonyms: SynonymTable) -> dict:
    key = page.short_key
    names = _distinct(page.title, page.name, _key_words(key))
    acronyms = {initials(page.title), initials(page.name)} - {""}
    leaders = [leader.name for leader in page.leaders.all()]
    alias = _join(*sorted(acronyms), *page.tags)
    alias = _join(alias, *synonyms.expand(_join(names, alias)))
    return {
        "key": key,
        "title": page.title,
        "url": page.url or "",
        "name_text": names,
        "alias_text": alias,
        "body_text": _join(page.pitch, _plain(page.description), *leaders),
        "snippet": _snippet_text(page),
        "is_active": page.is_active,
    }


def _projects(ids, synonyms):
    from apps.github.services.health import latest_health_date
    from cms.models import ProjectPage
    from cms.models.projects import LEVEL_RANKS

    pages = ProjectPage.objects.published().with_figures().with_health(latest_health_date())
    pages = pages.prefetch_related("leaders")
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    for page in pages.iterator(chunk_size=BATCH):
        level = LEVEL_RANKS.get(page.level, 0) / 4
        activity = _recency_score(page.last_pushed)
        health = None if page.health is None else page.health / 100
        # Unknown is not zero: a figure never computed counts as middling, not as the worst.
        popularity = (
            0.45 * level
            + 0.25 * _stars_score(page.stars)
            + 0.15 * (0.5 if activity is None else activity)
            + 0.15 * (0.5 if health is None else health)
        )
        fields = _page_common(page, synonyms)
        fields["alias_text"] = _join(fields["alias_text"], page.get_project_type_display())
        yield _document(
            DocumentType.PROJECT,
            page.pk,
            level=page.level,
            project_type=page.project_type,
            popularity=popularity,
            **fields,
        )


def _chapters(ids, synonyms):
    from cms.models import ChapterPage

    pages = ChapterPage.objects.published().prefetch_related("leaders")
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    for page in pages.iterator(chunk_size=BATCH):
        fields = _page_common(page, synonyms)
        places = _place_names(page.city, page.country)
        fields["alias_text"] = _join(fields["alias_text"], page.city, page.country, page.region, *places)
        yield _document(
            DocumentType.CHAPTER,
            page.pk,
            region=page.region,
            country=page.country,
            popularity=0.3 + 0.1 * bool(page.leaders.all()),
            **fields,
        )


def _place_names(city: str, country: str) -> list[str]:
    """Other languages' names of the chapter's city (Genf, Genève for Geneva), from the gazetteer the chapter
    sync places chapters with."""
    if not city:
        return []
    from apps.owasp.sources.geo import gazetteer

    places = gazetteer()
    return places.other_names(city, places.country_code(country))


def _committees(ids, synonyms):
    from cms.models import CommitteePage

    pages = CommitteePage.objects.published().prefetch_related("leaders")
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    for page in pages.iterator(chunk_size=BATCH):
        yield _document(DocumentType.COMMITTEE, page.pk, popularity=0.4, **_page_common(page, synonyms))


def _events(ids, synonyms):
    from cms.models import EventPage

    today = timezone.localdate()
    pages = EventPage.objects.published().prefetch_related("leaders")
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    for page in pages.iterator(chunk_size=BATCH):
        fields = _page_common(page, synonyms)
        fields["alias_text"] = _join(fields["alias_text"], page.category, page.location)
        upcoming = page.start_date is not None and (page.end_date or page.start_date) >= today
        yield _document(DocumentType.EVENT, page.pk, popularity=0.3 + 0.2 * upcoming, **fields)


# ----------------------------------------------------------------------------------------------------- GitHub


def _url(route: str, **kwargs) -> str:
    try:
        return reverse(route, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _repositories(ids, synonyms):
    from apps.github.models import Repository

    rows = Repository.objects.present().select_related("project")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for repo in rows.iterator(chunk_size=BATCH):
        project = repo.project
        yield _document(
            DocumentType.REPOSITORY,
            repo.pk,
            key=repo.full_name,
            title=repo.full_name,
            url=_url("repository", owner=repo.owner_login, name=repo.name),
            name_text=_join(repo.name, _key_words(repo.name), repo.full_name),
            alias_text=_join(*repo.topics, project.title if project else ""),
            body_text=repo.description,
            language=repo.language,
            popularity=0.1 + 0.3 * _stars_score(repo.stars_count),
            is_active=not repo.is_archived,
        )


def _issue_scope():
    from apps.github.models import Issue

    return Issue.objects.offerable()


def _issues(ids, synonyms):
    rows = _issue_scope().select_related("repository").prefetch_related("labels")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for issue in rows.order_by("pk").iterator(chunk_size=BATCH):
        repo = issue.repository
        labels = sorted({label.name for label in issue.labels.all()})
        yield _document(
            DocumentType.ISSUE,
            issue.pk,
            key=f"{repo.full_name}/{issue.number}",
            title=issue.title,
            url=issue.html_url,
            name_text=issue.title,
            alias_text=_join(repo.name, *labels),
            body_text=issue.body[:2000],
            snippet=_join(repo.full_name, f"#{issue.number}"),
            language=repo.language,
            labels=labels[:20],
            popularity=0.05 + 0.1 * _stars_score(repo.stars_count),
        )


def member_ids(user_ids: Iterable[int] | None = None) -> set[int]:
    """The users search presents: people who lead an OWASP entity (a trusted match) or have commits."""
    from apps.github.models import LeaderGitHubMatch, RepositoryContributor, User

    leaders = LeaderGitHubMatch.objects.trusted()
    contributors = RepositoryContributor.objects.filter(contributions__gt=0)
    if user_ids is not None:
        user_ids = list(user_ids)
        leaders, contributors = leaders.filter(user_id__in=user_ids), contributors.filter(user_id__in=user_ids)
    candidates = set(leaders.values_list("user_id", flat=True)) | set(contributors.values_list("user_id", flat=True))
    people = User.objects.people().filter(pk__in=candidates).values_list("pk", flat=True)
    return set(people)


def _members(ids, synonyms):
    from apps.github.models import LeaderGitHubMatch, RepositoryContributor, User

    wanted = member_ids(ids)
    leading = set(LeaderGitHubMatch.objects.trusted().filter(user_id__in=wanted).values_list("user_id", flat=True))
    commits = dict(
        RepositoryContributor.objects.filter(user_id__in=wanted)
        .values("user_id")
        .annotate(total=Sum("contributions"))
        .order_by()
        .values_list("user_id", "total")
    )
    for user in User.objects.filter(pk__in=wanted).iterator(chunk_size=BATCH):
        yield _document(
            DocumentType.MEMBER,
            user.pk,
            key=user.login,
            title=user.name or user.login,
            url=_url("member", login=user.login),
            name_text=_join(user.login, user.name),
            alias_text=_join(user.company, user.location),
            body_text=user.bio,
            snippet=_join(user.login if user.name else "", user.bio or user.company),
            popularity=min(1.0, 0.1 + 0.2 * (user.pk in leading) + 0.15 * math.log10(1 + commits.get(user.pk, 0))),
        )


BUILDERS: dict[str, Callable] = {
    DocumentType.PROJECT: _projects,
    DocumentType.CHAPTER: _chapters,
    DocumentType.COMMITTEE: _committees,
    DocumentType.EVENT: _events,
    DocumentType.REPOSITORY: _repositories,
    DocumentType.ISSUE: _issues,
    DocumentType.MEMBER: _members,
}


# ---------------------------------------------------------------------------------------------------- writing


def build(kind: str, ids: Iterable[int] | None = None, synonyms: SynonymTable | None = None):
    """The documents of ``kind`` for ``ids`` (all when None) that search may show, unsaved."""
    return BUILDERS[kind](None if ids is None else list(ids), synonyms or SynonymTable.load())


def _write(documents: list[SearchDocument]) -> None:
    now = timezone.now()
    for document in documents:
        document.updated_at = now
    SearchDocument.objects.bulk_create(
        documents,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["type", "object_id"],
        update_fields=UPDATE_FIELDS,
    )


def _announce(document_ids: Iterable[int]) -> None:
    """Say that these documents were written or deleted, as sync says what it changed (once committed)."""
    changes.record(CHANGE_KIND, document_ids, sender=SearchDocument)


def _notify(kind: str, written_ids: Iterable[int], removed: dict[int, int]) -> None:
    """Tell an external backend (Algolia) what changed, and every listener of ``data_changed``, once the rows
    committed. ``removed``: object id -> id of its deleted document."""
    from apps.search.backends import get_backend

    backend = get_backend()
    written, gone = list(written_ids), [(kind, pk) for pk in removed]
    document_ids = []
    if written:
        document_ids = list(
            SearchDocument.objects.filter(type=kind, object_id__in=written).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: backend.documents_changed(document_ids))
    if gone:
        transaction.on_commit(lambda: backend.documents_removed(gone))
    _announce([*document_ids, *removed.values()])


def _delete(kind: str, object_ids: Iterable[int]) -> dict[int, int]:
    """Delete the documents of these objects: object id -> id of the document deleted."""
    rows = SearchDocument.objects.filter(type=kind, object_id__in=list(object_ids))
    deleted = dict(rows.values_list("object_id", "pk"))
    if deleted:
        SearchDocument.objects.filter(pk__in=list(deleted.values())).delete()
    return deleted


def index(kind: str, ids: Iterable[int], synonyms: SynonymTable | None = None) -> IndexReport:
    """Bring the documents of the objects ``ids`` of ``kind`` up to date: written while search may show them,
    deleted otherwise (unpublished, restricted, deleted, closed, archived away)."""
    ids = set(ids)
    report = IndexReport()
    if not ids:
        return report
    with transaction.atomic():
        documents = list(build(kind, ids, synonyms))
        _write(documents)
        kept = {document.object_id for document in documents}
        gone = _delete(kind, ids - kept)
        _notify(kind, kept, gone)
        if kind != DocumentType.ISSUE:
            from apps.search.services.vocabulary import add_words

            add_words(SearchDocument.objects.filter(type=kind, object_id__in=kept).values_list("pk", flat=True))
    report.written[kind], report.removed[kind] = len(kept), len(gone)
    return report


def remove(kind: str, ids: Iterable[int]) -> int:
    """Delete the documents of ``ids`` (their objects were deleted)."""
    with transaction.atomic():
        deleted = _delete(kind, ids)
        if deleted:
            _notify(kind, [], deleted)
    return len(deleted)


def reindex(kinds: Iterable[str] | None = None, *, progress: Callable[[str, int], None] | None = None) -> IndexReport:
    """Rebuild every document of ``kinds`` (all when None): write what search may show, delete the rest, then
    rebuild the full-text backend's vocabulary. ``progress(kind, n)`` is called after each batch. The documents
    written and deleted are announced once, at the end (``CHANGE_KIND``)."""
    with changes.run("search reindex"):  # one data_changed for the whole rebuild, at its end
        return _reindex(kinds, progress)


def _reindex(kinds, progress) -> IndexReport:
    from apps.search.services.vocabulary import rebuild_vocabulary

    synonyms = SynonymTable.load()
    report = IndexReport()
    for kind in kinds or BUILDERS:
        started = timezone.now()
        written: set[int] = set()
        batch: list[SearchDocument] = []
        for document in build(kind, None, synonyms):
            batch.append(document)
            if len(batch) >= BATCH:
                _write(batch)
                written.update(d.object_id for d in batch)
                if progress:
                    progress(kind, len(batch))
                batch = []
        if batch:
            _write(batch)
            written.update(d.object_id for d in batch)
            if progress:
                progress(kind, len(batch))
        # Every row written above has a newer ``updated_at`` than ``started``: the older ones are stale.
        stale = SearchDocument.objects.filter(type=kind, updated_at__lt=started)
        removed = list(stale.values_list("pk", flat=True))
        SearchDocument.objects.filter(pk__in=removed).delete()
        _announce([*SearchDocument.objects.filter(type=kind).values_list("pk", flat=True), *removed])
        report.written[kind], report.removed[kind] = len(written), len(removed)
    rebuild_vocabulary()
    compact_bm25_index()
    from apps.search.backends import get_backend

    get_backend().rebuild(SearchDocument.objects.all())
    return report


def compact_bm25_index() -> None:
    """Rebuild the bm25 index after a full reindex: each write batch left a segment of its own (37 after a
    10x reindex, which made a fuzzy query 3x slower than on the 4 segments a rebuild leaves)."""
    from django.db import connection

    from apps.search.backends.bm25 import pg_search_installed

    if pg_search_installed():
        with connection.cursor() as cursor:
            cursor.execute("REINDEX INDEX search_document_bm25")


def prune_issues() -> int:
    """Delete the documents of issues no longer offered (they aged past a year without a sync touching them)."""
    stale = SearchDocument.objects.filter(type=DocumentType.ISSUE).exclude(object_id__in=_issue_scope().values("pk"))
    ids = list(stale.values_list("object_id", flat=True))
    return remove(DocumentType.ISSUE, ids) if ids else 0


def count(kind: str) -> int:
    """How many objects of ``kind`` a reindex would build (for the progress bar)."""
    from apps.github.models import Repository
    from cms.models import ChapterPage, CommitteePage, EventPage, ProjectPage

    counters = {
        DocumentType.PROJECT: lambda: ProjectPage.objects.published().count(),
        DocumentType.CHAPTER: lambda: ChapterPage.objects.published().count(),
        DocumentType.COMMITTEE: lambda: CommitteePage.objects.published().count(),
        DocumentType.EVENT: lambda: EventPage.objects.published().count(),
        DocumentType.REPOSITORY: lambda: Repository.objects.present().count(),
        DocumentType.ISSUE: lambda: _issue_scope().count(),
        DocumentType.MEMBER: lambda: len(member_ids()),
    }
    return counters[kind]()
