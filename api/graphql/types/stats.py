"""The site's figures: OWASP Nest's ``StatsNode`` (exact counts, null while unknown)."""

import graphene


class StatsType(graphene.ObjectType):
    active_projects_stats = graphene.Int(required=True)
    active_chapters_stats = graphene.Int(required=True)
    countries_stats = graphene.Int(required=True, description="Countries the listed chapters are in.")
    contributors_stats = graphene.Int(description="GitHub accounts; null while GitHub was never synced.")
    open_issues_stats = graphene.Int(description="Open issues of the projects; null while GitHub was never synced.")
    slack_workspace_stats = graphene.Int(description="Slack is not synced: always null (unknown).")
    github_synced_at = graphene.DateTime(
        description="How fresh the GitHub figures are: the last GitHub sync; null while never synced (ours)."
    )

    class Meta:
        name = "StatsNode"

    def resolve_active_projects_stats(root, info):
        return root["projects"]

    def resolve_active_chapters_stats(root, info):
        return root["chapters"]

    def resolve_countries_stats(root, info):
        return root["countries"]

    def resolve_contributors_stats(root, info):
        return root["contributors"]

    def resolve_open_issues_stats(root, info):
        return root["open_issues"]

    def resolve_slack_workspace_stats(root, info):
        return None

    def resolve_github_synced_at(root, info):
        return root.get("github_synced_at")
