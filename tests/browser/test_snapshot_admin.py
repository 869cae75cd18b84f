"""Staff create a community snapshot through the real Wagtail admin form in Chromium; a real Celery worker (on
the real Redis, this run's own queue) builds it; the listing then shows it completed with its counts, and the
Rebuild action builds it again."""

import re
import time

import pytest

from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import build_snapshot
from tests import factories
from tests.apps.core.conftest import celery_worker_process, worker_env

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["celery_worker_process", "worker_env"]

PASSWORD = "editor-password"
LIST = "/cms/snippets/owasp/snapshot/"


@pytest.fixture
def signed_in(page, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto("/cms/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cms/")
    return page


def wait_for(condition, worker, seconds: float = 120):
    """Poll the database until the worker has done its part."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        assert worker.poll() is None, "the worker died: " + worker.log.read_text()[-3000:]
        time.sleep(0.5)
    raise AssertionError("the worker did not build the snapshot in time: " + worker.log.read_text()[-3000:])


def row_cells(tab, title: str) -> list[str]:
    row = tab.locator("tr", has_text=title)
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_a_snapshot_created_in_the_admin_is_built_by_a_worker_and_can_be_rebuilt(
    signed_in, data_dir, celery_worker_process, screenshot
):
    factories.recorded_github(data_dir)
    tab = signed_in

    tab.goto(f"{LIST}add/")
    tab.fill("#id_key", "2024-q3")
    tab.fill("#id_title", "Third quarter 2024")
    tab.fill("#id_start_at", "2024-07-01 00:00")
    tab.fill("#id_end_at", "2024-10-01 00:00")
    tab.keyboard.press("Escape")  # close the date picker
    tab.locator("form[method=post]").filter(has=tab.locator("#id_key")).evaluate("form => form.requestSubmit()")
    tab.wait_for_url(f"**{LIST}")
    assert "Snapshot 'Third quarter 2024 (2024-q3)' created: its build is queued." in tab.content().replace(
        "&#x27;", "'"
    )

    snapshot = wait_for(
        lambda: Snapshot.objects.filter(key="2024-q3", status=SnapshotStatus.COMPLETED).first(), celery_worker_process
    )
    same = Snapshot.objects.create(key="same", title="Same", start_at=snapshot.start_at, end_at=snapshot.end_at)
    expected = build_snapshot(same)
    assert snapshot.counts == expected.counts
    assert snapshot.new_issues_count > 0 and snapshot.new_users_count > 0

    tab.goto(f"{LIST}?q=third")
    cells = row_cells(tab, "Third quarter 2024")
    assert "completed" in [cell.lower() for cell in cells]  # the status tag is styled in capitals
    counts = [str(count) for count in snapshot.counts.values()]
    assert any(cells[i : i + 5] == counts for i in range(len(cells))), (counts, cells)
    screenshot(tab, "snapshot-admin-listing")

    row = tab.locator("tr", has_text="Third quarter 2024")
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Rebuild").click()
    tab.wait_for_url(f"**{LIST}rebuild/{snapshot.pk}/")
    tab.get_by_role("button", name="Yes, rebuild").click()
    tab.wait_for_url(f"**{LIST}")
    assert "rebuild queued" in tab.content()

    rebuilt = wait_for(
        lambda: Snapshot.objects.filter(
            pk=snapshot.pk, status=SnapshotStatus.COMPLETED, built_at__gt=snapshot.built_at
        ).first(),
        celery_worker_process,
    )
    assert rebuilt.counts == snapshot.counts
