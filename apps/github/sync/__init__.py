"""Sync GitHub data into the github models: one module per resource, ``run.sync_github`` drives a run."""

from apps.github.sync.report import RepositoryOutcome, SyncReport
from apps.github.sync.run import Progress, sync_github

__all__ = ["Progress", "RepositoryOutcome", "SyncReport", "sync_github"]
