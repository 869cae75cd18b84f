"""Sponsors and the about page's figures (what the site holds and when each source was last synced)."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from apps.github.models import Issue, Organization, Repository, RepositorySyncState, User
from apps.github.services.status import GitHubStatus
from cms.models import ChapterPage, CommitteePage, EventPage, OwaspPage, ProjectPage, Sponsor, SponsorTier

SPONSOR_ORDER = [SponsorTier.DIAMOND, SponsorTier.PLATINUM, SponsorTier.GOLD, SponsorTier.SILVER, SponsorTier.SUPPORTER]


def sponsors_by_tier() -> dict:
    """Sponsors grouped by sponsor tier (best first), then corporate members by membership tier (1 query, of
    the columns the page shows: not the sync's bookkeeping, a JSON document per sponsor to decode)."""
    columns = ("name", "url", "job_url", "description", "sponsor_tier", "member_tier", "last_synced_at")
    sponsors = list(Sponsor.objects.listed().only(*columns))
    tiers = [
        {"label": tier.label, "sponsors": [s for s in sponsors if s.sponsor_tier == tier]} for tier in SPONSOR_ORDER
    ]
    members = [s for s in sponsors if s.sponsor_tier == SponsorTier.NONE and s.member_tier != "none"]
    return {
        "tiers": [tier for tier in tiers if tier["sponsors"]],
        "members": members,
        "synced_at": max((s.last_synced_at for s in sponsors if s.last_synced_at), default=None),
    }


def data_sources(status: GitHubStatus) -> list[dict]:
    """Each kind of record: how many the site lists (and how many more it holds as inactive, for OWASP's
    pages) and when it was last synced (6 queries), given the request's GitHub ``status``."""
    kinds = (
        (_("Projects"), ProjectPage),
        (_("Chapters"), ChapterPage),
        (_("Committees"), CommitteePage),
        (_("Events"), EventPage),
    )
    figures = OwaspPage.objects.listing_figures_by_kind(model for _label, model in kinds)
    rows = [
        {
            "label": label,
            "count": figures[model]["listed"],
            "inactive": figures[model]["inactive"],
            "synced_at": figures[model]["synced"],
            "source": "owasp.org",
        }
        for label, model in kinds
    ]
    github = RepositorySyncState.objects.aggregate(synced=Max("last_synced_at"))["synced"]
    organizations = Organization.objects.aggregate(synced=Max("last_synced_at"))["synced"]
    # GitHub's counts are unknown (not 0) while GitHub was never synced: the row says why.
    fresh = status.figures
    for label, queryset, synced_at in (
        (_("Repositories"), Repository.objects.present(), github or organizations),
        (_("Issues"), Issue.objects.all(), github),
        (_("GitHub users"), User.objects.all(), github),
    ):
        count = queryset.count() if fresh.known else None
        rows.append({"label": label, "count": count, "synced_at": synced_at, "source": "GitHub", "freshness": fresh})
    return rows
