"""GitHub data: one model per module, re-exported here."""

from apps.github.models.commit import Commit
from apps.github.models.common import IssueState
from apps.github.models.contributor import RepositoryContributor
from apps.github.models.health import HealthThreshold, ProjectHealthRecord
from apps.github.models.issue import Issue
from apps.github.models.label import Label
from apps.github.models.leader_match import LeaderGitHubMatch, MatchMethod
from apps.github.models.milestone import Milestone
from apps.github.models.organization import Organization
from apps.github.models.project_figures import ProjectFigures
from apps.github.models.pull_request import PullRequest
from apps.github.models.release import Release
from apps.github.models.repository import Repository
from apps.github.models.sync_state import RepositorySyncState
from apps.github.models.user import User, UserType

__all__ = [
    "Commit",
    "HealthThreshold",
    "Issue",
    "IssueState",
    "Label",
    "LeaderGitHubMatch",
    "MatchMethod",
    "Milestone",
    "Organization",
    "ProjectFigures",
    "ProjectHealthRecord",
    "PullRequest",
    "Release",
    "Repository",
    "RepositoryContributor",
    "RepositorySyncState",
    "User",
    "UserType",
]
