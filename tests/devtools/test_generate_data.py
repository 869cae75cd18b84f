"""The generator at a small scale: the asked volumes, realistic shapes, pages Wagtail serves, and its guard."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.db.models import F
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from apps.github.models import (
    Commit,
    Issue,
    Label,
    LeaderGitHubMatch,
    Milestone,
    ProjectFigures,
    ProjectHealthRecord,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    User,
)
from cms.models import ChapterPage, CommitteePage, EventPage, Leader, ProjectIndexPage, ProjectPage, Sponsor
from devtools.generate import DatabaseNotEmpty, generate_data
from devtools.generate.bulk import check_foreign_keys, foreign_key_triggers_off, plain_indexes
from devtools.generate.plan import plan_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]

SCALE = 0.01


def test_the_plan_is_owasps_size_times_the_scale():
    ten = plan_for(10)
    assert (ten.chapters, ten.projects, ten.repositories, ten.issues, ten.users) == (
        6_000,
        4_000,
        20_000,
        1_000_000,
        200_000,
    )
    small = plan_for(SCALE)
    assert (small.projects, small.chapters, small.committees, small.repositories, small.issues) == (4, 6, 1, 20, 1000)
    assert small.code_repositories == 20 - 4 - 6 - 1
    with pytest.raises(ValueError, match="positive"):
        plan_for(0)


@pytest.fixture
def generated():
    return generate_data(scale=SCALE, seed=7, health_days=3)


def test_generates_the_asked_volumes(generated):
    plan = plan_for(SCALE)
    actual = {
        "projects": ProjectPage.objects.count(),
        "chapters": ChapterPage.objects.count(),
        "committees": CommitteePage.objects.count(),
        "events": EventPage.objects.count(),
        "leaders": Leader.objects.count(),
        "sponsors": Sponsor.objects.count(),
        "users": User.objects.count(),
        "repositories": Repository.objects.count(),
        "issues": Issue.objects.count(),
        "pull_requests": PullRequest.objects.count(),
        "releases": Release.objects.count(),
        "milestones": Milestone.objects.count(),
        "contributors": RepositoryContributor.objects.count(),
        "commits": Commit.objects.count(),
    }
    assert actual == {name: getattr(plan, name) for name in actual}
    assert Label.objects.count() == 9 * plan.code_repositories
    assert {name: generated.counts[name] for name in actual} == actual
    assert generated.counts["issue_assignees"] == Issue.assignees.through.objects.count() > 0


def test_generated_rows_are_linked_and_shaped_like_owasps(generated):
    for project in ProjectPage.objects.all():
        site = Repository.objects.get(name=f"www-project-{project.slug}")
        assert (site.project_id, site.owasp_page_id) == (project.pk, project.pk)
    for chapter in ChapterPage.objects.all():
        assert Repository.objects.get(name=f"www-chapter-{chapter.slug}").owasp_page_id == chapter.pk
    assert not Repository.objects.filter(name__startswith="www-", owasp_page__isnull=True).exists()
    assert not Repository.objects.exclude(name__startswith="www-").filter(project__isnull=True).exists()

    issues = Issue.objects.all()
    open_share = issues.filter(state="open").count() / issues.count()
    assert 0.2 < open_share < 0.45
    open_assigned = issues.filter(state="open", assignee__isnull=False).count() / issues.filter(state="open").count()
    closed_assigned = (
        issues.filter(state="closed", assignee__isnull=False).count() / issues.filter(state="closed").count()
    )
    assert 0.15 < open_assigned < 0.35 and 0.5 < closed_assigned < 0.7
    counts = sorted((repo.issues.count() for repo in Repository.objects.exclude(name__startswith="www-")), reverse=True)
    assert counts[0] > 3 * counts[len(counts) // 2]  # Zipf: the top repository dwarfs the median one
    assert Repository.objects.exclude(language="").values("language").distinct().count() <= 16
    assert not Issue.objects.filter(closed_at__lt=F("created_at")).exists()


def test_derived_rows_come_from_the_real_services(generated):
    plan = plan_for(SCALE)
    active = ProjectPage.objects.filter(is_active=True).count()
    assert ProjectFigures.objects.count() == plan.projects
    assert ProjectHealthRecord.objects.filter(date=generated_today()).count() == active
    assert ProjectHealthRecord.objects.count() == active * 4  # today and 3 days of history
    assert LeaderGitHubMatch.objects.count() == generated.counts["leader_matches"] > 0
    figures = ProjectFigures.objects.order_by("-stars_count").first()
    assert figures.stars_count == sum(
        Repository.objects.filter(project_id=figures.project_id, is_gone=False).values_list("stars_count", flat=True)
    )


def generated_today():
    return ProjectHealthRecord.objects.order_by("-date").values_list("date", flat=True).first()


def test_wagtail_serves_the_generated_pages(generated, client):
    assert Page.find_problems() == ([], [], [], [], [])
    for model in (ProjectPage, ChapterPage, CommitteePage, EventPage):
        page = model.objects.order_by("?").first()
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    index = ProjectIndexPage.objects.get()
    assert index.get_children().count() == ProjectPage.objects.count()
    assert client.get(index.url).status_code == 200


def test_refuses_a_database_with_data_unless_forced(generated):
    before = Repository.objects.count()
    with pytest.raises(DatabaseNotEmpty, match="already holds"):
        generate_data(scale=SCALE, seed=8, health_days=0)
    assert Repository.objects.count() == before

    generate_data(scale=SCALE, seed=8, health_days=0, force=True)
    assert Repository.objects.count() == 2 * before
    assert ProjectPage.objects.count() == 2 * plan_for(SCALE).projects
    assert Page.find_problems() == ([], [], [], [], [])


def test_indexes_are_rebuilt_under_their_own_names():
    before = plain_indexes(Issue._meta.db_table)
    generate_data(scale=SCALE, seed=9, health_days=0)
    assert plain_indexes(Issue._meta.db_table) == before
    assert len(before) >= 5


def test_a_dangling_reference_is_caught_when_per_row_checks_are_off():
    with foreign_key_triggers_off() as off:
        assert off  # the test cluster's user is a superuser
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Commit._meta.db_table} (repository_id, sha, author_name, authored_at, message,"
                " synced_at) VALUES (424242, 'abc', '', now(), '', now())"
            )
    with pytest.raises(IntegrityError, match="repository_id name no Repository"):
        check_foreign_keys(Commit)
    Commit.objects.filter(sha="abc").delete()


def test_the_command_prints_a_summary_and_keeps_its_guard():
    out = StringIO()
    call_command("generate_data", scale=SCALE, seed=3, health_days=1, stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "Generated scale 0.01 (seed 3)" in text
    assert "issues" in text and "1,000" in text and "Done." in text
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_data", scale=SCALE, stdout=StringIO(), stderr=StringIO())


def test_generated_pages_are_in_the_search_index(generated):
    project = ProjectPage.objects.order_by("pk").first()
    word = project.title.split()[-1]
    found = get_search_backend().autocomplete(word, ProjectPage.objects.live())
    assert project.pk in [page.pk for page in found]
    assert generated.counts["search_index_entries"] == sum(
        generated.counts[name] for name in ("projects", "chapters", "committees", "events", "sponsors")
    )
