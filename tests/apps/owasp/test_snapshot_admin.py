"""Snapshots in the Wagtail admin, through its real views: creating one queues its build, Rebuild builds it again,
changing its period rebuilds it, the listing shows status and counts. Celery runs eagerly here (the task is
executed in the test's process when the request's transaction commits); tests/browser runs a real worker."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, Permission

from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import build_snapshot
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/cms/snippets/owasp/snapshot/"


@pytest.fixture
def eager_celery():
    from nest.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def form(**fields) -> dict:
    defaults = {"key": "2025-02", "title": "February 2025", "start_at": "2025-02-01 00:00"}
    return defaults | {"end_at": "2025-03-01 00:00"} | fields


def test_creating_a_snapshot_queues_its_build(staff, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"{LIST}add/", form())

    assert response.status_code == 302, response.content.decode()[:3000]
    snapshot = Snapshot.objects.get(key="2025-02")
    assert (snapshot.start_at, snapshot.end_at) == (utc(2025, 2, 1), utc(2025, 3, 1))
    assert snapshot.status == SnapshotStatus.COMPLETED, snapshot.error_message
    same = Snapshot.objects.create(key="same", title="Same", start_at=utc(2025, 2, 1), end_at=utc(2025, 3, 1))
    expected = build_snapshot(same)
    assert snapshot.counts == expected.counts
    assert snapshot.new_chapters_count > 0
    followed = staff.get(response["Location"])
    assert "Snapshot &#x27;February 2025 (2025-02)&#x27; created: its build is queued." in followed.content.decode()


def test_a_period_that_does_not_end_after_it_starts_is_refused_on_its_end(staff, eager_celery):
    response = staff.post(f"{LIST}add/", form(end_at="2025-02-01 00:00"))

    assert response.status_code == 200
    assert "The period must end after it starts." in response.content.decode()
    assert not Snapshot.objects.exists()
    taken = staff.post(f"{LIST}add/", form(key="Feb 2025"))
    assert "Use lower-case letters, digits and single hyphens, e.g. 2025-02." in taken.content.decode()


def test_the_listing_shows_each_snapshots_status_and_counts(staff, data_dir):
    factories.recorded_github(data_dir)
    done = build_snapshot(
        Snapshot.objects.create(key="2024-q3", title="Q3 2024", start_at=utc(2024, 7, 1), end_at=utc(2024, 10, 1))
    )
    Snapshot.objects.create(key="2024-q4", title="Q4 2024", start_at=utc(2024, 10, 1), end_at=utc(2025, 1, 1))
    failed = Snapshot.objects.create(key="2025-q1", title="Q1 2025", start_at=utc(2025, 1, 1), end_at=utc(2025, 4, 1))
    Snapshot.objects.filter(pk=failed.pk).update(status=SnapshotStatus.ERROR, error_message="OperationalError: boom")

    html = staff.get(LIST).content.decode()

    for text in ("Q3 2024", "Q4 2024", "Q1 2025", "Completed", "Pending", "Error", "OperationalError: boom"):
        assert text in html, text
    row = html[html.index("Q3 2024") : html.index("</tr>", html.index("Q3 2024"))]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    counts = [str(count) for count in done.counts.values()]
    assert any(cells[i : i + 5] == counts for i in range(len(cells))), (counts, cells)
    assert f"{LIST}rebuild/{done.pk}/" in html
    assert "Completed" in staff.get(f"{LIST}?status=completed").content.decode()
    assert "Q4 2024" not in staff.get(f"{LIST}?status=completed").content.decode()


def test_rebuild_asks_first_then_builds_it_again(staff, eager_celery, data_dir, django_capture_on_commit_callbacks):
    factories.recorded_github(data_dir)
    snapshot = build_snapshot(
        Snapshot.objects.create(key="2024-q3", title="Q3 2024", start_at=utc(2024, 7, 1), end_at=utc(2024, 10, 1))
    )
    url = f"{LIST}rebuild/{snapshot.pk}/"

    confirm = staff.get(url)
    assert confirm.status_code == 200
    assert "Yes, rebuild" in confirm.content.decode()
    assert Snapshot.objects.get(pk=snapshot.pk).built_at == snapshot.built_at

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url)

    assert response.status_code == 302
    assert response["Location"] == LIST
    rebuilt = Snapshot.objects.get(pk=snapshot.pk)
    assert rebuilt.status == SnapshotStatus.COMPLETED
    assert rebuilt.built_at > snapshot.built_at
    assert rebuilt.counts == snapshot.counts
    assert staff.post(f"{LIST}rebuild/999999/").status_code == 404


def test_changing_the_period_rebuilds_it_and_changing_the_title_does_not(
    staff, eager_celery, data_dir, django_capture_on_commit_callbacks
):
    factories.recorded_github(data_dir)
    snapshot = build_snapshot(
        Snapshot.objects.create(key="2024-q3", title="Q3 2024", start_at=utc(2024, 7, 1), end_at=utc(2024, 10, 1))
    )
    edit = f"{LIST}edit/{snapshot.pk}/"
    fields = form(key="2024-q3", title="Q3 2024", start_at="2024-07-01 00:00", end_at="2024-10-01 00:00")

    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(edit, fields | {"title": "Summer 2024"}).status_code == 302
    renamed = Snapshot.objects.get(pk=snapshot.pk)
    assert (renamed.title, renamed.built_at) == ("Summer 2024", snapshot.built_at)

    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(edit, fields | {"end_at": "2024-08-01 00:00"}).status_code == 302
    shorter = Snapshot.objects.get(pk=snapshot.pk)
    assert shorter.status == SnapshotStatus.COMPLETED
    assert shorter.built_at > snapshot.built_at
    assert shorter.new_issues_count < snapshot.new_issues_count


def test_rebuilding_needs_the_right_to_change_snapshots(client, django_user_model, data_dir):
    snapshot = Snapshot.objects.create(key="2024-q3", title="Q3", start_at=utc(2024, 7, 1), end_at=utc(2024, 10, 1))
    editors = Group.objects.create(name="Snapshot viewers")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_snapshot")
    )
    viewer = django_user_model.objects.create_user("viewer", "viewer@example.org", "pw")
    viewer.groups.add(editors)
    client.force_login(viewer)

    assert client.get(LIST).status_code == 200
    assert f"{LIST}rebuild/{snapshot.pk}/" not in client.get(LIST).content.decode()
    response = client.post(f"{LIST}rebuild/{snapshot.pk}/")
    assert response.status_code in (302, 403)
    assert Snapshot.objects.get(pk=snapshot.pk).updated_at == snapshot.updated_at
