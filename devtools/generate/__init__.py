"""``generate_data``: fill a database with realistic generated data at N times OWASP's size, for benchmarks.

Pages (projects, chapters, committees, events, with leaders, links and sponsors) and GitHub rows
(organizations, users, repositories, labels, milestones, contributors, issues, pull requests, releases,
commits), then what the daily services derive from them (leader matches, project figures, today's health
and a synthetic health history). Everything is written in one transaction: a failed run leaves nothing.

It refuses a database that already holds OWASP pages or GitHub repositories (synced or generated) unless
``force`` is given; forced, it adds its rows beside them (slugs and keys get a suffix, ids start above the
highest ones).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from apps.github.models import (
    Commit,
    HealthThreshold,
    Issue,
    Label,
    LeaderGitHubMatch,
    Milestone,
    Organization,
    ProjectFigures,
    ProjectHealthRecord,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    RepositorySyncState,
    User,
)
from apps.github.services.figures import refresh_project_figures
from apps.github.services.health import record_project_health
from apps.github.services.leaders import match_leaders
from cms.models import ChapterPage, CommitteePage, EventPage, Leader, OwaspPage, ProjectLink, ProjectPage, Sponsor
from devtools.generate.bulk import analyze, check_foreign_keys, foreign_key_triggers_off
from devtools.generate.github import GitHubGenerator
from devtools.generate.health_history import generate_health_history
from devtools.generate.owasp import OwaspGenerator
from devtools.generate.plan import Plan, plan_for
from devtools.randomness import Vocabulary

logger = logging.getLogger(__name__)

SOURCE = "generate_data"

# Every table the load writes (foreign keys checked and statistics refreshed after it).
LOADED_MODELS = (
    User, Organization, Repository, Label, Milestone, RepositoryContributor, Issue, Issue.assignees.through,
    Issue.labels.through, PullRequest, PullRequest.assignees.through, Release, Commit,
    Page, OwaspPage, ProjectPage, ChapterPage, CommitteePage, EventPage, Leader, ProjectLink, Sponsor,
)  # fmt: skip

# stage name, rows expected -> a callable advanced by the rows written
ProgressFactory = Callable[[str, int], Callable[[int], None]]


class DatabaseNotEmpty(Exception):  # noqa: N818 - names the situation
    """The database already holds pages or repositories; ``force`` is needed to add generated data."""


def existing_data() -> dict[str, int]:
    """What the database holds already: OWASP pages and GitHub repositories, synced or generated."""
    pages = OwaspPage.objects.all()
    return {
        "pages": pages.count(),
        "generated_pages": pages.filter(sync_source__startswith=SOURCE).count(),
        "synced_pages": pages.filter(last_synced_at__isnull=False).count(),
        "repositories": Repository.objects.count(),
        "synced_repositories": RepositorySyncState.objects.count(),
        "synced_organizations": Organization.objects.filter(last_synced_at__isnull=False).count(),
    }


@dataclass
class GenerateReport:
    scale: float
    seed: int
    plan: Plan
    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)  # stage -> seconds

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    def as_dict(self) -> dict:
        return {
            "scale": self.scale,
            "seed": self.seed,
            "plan": self.plan.as_dict(),
            "counts": self.counts,
            "timings": {stage: round(seconds, 2) for stage, seconds in self.timings.items()},
            "seconds": round(self.seconds, 2),
        }


def _no_progress(stage: str, total: int) -> Callable[[int], None]:
    return lambda rows: None


def generate_data(
    *,
    scale: float = 10.0,
    seed: int = 42,
    force: bool = False,
    health_days: int = 30,
    search_index: bool = True,
    progress: ProgressFactory | None = None,
) -> GenerateReport:
    """Generate ``scale`` times OWASP's data (see the module doc); returns counts and time per stage."""
    plan = plan_for(scale)
    progress = progress or _no_progress
    existing = existing_data()
    if (existing["pages"] or existing["repositories"]) and not force:
        raise DatabaseNotEmpty(
            "The database already holds "
            f"{existing['pages']} OWASP pages ({existing['synced_pages']} synced, "
            f"{existing['generated_pages']} generated) and {existing['repositories']} GitHub repositories "
            f"({existing['synced_repositories']} synced). Use an empty database, or --force to add generated "
            "data beside them."
        )
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    now = timezone.now().replace(microsecond=0)
    report = GenerateReport(scale=scale, seed=seed, plan=plan)

    @contextmanager
    def stage(name: str):
        started = time.perf_counter()
        yield
        report.timings[name] = report.timings.get(name, 0.0) + time.perf_counter() - started
        logger.info("generate_data: %s took %.1f s", name, report.timings[name])

    with transaction.atomic():
        with connection.cursor() as cursor:  # index rebuilds after each bulk load
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        vocab = Vocabulary(rng)
        suffix = f"-g{rng.randint(1000, 9999)}" if existing["pages"] else ""
        owasp = OwaspGenerator(rng, vocab, now, source=f"{SOURCE} (scale {scale:g}, seed {seed})", suffix=suffix)
        github = GitHubGenerator(rng, vocab, now, plan, progress)
        with foreign_key_triggers_off() as triggers_off:
            _load(report, stage, plan, progress, owasp, github, seed)
        if triggers_off:
            with stage("foreign keys"):
                for model in LOADED_MODELS:
                    check_foreign_keys(model)
        with stage("analyze"):
            analyze(*LOADED_MODELS)
        with stage("leader matches"):
            report.counts["leader_matches"] = match_leaders().created
        with stage("figures"):
            report.counts["project_figures"] = refresh_project_figures().projects
        with stage("health"):
            if not HealthThreshold.objects.exists():
                raise RuntimeError("no health thresholds: run the github migrations first")
            report.counts["health_records_today"] = record_project_health(on=now.date()).written
            report.counts["health_records_history"] = generate_health_history(
                health_days, rng, on=now.date(), progress=progress("health history", health_days * plan.projects)
            )
            analyze(ProjectFigures, ProjectHealthRecord, LeaderGitHubMatch)
        if search_index:
            with stage("search index"):
                report.counts["search_index_entries"] = index_for_search(owasp.source, progress)
    return report


