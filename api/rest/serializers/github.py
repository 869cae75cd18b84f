"""GitHub rows as Nest's ``Organization``, ``Repository``, ``Issue``, ``Milestone``, ``Release`` and ``Member``,
with our fields beside them. A GitHub time Nest types as required but that was never synced (a profile
never read, a milestone embedded without its dates) holds the time Nest last wrote the row, and is listed in
``unknown_fields``."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.rest.serializers.common import (
    FastItemsMixin,
    HeatmapSerializer,
    LanguageShareSerializer,
    UnknownFields,
    api_time,
)
from cms.models import ProjectPage

# What ``RepositorySerializer.get_project`` reads of the repository's project (annotated on each row).
PROJECT_KEY_COLUMNS = {"project_owasp_key": F("project__owasp_key"), "project_slug": F("project__slug")}
NOT_SYNCED = _("Not given by GitHub to Nest; this is when Nest last recorded it")


class TimesMixin(FastItemsMixin):
    """``created_at`` / ``updated_at`` from GitHub, else (unknown) when Nest last wrote the row."""

    fallback_times = ("created_at", "updated_at")

    def unknown(self, row) -> dict:
        return {name: str(NOT_SYNCED) for name in self.fallback_times if getattr(row, name) is None}

    def finish(self, row, data):
        data = super().finish(row, data)
        for name in self.fallback_times:
            if name in data and data[name] is None:
                data[name] = api_time(row.synced_at)
        return data


class OrganizationSerializer(TimesMixin, serializers.Serializer):
    created_at = serializers.DateTimeField()
    login = serializers.CharField()
    name = serializers.CharField()
    updated_at = serializers.DateTimeField()
    # Ours
    avatar_url = serializers.CharField()
    url = serializers.CharField(source="html_url")
    github_synced_at = serializers.DateTimeField(
        source="last_synced_at",
        allow_null=True,
        help_text=_("How fresh its totals are: its last complete repository listing; null while never listed."),
    )
    unknown_fields = UnknownFields()


class OrganizationDetailSerializer(OrganizationSerializer):
    company = serializers.SerializerMethodField(help_text=_("GitHub organizations have no company: empty."))
    location = serializers.CharField()
    # Ours
    description = serializers.CharField()
    blog = serializers.CharField()
    public_repositories_count = serializers.IntegerField(source="public_repos_count")
    followers_count = serializers.IntegerField()

    def get_company(self, organization) -> str:
        return ""


class RepositorySerializer(TimesMixin, serializers.Serializer):
    created_at = serializers.DateTimeField()
    name = serializers.CharField()
    updated_at = serializers.DateTimeField()
    # Ours
    key = serializers.CharField(source="full_name", help_text=_("owner/name, as in /repositories/{owner}/{name}."))
    organization = serializers.CharField(source="owner_login")
    url = serializers.CharField(source="html_url")
    description = serializers.CharField()
    language = serializers.CharField()
    stars_count = serializers.IntegerField()
    forks_count = serializers.IntegerField()
    is_archived = serializers.BooleanField()
    is_fork = serializers.BooleanField()
    pushed_at = serializers.DateTimeField(allow_null=True)
    project = serializers.SerializerMethodField(help_text=_("Key of the OWASP project it belongs to, if any."))
    github_synced_at = serializers.DateTimeField(
        source="synced_at", help_text=_("How fresh its figures are: when Nest last synced it.")
    )
    unknown_fields = UnknownFields()

    def get_project(self, repository) -> str | None:
        if repository.project_id is None:
            return None
        return ProjectPage.short_key_of(repository.project_owasp_key, repository.project_slug)


class RepositoryDetailSerializer(RepositorySerializer):
    commits_count = serializers.SerializerMethodField(
        help_text=_("Commits of the accounts GitHub lists as contributors; 0 while they were never synced.")
    )
    contributors_count = serializers.SerializerMethodField(
        help_text=_("Accounts GitHub lists as contributors; 0 while they were never synced.")
    )
    open_issues_count = serializers.IntegerField(help_text=_("GitHub's count: open issues and pull requests."))
    # Ours
    homepage = serializers.CharField()
    default_branch = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    license = serializers.CharField(source="license_spdx_id")
    is_template = serializers.BooleanField()
    watchers_count = serializers.IntegerField()
    languages = LanguageShareSerializer(many=True, source="api_languages")
    heatmap = HeatmapSerializer(source="api_heatmap", help_text=_("Commits to its default branch per day."))

    def get_commits_count(self, repository) -> int:
        return (repository.api_totals or {}).get("commits", 0)

    def get_contributors_count(self, repository) -> int:
        return (repository.api_totals or {}).get("contributors", 0)

    def unknown(self, repository) -> dict:
        unknown = super().unknown(repository)
        if repository.api_totals is None:
            reason = str(_("The repository's contributors were not synced yet"))
            unknown.update(commits_count=reason, contributors_count=reason)
        return unknown


class IssueSerializer(FastItemsMixin, serializers.Serializer):
    created_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=[("open", "open"), ("closed", "closed")])
    title = serializers.CharField()
    updated_at = serializers.DateTimeField()
    url = serializers.CharField(source="html_url")
    # Ours
    number = serializers.IntegerField()
    organization = serializers.CharField(source="repository.owner_login")
    repository = serializers.CharField(source="repository.name")
    author = serializers.CharField(source="author.login", allow_null=True, default=None)
    assignee = serializers.CharField(source="assignee.login", allow_null=True, default=None)
    labels = serializers.SerializerMethodField()
    comments_count = serializers.IntegerField()
    closed_at = serializers.DateTimeField(allow_null=True)
    summary = serializers.CharField(
        source="ai_summary.summary",
        allow_null=True,
        default=None,
        help_text=_("What the issue asks for (AI-written on a schedule; null until then)."),
    )
    hint = serializers.CharField(
        source="ai_summary.hint",
        allow_null=True,
        default=None,
        help_text=_("How a newcomer could start working on it (AI-written; null until then)."),
    )

    def get_labels(self, issue) -> list[str]:
        return [label.name for label in issue.labels.all()]


class IssueDetailSerializer(IssueSerializer):
    body = serializers.CharField()
    # Ours
    state_reason = serializers.CharField()
    is_locked = serializers.BooleanField()
    milestone = serializers.IntegerField(source="milestone.number", allow_null=True, default=None)
    assignees = serializers.SerializerMethodField()

    def get_assignees(self, issue) -> list[str]:
        return [user.login for user in issue.assignees.all()]


class MilestoneSerializer(TimesMixin, serializers.Serializer):
    created_at = serializers.DateTimeField()
    number = serializers.IntegerField()
    state = serializers.ChoiceField(choices=[("open", "open"), ("closed", "closed")])
    title = serializers.CharField()
    updated_at = serializers.DateTimeField()
    url = serializers.CharField(source="html_url")
    # Ours
    organization = serializers.CharField(source="repository.owner_login")
    repository = serializers.CharField(source="repository.name")
    unknown_fields = UnknownFields()


class MilestoneDetailSerializer(MilestoneSerializer):
    body = serializers.CharField(source="description")
    closed_issues_count = serializers.IntegerField()
    due_on = serializers.DateTimeField(allow_null=True)
    open_issues_count = serializers.IntegerField()
    # Ours
    closed_at = serializers.DateTimeField(allow_null=True)


class ReleaseSerializer(FastItemsMixin, serializers.Serializer):
    created_at = serializers.SerializerMethodField(help_text=_("When the release was created (else published)."))
    name = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    tag_name = serializers.CharField()
    # Ours
    url = serializers.CharField(source="html_url")
    organization = serializers.CharField(source="repository.owner_login")
    repository = serializers.CharField(source="repository.name")
    author = serializers.CharField(source="author.login", allow_null=True, default=None)
    is_prerelease = serializers.BooleanField()

    def get_created_at(self, release) -> datetime:
        return api_time(release.created_at or release.published_at)


class ReleaseDetailSerializer(ReleaseSerializer):
    description = serializers.CharField()


PROFILE_NOT_READ = _("GitHub profiles are not synced: unknown")


class MemberSerializer(TimesMixin, serializers.Serializer):
    avatar_url = serializers.CharField()
    created_at = serializers.DateTimeField()
    login = serializers.CharField()
    name = serializers.CharField()
    updated_at = serializers.DateTimeField()
    url = serializers.CharField(source="profile_url")
    # Ours
    type = serializers.CharField()
    profile_read = serializers.BooleanField(help_text=_("Whether Nest read the account's GitHub profile."))
    github_synced_at = serializers.SerializerMethodField(
        help_text=_("How fresh its contribution counts are: the last GitHub sync; null while never synced.")
    )
    unknown_fields = UnknownFields()

    def get_github_synced_at(self, user) -> datetime | None:
        return api_time(self.context["view"].github_status().figures.synced_at)

    profile_fields = ("name",)

    def unknown(self, user) -> dict:
        """Profile fields left blank because the profile was never read (a blank one read is GitHub's)."""
        unknown = super().unknown(user)
        if not user.profile_read:
            unknown.update({name: str(PROFILE_NOT_READ) for name in self.profile_fields if not getattr(user, name)})
        return unknown


class PageLedSerializer(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()


class ContributionSerializer(serializers.Serializer):
    repository = serializers.CharField(source="repository.full_name")
    contributions = serializers.IntegerField()


class MemberDetailSerializer(MemberSerializer):
    bio = serializers.CharField()
    company = serializers.CharField()
    followers_count = serializers.SerializerMethodField()
    following_count = serializers.SerializerMethodField()
    location = serializers.CharField()
    public_repositories_count = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    twitter_username = serializers.SerializerMethodField()
    # Ours
    contributions = serializers.DictField(
        child=serializers.IntegerField(),
        source="api_totals",
        help_text=_("repositories, commits, issues, pull_requests, merged_pull_requests."),
    )
    repositories = ContributionSerializer(many=True, source="api_repositories")
    leads = PageLedSerializer(many=True, source="api_leads", help_text=_("Pages this member leads."))
    heatmap = HeatmapSerializer(source="api_heatmap", help_text=_("Commits authored per day."))

    # Nest's profile figures that Nest here never syncs: 0 or empty, and listed in unknown_fields.
    never_synced = ("followers_count", "following_count", "public_repositories_count", "title", "twitter_username")
    profile_fields = ("name", "bio", "company", "location")

    def get_followers_count(self, user) -> int:
        return 0

    def get_following_count(self, user) -> int:
        return 0

    def get_public_repositories_count(self, user) -> int:
        return 0

    def get_title(self, user) -> str:
        return ""

    def get_twitter_username(self, user) -> str:
        return ""

    def unknown(self, user) -> dict:
        unknown = super().unknown(user)
        unknown.update(dict.fromkeys(self.never_synced, str(_("Not synced from GitHub: unknown"))))
        return unknown
