"""Sponsors and the about page's figures (what the site holds and when each source was last synced)."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from apps.github.models import Issue, Organization, Repository, RepositorySyncState, User
from apps.github.services.status import github_status
from cms.models import ChapterPage, CommitteePage, EventPage, ProjectPage, Sponsor, SponsorTier

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


def data_sources() -> list[dict]:
    """Each kind of record: how many the site lists (and how many more it holds as inactive, for OWASP's
    pages) and when it was last synced (one query per kind)."""
    rows = []
    for label, model, source in (
        (_("Projects"), ProjectPage, "owasp.org"),
        (_("Chapters"), ChapterPage, "owasp.org"),
        (_("Committees"), CommitteePage, "owasp.org"),
        (_("Events"), EventPage, "owasp.org"),
    ):
        figures = model.objects.listing_figures()
        rows.append(
            {
                "label": label,
                "count": figures["listed"],
                "inactive": figures["inactive"],
                "synced_at": figures["synced"],
                "source": source,
            }
        )
    github = RepositorySyncState.objects.aggregate(synced=Max("last_synced_at"))["synced"]
    organizations = Organization.objects.aggregate(synced=Max("last_synced_at"))["synced"]
    # GitHub's counts are unknown (not 0) while GitHub was never synced: the row says why.
    fresh = github_status().figures
    for label, queryset, synced_at in (
        (_("Repositories"), Repository.objects.present(), github or organizations),
        (_("Issues"), Issue.objects.all(), github),
        (_("GitHub users"), User.objects.all(), github),
    ):
        count = queryset.count() if fresh.known else None
        rows.append({"label": label, "count": count, "synced_at": synced_at, "source": "GitHub", "freshness": fresh})
    return rows
