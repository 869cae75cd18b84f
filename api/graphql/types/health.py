"""Project health: OWASP Nest's ``ProjectHealthMetricsNode`` read from our daily health records (the score
and every check's value and threshold as they were that day). A record scored while none of the project's
repositories was synced is unknown (``GitHubStatus.health``): its score and figures are null, its checks
empty, ``unknownReason`` says why; a known one says how fresh it is (``githubSyncedAt``)."""

import graphene

from api.graphql.types.common import github_status_of, global_id


def _check(record, name: str) -> dict:
    return next((check for check in record.checks if check.get("name") == name), {})


def _fresh(info, record):
    return github_status_of(info).health(record)


def _value(name: str):
    def resolve(root, info):
        return _fresh(info, root).value(_check(root, name).get("value"))

    return resolve


def _threshold(name: str):
    def resolve(root, info):
        return _check(root, name).get("threshold")

    return resolve


class HealthCheckType(graphene.ObjectType):
    """One check of a day's score: the figure, what its level asks, and whether it passed."""

    name = graphene.String(required=True)
    label = graphene.String(required=True)
    value = graphene.Int(description="Null when the figure cannot be known (e.g. no release ever).")
    threshold = graphene.Int(required=True)
    comparison = graphene.String(required=True, description="min: at least the threshold; max: at most.")
    passed = graphene.Boolean(required=True)
    weight = graphene.Int(required=True)

    class Meta:
        name = "HealthCheckNode"


class ProjectHealthMetricsType(graphene.ObjectType):
    """A project's health on one day. Figures the health run does not record are null (unknown)."""

    id = graphene.ID(required=True)
    created_at = graphene.Date(required=True, description="The day the record scores.")
    score = graphene.Int(description="Null while unknown (see unknownReason).")
    level = graphene.String(required=True, description="The project's level that day.")
    contributors_count = graphene.Int()
    forks_count = graphene.Int()
    stars_count = graphene.Int()
    open_issues_count = graphene.Int(description="Not recorded by the health run: always null (unknown).")
    open_pull_requests_count = graphene.Int()
    unanswered_issues_count = graphene.Int()
    unassigned_issues_count = graphene.Int()
    recent_releases_count = graphene.Int()
    leaders_count = graphene.Int()
    last_commit_days = graphene.Int()
    last_commit_days_requirement = graphene.Int()
    last_pull_request_days = graphene.Int()
    last_pull_request_days_requirement = graphene.Int()
    last_release_days = graphene.Int()
    last_release_days_requirement = graphene.Int()
    checks = graphene.List(
        graphene.NonNull(HealthCheckType), required=True, description="Empty while the score is unknown."
    )
    github_synced_at = graphene.DateTime(
        description="How fresh the score is: the sync time of its figures; null while unknown (ours)."
    )
    unknown_reason = graphene.String(description="Why the score is unknown; null when it is known (ours).")

    class Meta:
        name = "ProjectHealthMetricsNode"

    def resolve_id(root, info):
        return global_id("ProjectHealthMetricsNode", root.pk)

    def resolve_created_at(root, info):
        return root.date

    def resolve_open_issues_count(root, info):
        return None

    resolve_contributors_count = _value("contributors")
    resolve_forks_count = _value("forks")
    resolve_stars_count = _value("stars")
    resolve_open_pull_requests_count = _value("open_pull_requests")
    resolve_unanswered_issues_count = _value("unanswered_issues")
    resolve_unassigned_issues_count = _value("unassigned_issues")
    resolve_recent_releases_count = _value("recent_releases")
    resolve_leaders_count = _value("leaders")
    resolve_last_commit_days = _value("days_since_last_commit")
    resolve_last_commit_days_requirement = _threshold("days_since_last_commit")
    resolve_last_pull_request_days = _value("days_since_last_pull_request")
    resolve_last_pull_request_days_requirement = _threshold("days_since_last_pull_request")
    resolve_last_release_days = _value("days_since_last_release")
    resolve_last_release_days_requirement = _threshold("days_since_last_release")

    def resolve_score(root, info):
        return _fresh(info, root).value(root.score)

    def resolve_checks(root, info):
        return root.checks if _fresh(info, root).known else []

    def resolve_github_synced_at(root, info):
        return _fresh(info, root).synced_at

    def resolve_unknown_reason(root, info):
        return _fresh(info, root).reason or None
