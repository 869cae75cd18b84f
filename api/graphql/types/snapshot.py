"""Community snapshots: OWASP Nest's ``SnapshotNode``, with the projects, chapters, issues, releases and users new
in its period, each list read from the domain (``Snapshot.content``) in one of the orders it offers
(``Snapshot.CONTENT_ORDERINGS``). What each row shows (authors, repositories, figures, leaders) is batched by the
request's loaders over every row of the request, and each list of every snapshot of the request (``snapshots``
then their ``issues``) is read in one query for all of them."""

import graphene
from django.db.models import BigIntegerField, Value
from django.utils.translation import gettext as _

from api.graphql.loaders import observed
from api.graphql.types.chapter import ChapterType
from api.graphql.types.common import (
    bad_argument,
    checked_limit,
    checked_offset,
    global_id,
    limit_argument,
    loader,
    offset_argument,
)
from api.graphql.types.issue import IssueType
from api.graphql.types.project import ProjectType
from api.graphql.types.release import ReleaseType
from api.graphql.types.user import UserType
from apps.owasp.models import InvalidOrdering, Snapshot, SnapshotContent

# Rows a list returns unless asked (Nest's: 6 issues; every project, chapter and release, 100 users), at most
# MAX_LIMIT.
DEFAULT_LIMITS = {
    SnapshotContent.PROJECTS: 100,
    SnapshotContent.CHAPTERS: 100,
    SnapshotContent.ISSUES: 6,
    SnapshotContent.RELEASES: 100,
    SnapshotContent.MEMBERS: 100,
}


def _content_field(of, kind: str, description: str) -> graphene.List:
    orderings = ", ".join(Snapshot.CONTENT_ORDERINGS[kind])
    return graphene.List(
        graphene.NonNull(of),
        required=True,
        limit=limit_argument(DEFAULT_LIMITS[kind]),
        offset=offset_argument(),
        ordering=graphene.String(description=_("One of %(orderings)s.") % {"orderings": orderings}),
        description=description,
    )


def _content(info, snapshot: Snapshot, kind: str, limit: int, offset: int, ordering: str | None) -> list:
    limit, offset = checked_limit(limit, default=DEFAULT_LIMITS[kind]), checked_offset(offset)
    ordering = ordering or None
    try:
        snapshot.content(kind, ordering)  # the domain refuses an ordering it does not offer
    except InvalidOrdering as exc:
        raise bad_argument("ordering", str(exc)) from None
    if not limit:
        return []
    batch = lambda ids: _windows(ids, kind, ordering, limit, offset)  # noqa: E731
    return observed(
        info, loader(info, ("snapshot-content", kind, ordering, limit, offset), "snapshot", batch, []).load(snapshot.pk)
    )


def _windows(ids: list, kind: str, ordering: str | None, limit: int, offset: int) -> dict:
    """The same window of one list of each snapshot, in one query (UNION ALL of each snapshot's ordered window,
    each row marked with its snapshot)."""
    snapshots = Snapshot.objects.in_bulk(ids)
    parts = [
        snapshots[pk].content(kind, ordering).annotate(_snapshot=Value(pk, BigIntegerField()))[offset : offset + limit]
        for pk in ids
        if pk in snapshots
    ]
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    found: dict = {pk: [] for pk in snapshots}
    for row in rows:
        found[row._snapshot].append(row)
    return found


class SnapshotType(graphene.ObjectType):
    """A named period of the OWASP community and what was new in it. Counts are null when unknown (the data
    was never synced when the snapshot was built)."""

    id = graphene.ID(required=True)
    key = graphene.String(required=True, description="e.g. 2025-02.")
    title = graphene.String(required=True)
    start_at = graphene.DateTime(required=True, description="Included: what is new from this moment on.")
    end_at = graphene.DateTime(required=True, description="Excluded: what is new before this moment.")
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    built_at = graphene.DateTime(description="When its content was last built from the synced data.")
    new_projects_count = graphene.Int()
    new_chapters_count = graphene.Int()
    new_issues_count = graphene.Int()
    new_releases_count = graphene.Int()
    new_users_count = graphene.Int()
    unknown_reason = graphene.String(
        required=True, description="Why some counts are unknown ('' when every count is known)."
    )
    projects = _content_field(ProjectType, SnapshotContent.PROJECTS, "Projects OWASP created in the period.")
    chapters = _content_field(ChapterType, SnapshotContent.CHAPTERS, "Chapters OWASP created in the period.")
    issues = _content_field(IssueType, SnapshotContent.ISSUES, "Issues opened in the period.")
    releases = _content_field(ReleaseType, SnapshotContent.RELEASES, "Releases published in the period.")
    users = _content_field(
        UserType, SnapshotContent.MEMBERS, "People whose first contribution to the synced repositories falls in it."
    )

    class Meta:
        name = "SnapshotNode"

    def resolve_id(root, info):
        return global_id("SnapshotNode", root.pk)

    def resolve_unknown_reason(root, info):
        return " ".join(reason for reason in (root.owasp_unknown_reason, root.github_unknown_reason) if reason)

    def resolve_projects(root, info, limit, offset, ordering=None):
        return _content(info, root, SnapshotContent.PROJECTS, limit, offset, ordering)

    def resolve_chapters(root, info, limit, offset, ordering=None):
        return _content(info, root, SnapshotContent.CHAPTERS, limit, offset, ordering)

    def resolve_issues(root, info, limit, offset, ordering=None):
        return _content(info, root, SnapshotContent.ISSUES, limit, offset, ordering)

    def resolve_releases(root, info, limit, offset, ordering=None):
        return _content(info, root, SnapshotContent.RELEASES, limit, offset, ordering)

    def resolve_users(root, info, limit, offset, ordering=None):
        return _content(info, root, SnapshotContent.MEMBERS, limit, offset, ordering)