def index_for_search(source: str, progress: ProgressFactory, *, chunk_size: int = 1000) -> int:
    """Add the generated pages and sponsors to Wagtail's search index (the site's search and type-ahead),
    as publishing them would have, in chunks."""
    backend = get_search_backend()
    models = (ProjectPage, ChapterPage, CommitteePage, EventPage, Sponsor)
    querysets = [model.objects.filter(sync_source=source).order_by("pk") for model in models]
    advance = progress("search index", sum(queryset.count() for queryset in querysets))
    indexed = 0
    for model, queryset in zip(models, querysets, strict=True):
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), chunk_size):
            chunk = list(model.objects.filter(pk__in=ids[start : start + chunk_size]))
            backend.add_bulk(model, chunk)
            indexed += len(chunk)
            advance(len(chunk))
    return indexed


def _load(report: GenerateReport, stage, plan: Plan, progress: ProgressFactory, owasp, github, seed: int) -> None:
    """Write every generated row: users, pages (repositories link to them), then the GitHub rows."""
    with stage("users"):
        users = github.generate_users()
    with stage("pages"):
        pages_progress = progress("pages", plan.projects + plan.chapters + plan.committees + plan.events)
        projects = owasp.projects(plan.projects, pages_progress)
        chapters = owasp.chapters(plan.chapters, pages_progress)
        committees = owasp.committees(plan.committees, pages_progress)
        events = owasp.events(plan.events, pages_progress)
        pages = projects + chapters + committees + events
        report.counts.update(
            projects=len(projects), chapters=len(chapters), committees=len(committees), events=len(events)
        )
        report.counts["leaders"] = owasp.leaders(plan.leaders, pages, users)
        report.counts["sponsors"] = owasp.sponsors(plan.sponsors)
    with stage("repositories"):
        github.plan_repositories(pages)
        links = github.write_repositories()
        report.counts["project_links"] = owasp.project_links(links)
    with stage("issues"):
        github.write_issues()
    with stage("pull requests"):
        github.write_pull_requests()
    with stage("releases"):
        github.write_releases()
    with stage("commits"):
        github.write_commits(seed)
    report.counts.update(github.counts)
