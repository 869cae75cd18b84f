"""A run that crashes or is killed mid-way keeps every repository it finished; the next run resumes."""

import os
import signal
import subprocess
import sys
import time

import pytest

from apps.github.models import Issue, Repository
from apps.github.sync import Progress, RepositoryOutcome
from tests.apps.github.conftest import ORG
from tests.conftest import PROJECT_DIR
from tests.fakes.github import assert_synced


class CrashError(Exception):
    pass


class CrashAfter(Progress):
    """Raises (as a worker dying would end the run) once ``count`` repositories were synced."""

    def __init__(self, count: int):
        self.count = count
        self.synced: list[str] = []

    def update(self, name: str, outcome: str) -> None:
        if outcome == RepositoryOutcome.SYNCED:
            self.synced.append(name)
        if len(self.synced) == self.count:
            raise CrashError(f"crashed after {name}")


def ordered(dataset):
    return sorted(dataset.organizations[ORG].repos.values(), key=lambda repo: repo.full_name.lower())


@pytest.mark.django_db
def test_a_crash_mid_run_keeps_finished_repositories_and_the_next_run_resumes(run_sync, fake_github, github_dataset):
    repos = ordered(github_dataset)
    progress = CrashAfter(3)

    with pytest.raises(CrashError):
        run_sync(progress=progress)

    assert progress.synced == [repo.full_name for repo in repos[:3]]
    assert set(Repository.objects.values_list("id", flat=True)) == {repo.id for repo in repos[:3]}
    for repo in repos[:3]:  # each finished repository is complete, not half-written
        assert Issue.objects.filter(repository_id=repo.id).count() == sum(1 for i in repo.issues if not i.is_pull)
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert report.repositories == {RepositoryOutcome.UNCHANGED: 3, RepositoryOutcome.SYNCED: 5}
    for repo in repos[:3]:
        # No watermark yet (the first run never completed): no edit it missed is skipped, at one request each,
        # its issue listing from its own cursor, and nothing else of it.
        asked = fake_github.requests(f"/repos/{repo.full_name}/")
        assert [(r.target.split("?")[0].rsplit("/", 1)[-1], r.status) for r in asked] == [("issues", 200)]
        assert "since=" in asked[0].target
    assert_synced(github_dataset, ORG)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_killed_sync_github_command_loses_nothing_and_the_next_run_completes(
    run_sync, fake_github, github_dataset, child_env
):
    fake_github.latency = 0.03  # slow motion, so the kill lands mid-run
    env = {**child_env, "GITHUB_API_URL": fake_github.url, "GITHUB_TOKEN": "test-token"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "sync_github", "--org", ORG],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while Repository.objects.count() < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=20)
    finished = Repository.objects.count()
    assert 3 <= finished < 8, "the kill did not land mid-run"
    for repository in Repository.objects.all():
        fake = github_dataset.organizations[ORG].repos[repository.name]
        assert Issue.objects.filter(repository=repository).count() == sum(1 for i in fake.issues if not i.is_pull)
    fake_github.latency = 0

    report = run_sync()

    assert report.ok, report.summary()
    assert report.repositories[RepositoryOutcome.SYNCED] == 8 - finished
    assert_synced(github_dataset, ORG)
