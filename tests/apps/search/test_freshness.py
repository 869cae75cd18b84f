"""The index follows the data: publish, unpublish, delete, view restrictions and a GitHub sync, through the
same signals production sends (data_changed after commit, Wagtail's page signals)."""

import pytest
from wagtail.models import PageViewRestriction

from apps.github.sync import sync_github
from apps.search.models import SearchDocument
from apps.search.services import search
from cms.models import ProjectPage
from tests import factories
from tests.fakes.github import ORG, fake_github, github_dataset, make_client

__all__ = ["fake_github", "github_dataset"]

pytestmark = pytest.mark.django_db


def keys(query: str, **options) -> list[str]:
    return [f"{hit.type}:{hit.key}" for hit in search(query, limit=20, **options).hits]


@pytest.fixture
def juice_shop(synced_owasp) -> ProjectPage:
    return ProjectPage.objects.get(owasp_key="www-project-juice-shop")


def test_the_synced_data_is_indexed(synced_owasp):
    indexed = SearchDocument.objects.filter(type="project").count()
    assert indexed == ProjectPage.objects.published().count() > 400


def test_an_editors_published_title_is_what_search_shows(juice_shop, backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        juice_shop.title = "OWASP Pomegranate Emporium"
        juice_shop.save_revision().publish()

    hits = search("pomegranate emporium").hits
    assert [(hit.type, hit.key, hit.title) for hit in hits[:1]] == [
        ("project", "juice-shop", "OWASP Pomegranate Emporium")
    ]


def test_a_draft_is_not_what_search_shows(juice_shop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        juice_shop.title = "OWASP Unpublished Draft Title"
        juice_shop.save_revision()  # not published: the site still shows the live title

    assert "project:juice-shop" not in keys("unpublished draft title")
    assert keys("juice shop")[0] == "project:juice-shop"


def test_an_unpublished_page_disappears(juice_shop, backend, django_capture_on_commit_callbacks):
    assert "project:juice-shop" in keys("juice shop")

    with django_capture_on_commit_callbacks(execute=True):
        juice_shop.unpublish()

    assert "project:juice-shop" not in keys("juice shop")
    assert not SearchDocument.objects.filter(type="project", object_id=juice_shop.pk).exists()


def test_a_deleted_page_disappears(juice_shop, backend, django_capture_on_commit_callbacks):
    pk = juice_shop.pk
    with django_capture_on_commit_callbacks(execute=True):
        juice_shop.delete()

    assert "project:juice-shop" not in keys("juice shop")
    assert not SearchDocument.objects.filter(type="project", object_id=pk).exists()


def test_a_restricted_page_disappears_and_comes_back(juice_shop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=juice_shop, restriction_type="login")
    assert "project:juice-shop" not in keys("juice shop")

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert keys("juice shop")[0] == "project:juice-shop"


def test_a_github_sync_indexes_repositories_issues_and_members(
    synced_owasp, fake_github, backend, django_capture_on_commit_callbacks
):
    from apps.github.models import Issue, Repository

    with django_capture_on_commit_callbacks(execute=True):
        sync_github(ORG, client=make_client(fake_github))

    repository = Repository.objects.filter(organization__login=ORG).order_by("-stars_count").first()
    issue = Issue.objects.offerable().order_by("pk").first()
    assert SearchDocument.objects.filter(type="repository").count() == Repository.objects.present().count()
    assert SearchDocument.objects.filter(type="issue").count() == Issue.objects.offerable().count()
    assert SearchDocument.objects.filter(type="member").exists()
    assert f"repository:{repository.full_name}" in keys(repository.name, types=["repository"])
    found = keys(issue.title, types=["issue"])
    assert f"issue:{issue.repository.full_name}/{issue.number}" in found


def test_a_closed_issue_leaves_the_index(synced_owasp, fake_github, django_capture_on_commit_callbacks):
    from apps.core import changes
    from apps.github.models import Issue

    with django_capture_on_commit_callbacks(execute=True):
        sync_github(ORG, client=make_client(fake_github))
    issue = Issue.objects.offerable().first()
    assert SearchDocument.objects.filter(type="issue", object_id=issue.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Issue.objects.filter(pk=issue.pk).update(state="closed")
        changes.record("issue", [issue.pk], sender=Issue)

    assert not SearchDocument.objects.filter(type="issue", object_id=issue.pk).exists()


def test_a_synonym_edit_reindexes_the_entities(synced_owasp, monkeypatch, django_capture_on_commit_callbacks):
    from apps.search import tasks
    from apps.search.models import Synonym

    # No worker in tests: the task runs in this process, as its fallback does without a broker.
    monkeypatch.setattr(tasks.reindex_task, "delay", lambda kinds: tasks.reindex_task(kinds))
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms=["Pomegranate", "Juice Shop"])

    assert keys("pomegranate")[0] == "project:juice-shop"


def test_reindex_command_rebuilds_and_reports(synced_owasp, capsys):
    from django.core.management import call_command

    SearchDocument.objects.filter(type="chapter").delete()

    call_command("reindex", "--type", "chapter", "--type", "project")

    out = capsys.readouterr().out
    assert "chapter: 602 indexed" in out
    assert SearchDocument.objects.filter(type="chapter").count() == 602
    assert factories.real_projects(limit=1)
