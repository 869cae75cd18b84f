"""What one repository's sync collects before writing it in a single transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.github.models import Label, Milestone, Repository, RepositorySyncState
from apps.github.sync.report import SyncReport
from apps.github.sync.users import UserCollector


@dataclass
class RepositoryContext:
    repository: Repository
    state: RepositorySyncState
    report: SyncReport
    full: bool = False
    users: UserCollector = field(default_factory=UserCollector)
    labels: dict[int, Label] = field(default_factory=dict)  # listed and embedded in issues, by id
    milestones: dict[int, Milestone] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.repository.full_name

    def skip(self, resource: str, key: object, reason: str) -> None:
        self.report.skip(self.name, resource, key, reason)
