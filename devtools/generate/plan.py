"""How many rows of each kind a generated database holds: OWASP's size (1x) times the scale."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# OWASP at 1x, rounded from its site data and GitHub organization; benchmarks run at 10x, the size to plan for.
BASE = {
    "projects": 400,
    "chapters": 600,
    "committees": 4,
    "events": 30,
    "leaders": 1_500,
    "sponsors": 84,
    "organizations": 5,
    "users": 20_000,
    "repositories": 2_000,
    "issues": 100_000,
    "pull_requests": 30_000,
    "releases": 6_000,
    "milestones": 800,
    "contributors": 25_000,
    "commits": 100_000,
}


@dataclass(frozen=True)
class Plan:
    projects: int
    chapters: int
    committees: int
    events: int
    leaders: int
    sponsors: int
    organizations: int
    users: int
    repositories: int
    issues: int
    pull_requests: int
    releases: int
    milestones: int
    contributors: int
    commits: int

    @property
    def site_repositories(self) -> int:
        """One www-* repository per project, chapter and committee."""
        return self.projects + self.chapters + self.committees

    @property
    def code_repositories(self) -> int:
        return max(self.repositories - self.site_repositories, 0)

    def as_dict(self) -> dict:
        return asdict(self)


def plan_for(scale: float) -> Plan:
    """Row counts at ``scale`` times OWASP's size (at least one of each, so a tiny scale still has data).

    At small scales the repositories are at least one www-* repository per page plus one code repository.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    counts = {name: max(1, round(size * scale)) for name, size in BASE.items()}
    site = counts["projects"] + counts["chapters"] + counts["committees"]
    counts["repositories"] = max(counts["repositories"], site + 1)
    counts["users"] = max(counts["users"], 10)
    return Plan(**counts)
