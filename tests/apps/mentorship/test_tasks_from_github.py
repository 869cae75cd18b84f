"""Tasks from labelled issues as the real GitHub sync stores them: a small organization served by the local fake
GitHub (devtools.fake_github), one of whose repositories a module's project links, synced, then synced again
after GitHub closed the issue."""

import pytest

from apps.github.models import Issue, Repository
from apps.mentorship.models import Task, TaskStatus
from apps.mentorship.services import tasks
from cms.models import ProjectLink
from devtools.fake_github import Dataset, FakeGitHub, generate_organization
from devtools.fake_github.dataset import FakeLabel
from tests.fakes.github import sync_from

pytestmark = pytest.mark.django_db

ORG = "scanner-lab"  # an organization an OWASP project lives in besides OWASP's (as ZAP's, Juice Shop's)


class Upstream:
    """The fake GitHub's data: the project's repository and one its pages do not link, each with labelled issues."""

    def __init__(self) -> None:
        self.dataset = Dataset()
        org = generate_organization(
            self.dataset, ORG, names=["scanner-rules", "elsewhere"], issues=0, pulls=0, releases=0, commits=0
        )
        self.repo, self.elsewhere = org.repos["scanner-rules"], org.repos["elsewhere"]
        self.author = next(iter(self.dataset.users))
        self.gsoc = self.label(self.repo, "GSoC")  # label names compare case-insensitively, as on GitHub
        bug = self.label(self.repo, "bug")
        self.task_issue = self.issue(self.repo, "Add rules for Flask", self.gsoc)
        self.issue(self.repo, "Crash on empty files", bug)  # not the module's label
        self.issue(self.repo, "Unlabelled idea")
        self.issue(self.elsewhere, "Not this project's", self.label(self.elsewhere, "gsoc"))
        self.closed_before = self.issue(self.repo, "Done long ago", self.gsoc)
        self.dataset.update_issue(self.repo, self.closed_before.number, state="closed")

    def label(self, repo, name: str) -> int:
        label_id = self.dataset.new_id()
        repo.labels[label_id] = FakeLabel(label_id, name, "ededed")
        return label_id

    def issue(self, repo, title: str, *labels: int):
        return self.dataset.add_issue(repo, author=self.author, title=title, labels=labels)


def sync(fake: FakeGitHub):
    report = sync_from(fake, ORG)
    assert report.ok, report.summary()
    return report


def test_tasks_come_from_the_synced_labelled_issue_and_follow_it_when_github_closes_it(world):
    upstream = Upstream()
    ProjectLink.objects.create(
        page=world.project, url=f"https://github.com/{ORG}/scanner-rules", kind="repository", sort_order=99
    )

    with FakeGitHub(upstream.dataset) as fake:
        sync(fake)
        repository = Repository.objects.get(full_name=f"{ORG}/scanner-rules")
        assert repository.project_id == world.project.pk  # the sync linked it to the module's project
        assert Repository.objects.get(full_name=f"{ORG}/elsewhere").project_id is None
        assert Issue.objects.filter(repository__organization__login=ORG).count() == 5

        report = tasks.refresh_tasks([world.module])

        assert report.created == 1
        task = Task.objects.get(module=world.module)
        assert (task.issue_id, task.status) == (upstream.task_issue.id, TaskStatus.TODO)
        assert task.issue.title == "Add rules for Flask"
        assert not Task.objects.filter(issue_id=upstream.closed_before.id).exists()  # closed: no new task

        upstream.dataset.update_issue(upstream.repo, upstream.task_issue.number, state="closed")
        sync(fake)

    assert Issue.objects.get(pk=upstream.task_issue.id).state == "closed"
    report = tasks.refresh_tasks([world.module])
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert (report.created, report.updated) == (0, 1)
    assert report.changes == [{"task": task.pk, "from": TaskStatus.TODO, "to": TaskStatus.COMPLETED}]
