"""Community snapshots built from the run's real synced OWASP pages and the recorded PyGithub responses: what is
new in a period (its start included, its end excluded), rebuilding, unknown counts, the queryset API."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django_celery_beat.models import PeriodicTask

from apps.github.models import Issue, Release, Repository, User, UserType
from apps.owasp.models import InvalidOrdering, Snapshot, SnapshotMember, SnapshotStatus
from apps.owasp.models.snapshot import STALE_PROCESSING_MINUTES
from apps.owasp.services.snapshots import build_if_due, build_snapshot, process_due_snapshots, request_build
from cms.models import ChapterPage, ProjectPage
from tests import factories

pytestmark = pytest.mark.django_db

GITHUB_API = "github-api"


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def make_snapshot(start: datetime, end: datetime, key: str | None = None, **fields) -> Snapshot:
    return Snapshot.objects.create(
        key=key or f"s-{factories.next_id()}", title=fields.pop("title", "A period"), start_at=start, end_at=end
    )


def built(start: datetime, end: datetime, **fields) -> Snapshot:
    snapshot = build_snapshot(make_snapshot(start, end, **fields))
    assert snapshot.status == SnapshotStatus.COMPLETED, snapshot.error_message
    return snapshot


def ids(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


def recorded_items(data_dir, name: str) -> list[dict]:
    return json.loads((data_dir / GITHUB_API / name).read_text())


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def listed_created_in(model, first: date, last: date) -> set[int]:
    """The rule, restated in Python over every page: listed, and OWASP created it on a day in [first, last)."""
    return {page.pk for page in model.objects.listed() if page.created_on and first <= page.created_on < last}


def project(key: str) -> ProjectPage:
    return ProjectPage.objects.get(owasp_key=key)


# -- projects and chapters ------------------------------------------------------------------------------------


def test_the_projects_and_chapters_new_in_a_month_are_the_listed_pages_owasp_created_in_it():
    snapshot = built(utc(2025, 2, 1), utc(2025, 3, 1), key="2025-02")

    projects = listed_created_in(ProjectPage, date(2025, 2, 1), date(2025, 3, 1))
    chapters = listed_created_in(ChapterPage, date(2025, 2, 1), date(2025, 3, 1))
    assert projects and chapters, "OWASP's data has projects and chapters created in February 2025"
    assert ids(snapshot.new_projects) == projects
    assert ids(snapshot.new_chapters) == chapters
    assert project("www-project-threat-model-library").pk in projects
    assert (snapshot.new_projects_count, snapshot.new_chapters_count) == (len(projects), len(chapters))
    assert snapshot.built_at is not None and snapshot.owasp_synced_at is not None
    assert snapshot.error_message == ""


def test_a_day_is_in_a_period_when_its_midnight_is_start_included_end_excluded():
    # Both projects were created on 2025-03-01 by OWASP's site data; hactu8 on 2025-03-02.
    first_of_march = {project("www-project-faction").pk, project("www-project-api-security-testing-framework").pk}
    hactu8 = project("www-project-hactu8").pk

    march_first = built(utc(2025, 3, 1), utc(2025, 3, 2))
    february = built(utc(2025, 2, 1), utc(2025, 3, 1))
    from_a_second_past_midnight = built(utc(2025, 3, 1, 0, 0, 1), utc(2025, 3, 3))

    assert first_of_march <= ids(march_first.new_projects)
    assert hactu8 not in ids(march_first.new_projects)
    assert not first_of_march & ids(february.new_projects)
    assert not first_of_march & ids(from_a_second_past_midnight.new_projects)
    assert hactu8 in ids(from_a_second_past_midnight.new_projects)


def test_pages_not_listed_are_never_new_and_a_page_unpublished_later_drops_out_of_the_list():
    faction, pci = project("www-project-faction"), project("www-project-pci-dss-toolkit")
    ProjectPage.objects.filter(pk=faction.pk).update(is_active=False)
    ProjectPage.objects.filter(pk=project("www-project-hactu8").pk).update(live=False)

    snapshot = built(utc(2025, 3, 1), utc(2025, 4, 1))

    new = ids(snapshot.new_projects)
    assert pci.pk in new
    assert faction.pk not in new
    assert project("www-project-hactu8").pk not in new
    ProjectPage.objects.filter(pk=pci.pk).update(live=False)
    assert pci.pk not in ids(snapshot.content("projects"))
    assert len(snapshot.content("projects")) == snapshot.new_projects_count - 1


# -- GitHub ---------------------------------------------------------------------------------------------------


def test_issues_new_in_a_period_are_the_issues_opened_in_it_never_pull_requests(data_dir):
    factories.recorded_github(data_dir)
    payload = recorded_items(data_dir, "issues/06-pygithub-issues-with-prs.json")
    start, end = utc(2024, 8, 15, 1, 26, 41), utc(2024, 9, 4, 15, 10, 3)  # Xiaoven's first issue, ck3mp3r's pull

    snapshot = built(start, end)

    expected = {
        item["id"] for item in payload if not item.get("pull_request") and start <= parse(item["created_at"]) < end
    }
    assert expected
    assert ids(snapshot.new_issues) == expected
    assert snapshot.new_issues_count == len(expected)
    opened_at_start = next(item for item in payload if parse(item["created_at"]) == start)
    assert opened_at_start["id"] in expected
    opened_at_end = next(item for item in payload if parse(item["created_at"]) == utc(2024, 9, 3, 21, 31, 56))
    assert opened_at_end["id"] in ids(
        built(start, parse(opened_at_end["created_at"]) + timedelta(seconds=1)).new_issues
    )
    assert opened_at_end["id"] not in ids(built(start, parse(opened_at_end["created_at"])).new_issues)


def test_members_new_in_a_period_made_their_first_contribution_in_it(data_dir):
    factories.recorded_github(data_dir)
    payload = recorded_items(data_dir, "issues/06-pygithub-issues-with-prs.json")
    start, end = utc(2024, 8, 16), utc(2024, 9, 5)

    snapshot = built(start, end)

    first: dict[str, datetime] = {}
    for item in payload:  # issues and pull requests alike
        login, moment = item["user"]["login"], parse(item["created_at"])
        first[login] = min(first.get(login, moment), moment)
    expected = {login: moment for login, moment in first.items() if start <= moment < end}
    members = {user.login: user.first_contribution_at for user in snapshot.content("members")}
    assert members == expected
    assert snapshot.new_users_count == len(expected)
    # Xiaoven opened an issue in the period (2024-08-19) but their first one before it (2024-08-15).
    assert "Xiaoven" not in members
    xiaoven_issue = next(item for item in payload if item["number"] == 3024)
    assert xiaoven_issue["id"] in ids(snapshot.new_issues)
    # ck3mp3r's first contribution is an issue of 2024-09-03; their pull request of 2024-09-04 counts too.
    assert members["ck3mp3r"] == utc(2024, 9, 3, 21, 31, 56)
    assert "timgates42" in members  # a pull request alone makes a member


def test_a_release_published_is_a_contribution_and_bots_and_organizations_are_never_members(data_dir):
    recorded = factories.recorded_github(data_dir)
    for item in recorded_items(data_dir, "releases/01-pygithub-page1.json"):
        author, _ = User.objects.get_or_create(id=item["author"]["id"], defaults={"login": item["author"]["login"]})
        Release.objects.filter(pk=item["id"]).update(author=author)
    User.objects.filter(login="sfdye").update(type=UserType.BOT)
    User.objects.filter(login="jodelasur").update(type=UserType.ORGANIZATION)

    early_2020 = built(utc(2020, 1, 1), utc(2020, 3, 1))
    spring_2020 = built(utc(2020, 4, 1), utc(2020, 6, 1))
    july_2024 = built(utc(2024, 7, 1), utc(2024, 8, 1))

    assert [user.login for user in early_2020.content("members")] == ["s-t-e-v-e-n-k"]
    assert not list(spring_2020.content("members")), "sfdye is a bot; s-t-e-v-e-n-k released first in February"
    assert "jodelasur" not in {user.login for user in july_2024.content("members")}
    assert "Mahdiar-web" in {user.login for user in july_2024.content("members")}
    assert recorded["repository"].releases.filter(author__login="sfdye").count() == 2


def test_releases_new_in_a_period_were_published_in_it_without_drafts_or_pre_releases(data_dir):
    factories.recorded_github(data_dir)
    payload = {item["tag_name"]: item for item in recorded_items(data_dir, "releases/01-pygithub-page1.json")}
    v155, v1541 = payload["v1.55"], payload["v1.54.0.1"]
    published = parse(v155["published_at"])

    # v1.54.0.1 was tagged (created) at 02:22 and published at 04:07; v1.55 tagged at 04:43, published at 04:44.
    morning = built(utc(2021, 4, 26, 3), utc(2021, 4, 26, 4, 30))
    from_publication = built(published, published + timedelta(seconds=1))
    until_publication = built(published - timedelta(hours=1), published)
    assert ids(morning.new_releases) == {v1541["id"]}
    assert ids(from_publication.new_releases) == {v155["id"]}
    assert ids(until_publication.new_releases) == {v1541["id"]}

    Release.objects.filter(pk=v1541["id"]).update(is_prerelease=True)
    Release.objects.filter(pk=v155["id"]).update(is_draft=True)
    assert built(utc(2021, 4, 1), utc(2021, 5, 1)).new_releases_count == 0
    year_2020 = built(utc(2020, 1, 1), utc(2021, 1, 1))
    assert ids(year_2020.new_releases) == {
        item["id"] for item in payload.values() if item["published_at"].startswith("2020")
    }


def test_issues_and_releases_of_a_repository_github_no_longer_serves_are_left_out(data_dir):
    recorded = factories.recorded_github(data_dir)
    Repository.objects.filter(pk=recorded["repository"].pk).update(is_gone=True)

    snapshot = built(utc(2020, 1, 1), utc(2025, 1, 1))

    assert snapshot.new_issues_count == 0 and snapshot.new_releases_count == 0
    assert snapshot.new_users_count > 0, "their authors still contributed"


def test_without_any_github_sync_the_github_counts_are_unknown_not_zero():
    assert not Repository.objects.exists(), "the run's database holds no GitHub data of its own"

    snapshot = built(utc(2025, 2, 1), utc(2025, 3, 1))

    assert (snapshot.new_issues_count, snapshot.new_releases_count, snapshot.new_users_count) == (None, None, None)
    assert snapshot.github_synced_at is None
    assert "GitHub had not been synced" in snapshot.github_unknown_reason
    assert snapshot.new_projects_count > 0
    assert snapshot.owasp_unknown_reason == ""


# -- building again -------------------------------------------------------------------------------------------


def test_a_rebuild_gives_the_same_content_and_then_follows_the_data(data_dir):
    recorded = factories.recorded_github(data_dir)
    snapshot = built(utc(2024, 7, 1), utc(2024, 10, 1))
    first = {kind: ids(snapshot.content(kind)) for kind in ("projects", "chapters", "issues", "releases", "members")}
    through_rows = SnapshotMember.objects.filter(snapshot=snapshot).count()

    again = build_snapshot(snapshot)

    assert again.status == SnapshotStatus.COMPLETED
    assert {kind: ids(again.content(kind)) for kind in first} == first
    assert SnapshotMember.objects.filter(snapshot=snapshot).count() == through_rows
    assert Snapshot.new_issues.through.objects.filter(snapshot=snapshot).count() == len(first["issues"])
    assert again.counts == snapshot.counts
    assert again.built_at > snapshot.built_at

    newcomer = factories.make_user("newcomer")
    issue = factories.make_issue(recorded["repository"], author=newcomer, created_at=utc(2024, 9, 30, 23, 59))
    removed = recorded["issues"][-1].pk
    assert removed in first["issues"]
    Issue.objects.filter(pk=removed).delete()
    third = build_snapshot(snapshot)
    assert ids(third.new_issues) == (first["issues"] - {removed}) | {issue.pk}
    assert newcomer.pk in ids(third.content("members"))
    assert third.new_issues_count == len(first["issues"])


# -- the queryset API -----------------------------------------------------------------------------------------


def test_completed_lists_only_built_snapshots_newest_first_and_finds_one_by_key(data_dir):
    factories.recorded_github(data_dir)
    older = built(utc(2024, 7, 1), utc(2024, 8, 1), key="july-2024")
    newer = built(utc(2024, 6, 1), utc(2024, 7, 1), key="2024-06")
    pending = make_snapshot(utc(2024, 8, 1), utc(2024, 9, 1), key="2024-08")

    assert list(Snapshot.objects.completed()) == [newer, older]
    assert list(Snapshot.objects.completed().ordered("start_at")) == [newer, older]
    assert list(Snapshot.objects.completed().ordered("-start_at")) == [older, newer]
    assert Snapshot.objects.completed().by_key(" JULY-2024 ").get() == older
    assert Snapshot.objects.completed().by_key("2024-06").get() == newer
    assert Snapshot.objects.by_key("2024-6").count() == 0
    assert not Snapshot.objects.completed().by_key(pending.key).exists()
    with pytest.raises(InvalidOrdering, match="use one of created_at, -created_at"):
        Snapshot.objects.ordered("title")


def test_each_list_is_in_a_total_order_with_related_rows_loaded(data_dir, django_assert_num_queries):
    factories.recorded_github(data_dir)
    snapshot = built(utc(2024, 7, 1), utc(2024, 10, 1))

    issues = list(snapshot.content("issues"))
    assert [issue.created_at for issue in issues] == sorted((issue.created_at for issue in issues), reverse=True)
    oldest_first = list(snapshot.content("issues", "created_at"))
    assert oldest_first == issues[::-1]
    with django_assert_num_queries(1):
        names = [(issue.repository.name, issue.repository.organization.login) for issue in snapshot.content("issues")]
    assert set(names) == {("PyGithub", "PyGithub")}
    members = list(snapshot.content("members"))
    assert [m.first_contribution_at for m in members] == sorted(
        (m.first_contribution_at for m in members), reverse=True
    )
    by_login = [m.pk for m in snapshot.content("members", "login")]
    assert by_login == [m.pk for m in snapshot.content("members", "-login")][::-1]
    assert set(by_login) == {m.pk for m in members}
    projects = list(snapshot.content("projects", "created_at"))
    assert [(p.created_on, p.pk) for p in projects] == sorted((p.created_on, p.pk) for p in projects)
    for kind in ("projects", "chapters", "issues", "releases", "members"):
        for ordering in Snapshot.CONTENT_ORDERINGS[kind]:
            assert len(snapshot.content(kind, ordering)) == snapshot.counts[kind], (kind, ordering)
    with pytest.raises(InvalidOrdering, match="use one of published_at, -published_at, created_at, -created_at"):
        snapshot.content("releases", "-updated_at")


# -- validation -----------------------------------------------------------------------------------------------


def test_a_period_must_end_after_it_starts_keys_are_unique_and_periods_may_overlap():
    make_snapshot(utc(2025, 1, 1), utc(2025, 2, 1), key="2025-01")

    backwards = Snapshot(key="2025-x", title="Backwards", start_at=utc(2025, 2, 1), end_at=utc(2025, 2, 1))
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert error.value.message_dict == {"end_at": ["The period must end after it starts."]}
    taken = Snapshot(key="2025-01", title="Again", start_at=utc(2025, 1, 1), end_at=utc(2025, 2, 1))
    with pytest.raises(ValidationError) as error:
        taken.full_clean()
    assert list(error.value.message_dict) == ["key"]
    for bad_key in ("2025_01", "2025-Q1", "-2025", "2025--01"):
        with pytest.raises(ValidationError) as error:
            Snapshot(key=bad_key, title="Bad", start_at=utc(2025, 1, 1), end_at=utc(2025, 2, 1)).full_clean()
        assert "key" in error.value.message_dict, bad_key
    overlapping = Snapshot(key="2025-q1", title="Q1", start_at=utc(2025, 1, 1), end_at=utc(2025, 4, 1))
    overlapping.full_clean()
    overlapping.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Snapshot.objects.create(key="backwards", title="Backwards", start_at=utc(2025, 2, 1), end_at=utc(2025, 1, 1))


# -- processing -----------------------------------------------------------------------------------------------


def test_processing_builds_pending_and_abandoned_snapshots_only(data_dir):
    factories.recorded_github(data_dir)
    pending = make_snapshot(utc(2024, 7, 1), utc(2024, 8, 1))
    abandoned = make_snapshot(utc(2024, 8, 1), utc(2024, 9, 1))
    busy = make_snapshot(utc(2024, 9, 1), utc(2024, 10, 1))
    done = built(utc(2024, 6, 1), utc(2024, 7, 1))
    long_ago = abandoned.updated_at - timedelta(minutes=STALE_PROCESSING_MINUTES + 1)
    Snapshot.objects.filter(pk=abandoned.pk).update(status=SnapshotStatus.PROCESSING, updated_at=long_ago)
    Snapshot.objects.filter(pk=busy.pk).update(status=SnapshotStatus.PROCESSING)

    processed = process_due_snapshots()

    assert [snapshot.pk for snapshot in processed] == [abandoned.pk, pending.pk]
    assert all(snapshot.status == SnapshotStatus.COMPLETED for snapshot in processed)
    assert Snapshot.objects.get(pk=busy.pk).status == SnapshotStatus.PROCESSING
    assert build_if_due(done.pk) is None
    assert Snapshot.objects.get(pk=done.pk).built_at == done.built_at
    assert build_if_due(request_build(done).pk).built_at > done.built_at


def test_the_process_snapshots_command_builds_due_ones_and_rebuilds_named_ones(data_dir, capsys):
    factories.recorded_github(data_dir)
    pending = make_snapshot(utc(2024, 7, 1), utc(2024, 8, 1), key="2024-07")

    call_command("process_snapshots")

    out = capsys.readouterr().out
    pending.refresh_from_db()
    assert pending.status == SnapshotStatus.COMPLETED
    assert f"1 of 1: 2024-07: completed ({pending.new_projects_count} projects," in out
    assert "Snapshots: 1 built, 0 failed." in out
    call_command("process_snapshots", "--key", "2024-07")
    assert Snapshot.objects.get(pk=pending.pk).built_at > pending.built_at
    with pytest.raises(CommandError, match="no snapshot with key 2031-01"):
        call_command("process_snapshots", "--key", "2031-01")


def test_beat_builds_due_snapshots_every_ten_minutes():
    task = PeriodicTask.objects.get(name="OWASP snapshots")

    assert task.task == "owasp.snapshots.process"
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (10, "minutes")
