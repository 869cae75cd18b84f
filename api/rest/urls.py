"""REST API under /api/v0/, wire-compatible with OWASP Nest's v0: lists end with a slash, details do not (a
trailing slash is accepted too); GitHub rows are named by owner and repository, e.g.
``repositories/OWASP/Nest`` and ``issues/OWASP/Nest/1234``. ``users`` is an alias of ``members``.
Responses are gzip-compressed for clients that accept it; the schema, Swagger UI and Redoc are served here
with their assets from this site (drf-spectacular-sidecar)."""

from django.urls import path, re_path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page

from api.rest.schema import docs_urlpatterns
from api.rest.views.ai import agent_view, ask_view
from api.rest.views.github import (
    IssueViewSet,
    MemberViewSet,
    MilestoneViewSet,
    OrganizationViewSet,
    ReleaseViewSet,
    RepositoryViewSet,
    UserViewSet,
)
from api.rest.views.mentorship import ModuleViewSet, ProgramViewSet
from api.rest.views.pages import ChapterViewSet, CommitteeViewSet, EventViewSet
from api.rest.views.projects import ProjectViewSet
from api.rest.views.root import api_root, not_found
from api.rest.views.search import search_view
from api.rest.views.snapshots import CONTENT_VIEWSETS, SnapshotViewSet
from api.rest.views.sponsors import SponsorViewSet


class NumberConverter:
    """An issue or milestone number: digits, small enough for the database's integers."""

    regex = "[0-9]{1,9}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class TagConverter:
    """A release's tag, which may hold slashes (release/1.0)."""

    regex = ".+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(NumberConverter, "number")
register_converter(TagConverter, "tag")


def _alias(view):
    """The same view at a second spelling of its path (with or without the trailing slash), left out of the
    schema so every operation has one path and one id."""

    def alias(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    alias.schema_alias = True
    return alias


def resource(prefix: str, viewset, detail: str, *, basename: str = "", name: str = ""):
    """The list at ``<prefix>/`` and the detail at ``<prefix>/<detail>`` (as Nest spells them), and each at
    its other spelling (``<prefix>``, ``<prefix>/<detail>/``); their URL names ``<name>-list`` and
    ``<name>-detail`` (``name`` defaults to the prefix)."""
    listing = gzip_page(viewset.as_view({"get": "list"}, basename=basename or prefix))
    retrieve = gzip_page(viewset.as_view({"get": "retrieve"}, basename=basename or prefix))
    return [
        path(f"{prefix}/", listing, name=f"{name or prefix}-list"),
        path(f"{prefix}/{detail}", retrieve, name=f"{name or prefix}-detail"),
        path(prefix, _alias(listing)),
        path(f"{prefix}/{detail}/", _alias(retrieve)),
    ]


def snapshot_lists():
    """What is new in a snapshot: ``snapshots/<key>/<kind>/`` (and without its trailing slash), list only."""
    patterns = []
    for kind, viewset in CONTENT_VIEWSETS.items():
        listing = gzip_page(viewset.as_view({"get": "list"}, basename=f"snapshot-{kind}"))
        prefix = f"snapshots/<str:snapshot_id>/{kind}"
        patterns += [path(f"{prefix}/", listing, name=f"snapshot-{kind}-list"), path(prefix, _alias(listing))]
    return patterns


urlpatterns = [
    path("", api_root, name="api-root"),
    path("ai/ask/", ask_view, name="ai-ask"),
    path("ai/ask", csrf_exempt(_alias(ask_view))),  # a POST: the alias keeps the view's exemption
    path("ai/agent/", agent_view, name="ai-agent"),
    path("ai/agent", csrf_exempt(_alias(agent_view))),
    *docs_urlpatterns,
    *resource("chapters", ChapterViewSet, "<str:chapter_id>"),
    *resource("committees", CommitteeViewSet, "<str:committee_id>"),
    *resource("events", EventViewSet, "<str:event_id>"),
    *resource("issues", IssueViewSet, "<str:organization_id>/<str:repository_id>/<number:issue_id>"),
    *resource(
        "mentorship/programs",
        ProgramViewSet,
        "<str:program_key>",
        basename="mentorship-programs",
        name="mentorship-programs",
    ),
    *resource(
        "mentorship/programs/<str:program_key>/modules",
        ModuleViewSet,
        "<str:module_key>",
        basename="mentorship-modules",
        name="mentorship-modules",
    ),
    *resource("members", MemberViewSet, "<str:member_id>"),
    *resource("users", UserViewSet, "<str:member_id>", basename="members"),  # a cursor serves both
    *resource("milestones", MilestoneViewSet, "<str:organization_id>/<str:repository_id>/<number:milestone_id>"),
    *resource("organizations", OrganizationViewSet, "<str:organization_id>"),
    *resource("projects", ProjectViewSet, "<str:project_id>"),
    *resource("releases", ReleaseViewSet, "<str:organization_id>/<str:repository_id>/<tag:release_id>"),
    *resource("repositories", RepositoryViewSet, "<str:organization_id>/<str:repository_id>"),
    path("search/", gzip_page(search_view), name="search"),
    path("search", _alias(gzip_page(search_view))),
    *resource("snapshots", SnapshotViewSet, "<str:snapshot_id>"),
    *snapshot_lists(),
    *resource("sponsors", SponsorViewSet, "<str:sponsor_id>"),
    re_path(r"^", not_found, name="api-not-found"),
]
