"""Community snapshots: Nest's ``Snapshot`` / ``SnapshotDetail``, and the ``SnapshotIssue`` and ``SnapshotRelease``
items of a snapshot's lists (the issue and release items, with the organization and repository by name). A
snapshot's projects, chapters and members are the ``Project``, ``Chapter`` and ``Member`` items of their lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.rest.serializers.common import UnknownFields
from api.rest.serializers.github import IssueSerializer, MemberSerializer, ReleaseSerializer
from apps.owasp.models import SnapshotContent


class SnapshotSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(help_text=_("Excluded: what is new before this moment."))
    key = serializers.CharField(help_text=_("e.g. 2025-02, as in /snapshots/{key}."))
    start_at = serializers.DateTimeField(help_text=_("Included: what is new from this moment on."))
    title = serializers.CharField()
    updated_at = serializers.DateTimeField()
    # Ours
    built_at = serializers.DateTimeField(help_text=_("When its content was last built from the synced data."))


# Nest's count field of each list (a required integer in its schema).
COUNT_FIELDS = {
    SnapshotContent.CHAPTERS: "new_chapters_count",
    SnapshotContent.ISSUES: "new_issues_count",
    SnapshotContent.PROJECTS: "new_projects_count",
    SnapshotContent.RELEASES: "new_releases_count",
    SnapshotContent.MEMBERS: "new_users_count",
}
GITHUB_CONTENT = (SnapshotContent.ISSUES, SnapshotContent.RELEASES, SnapshotContent.MEMBERS)


def _count() -> serializers.IntegerField:
    return serializers.IntegerField(help_text=_("How many the build found; 0 when unknown (see unknown_fields)."))


class SnapshotDetailSerializer(SnapshotSerializer):
    new_chapters_count = _count()
    new_issues_count = _count()
    new_projects_count = _count()
    new_releases_count = _count()
    new_users_count = _count()
    unknown_fields = UnknownFields()

    def to_representation(self, snapshot):
        data = super().to_representation(snapshot)
        for name in COUNT_FIELDS.values():  # Nest's are required integers: a stand-in, named in unknown_fields
            if data[name] is None:
                data[name] = 0
        return data

    def unknown(self, snapshot) -> dict:
        """The counts the build could not know (GitHub or OWASP's data never synced when it ran)."""
        unknown = {}
        for kind, name in COUNT_FIELDS.items():
            if getattr(snapshot, name) is None:
                reason = snapshot.github_unknown_reason if kind in GITHUB_CONTENT else snapshot.owasp_unknown_reason
                unknown[name] = reason or str(_("Not counted yet"))
        return unknown


class RepositoryNamesMixin(serializers.Serializer):
    """Nest's ``organization_login`` and ``repository_name`` of an issue or release (null when unknown)."""

    organization_login = serializers.SerializerMethodField()
    repository_name = serializers.SerializerMethodField()

    def get_organization_login(self, row) -> str | None:
        organization = row.repository.organization if row.repository_id else None
        return organization.login if organization is not None else None

    def get_repository_name(self, row) -> str | None:
        return row.repository.name if row.repository_id else None


class SnapshotIssueSerializer(RepositoryNamesMixin, IssueSerializer):
    pass


class SnapshotReleaseSerializer(RepositoryNamesMixin, ReleaseSerializer):
    pass


class SnapshotMemberSerializer(MemberSerializer):
    """Nest's ``Member``, with when the member first contributed (what made them new in the period)."""

    first_contribution_at = serializers.DateTimeField(
        help_text=_("Their first issue, pull request or release in the synced repositories.")
    )
