"""Community snapshots, as Nest's v0 serves them: the completed snapshots (``snapshots/``), one by its key
(``snapshots/{key}``), and what was new in it (``snapshots/{key}/projects/``, ``chapters/``, ``issues/``,
``releases/``, ``members/``). The domain decides which snapshots are public, what each holds and in which orders
(``Snapshot.ORDERINGS``, ``Snapshot.CONTENT_ORDERINGS``): an ordering it does not offer is a 400 naming the ones it
does. A snapshot's lists of an unknown (or not yet built) snapshot are a 404, as its detail is."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound

from api.rest.caching import cached_value
from api.rest.errors import invalid_parameters
from api.rest.filters import SnapshotFilter
from api.rest.serializers.common import ErrorSerializer, ValidationErrorSerializer
from api.rest.serializers.pages import ChapterSerializer
from api.rest.serializers.projects import ProjectSerializer
from api.rest.serializers.snapshots import (
    SnapshotDetailSerializer,
    SnapshotIssueSerializer,
    SnapshotMemberSerializer,
    SnapshotReleaseSerializer,
    SnapshotSerializer,
)
from api.rest.views.base import FilterBackend, ListViewSet, ReadViewSet
from api.rest.views.github import with_labels
from apps.github.models import Issue, Release, User
from apps.github.services.health import latest_health_date
from apps.owasp.models import InvalidOrdering, Snapshot, SnapshotContent
from cms.models import ChapterPage, ProjectPage

TAG = "Community"
NOT_FOUND = "Snapshot not found"


def ordering_parameter(choices) -> OpenApiParameter:
    return OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=list(choices),
        description=str(_("Ordering field (another value is a 400).")),
        required=False,
    )


def _ordered(request, order):
    """``order(ordering)`` with the request's ``ordering`` (None: the domain's default); a 400 naming the
    orderings offered when the domain refuses it."""
    try:
        return order(request.query_params.get("ordering") or None)
    except InvalidOrdering as exc:
        raise invalid_parameters({"ordering": [str(exc)]}) from None


@extend_schema_view(
    list=extend_schema(
        operation_id="list_snapshots",
        summary="List snapshots",
        tags=[TAG],
        description=_("Retrieve a paginated list of OWASP snapshots."),
        parameters=[ordering_parameter(Snapshot.ORDERINGS)],
        responses={200: SnapshotSerializer(many=True), 400: ValidationErrorSerializer},
    ),
    retrieve=extend_schema(
        operation_id="get_snapshot",
        summary="Get snapshot",
        tags=[TAG],
        description=_("Retrieve snapshot details."),
        responses={200: SnapshotDetailSerializer, 400: ValidationErrorSerializer, 404: ErrorSerializer},
    ),
)
class SnapshotViewSet(ReadViewSet):
    model = Snapshot
    serializer_class = SnapshotSerializer
    detail_serializer_class = SnapshotDetailSerializer
    filter_backends = [FilterBackend]  # the period's bounds; ordering is the domain's (``Snapshot.ORDERINGS``)
    filterset_class = SnapshotFilter
    not_found_message = NOT_FOUND

    def rows(self):
        return _ordered(self.request, Snapshot.objects.completed().ordered)

    def find(self, snapshot_id: str):
        return Snapshot.objects.completed().by_key(snapshot_id).first()


class SnapshotContentViewSet(ListViewSet):
    """One of a snapshot's lists (``kind``, a ``SnapshotContent``), read with ``Snapshot.content``."""

    kind: str = ""
    list_related: tuple[str, ...] = ()
    filter_backends = []  # ordering is the domain's (``Snapshot.CONTENT_ORDERINGS[kind]``)

    def snapshot(self) -> Snapshot:
        snapshot = Snapshot.objects.completed().by_key(self.kwargs["snapshot_id"]).first()
        if snapshot is None:
            raise NotFound(NOT_FOUND)
        return snapshot

    def rows(self):
        snapshot = self.snapshot()
        return _ordered(self.request, lambda ordering: snapshot.content(self.kind, ordering))

    def load_page(self, queryset, ids):
        return super().load_page(queryset, ids).select_related(*self.list_related)


CONTENT_VIEWSETS: dict[str, type[SnapshotContentViewSet]] = {}


def content_operation(kind: str, model, item, description, *, related: tuple[str, ...] = ()):
    """The viewset of a snapshot's list ``kind``: its rows (``model``, with ``related``), its items (``item``)
    and its schema; registered in ``CONTENT_VIEWSETS``."""
    schema = extend_schema_view(
        list=extend_schema(
            operation_id=f"list_snapshot_{kind}",
            summary=f"List new {kind} in snapshot",
            tags=[TAG],
            description=description,
            parameters=[ordering_parameter(Snapshot.CONTENT_ORDERINGS[kind])],
            responses={200: item(many=True), 400: ValidationErrorSerializer, 404: ErrorSerializer},
        )
    )

    def decorate(viewset):
        viewset.kind, viewset.model, viewset.serializer_class, viewset.list_related = kind, model, item, related
        CONTENT_VIEWSETS[kind] = schema(viewset)
        return CONTENT_VIEWSETS[kind]

    return decorate


@content_operation(
    SnapshotContent.PROJECTS,
    ProjectPage,
    ProjectSerializer,
    _("Retrieve a paginated list of new projects in a snapshot."),
)
class SnapshotProjectViewSet(SnapshotContentViewSet):
    def load_page(self, queryset, ids):
        latest = cached_value("health-latest-date", latest_health_date)
        return super().load_page(queryset, ids).with_figures().with_health(latest)


@content_operation(
    SnapshotContent.CHAPTERS,
    ChapterPage,
    ChapterSerializer,
    _("Retrieve a paginated list of new chapters in a snapshot."),
)
class SnapshotChapterViewSet(SnapshotContentViewSet):
    pass


@content_operation(
    SnapshotContent.ISSUES,
    Issue,
    SnapshotIssueSerializer,
    _("Retrieve a paginated list of new issues in a snapshot."),
    related=("author", "assignee", "ai_summary"),
)
class SnapshotIssueViewSet(SnapshotContentViewSet):
    def load_page(self, queryset, ids):
        return with_labels(super().load_page(queryset, ids))


@content_operation(
    SnapshotContent.RELEASES,
    Release,
    SnapshotReleaseSerializer,
    _("Retrieve a paginated list of new releases in a snapshot."),
    related=("author",),
)
class SnapshotReleaseViewSet(SnapshotContentViewSet):
    pass


@content_operation(
    SnapshotContent.MEMBERS,
    User,
    SnapshotMemberSerializer,
    _("Retrieve a paginated list of new members in a snapshot: people whose first contribution falls in it."),
)
class SnapshotMemberViewSet(SnapshotContentViewSet):
    pass
