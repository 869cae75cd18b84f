"""The real sync tasks, run by a real worker process, clear the page cache the web process serves from."""

import pytest

from apps.github.tasks import sync_github_task
from apps.owasp.tasks import sync_owasp_task
from tests.apps.github.conftest import ORG
from tests.factories import ensure_site_tree
from theme.cache import UNDECLARED, bump_site_data_version, group_versions, site_data_version

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def cached_page(client, settings):
    """/about/ served from the page cache: returns a function telling whether the next request is a hit."""
    ensure_site_tree()  # a transactional test may start after another one's flush
    settings.NEST_PAGE_CACHE_SECONDS = 60
    bump_site_data_version("test start")
    client.get("/about/")
    assert client.get("/about/")["X-Nest-Cache"] == "hit"
    return lambda: client.get("/about/")["X-Nest-Cache"] == "hit"


def cache_bumps() -> int:
    # Every batch the page cache hears of drops the pages that name no group, once (and an unknown kind
    # clears the whole site).
    return site_data_version() + group_versions([UNDECLARED])[UNDECLARED]


def worker_alive(process) -> bool:
    return process.poll() is None


def test_the_owasp_sync_task_in_a_worker_clears_the_page_cache_once(
    snapshot, worker_env, cached_page, celery_worker_process
):
    before = cache_bumps()

    report = sync_owasp_task.delay(source=str(snapshot.root)).get(timeout=300)

    assert report["created"] == 6 and report["errors"] == []
    assert cache_bumps() == before + 1, celery_worker_process.log.read_text()[-3000:]
    assert not cached_page(), "the cached page was served again after the sync"
    assert cached_page()

    report = sync_owasp_task.delay(source=str(snapshot.root)).get(timeout=300)

    assert report["unchanged"] == 6
    assert cache_bumps() == before + 1, "a sync that changed nothing cleared the cache"
    assert cached_page()
    assert worker_alive(celery_worker_process)


@pytest.fixture
def github_worker_env(worker_env, fake_github):
    worker_env.update(GITHUB_API_URL=fake_github.url, GITHUB_ORGANIZATION=ORG, GITHUB_TOKEN="test-token")
    return worker_env


def test_the_github_sync_task_in_a_worker_clears_the_page_cache_once(
    github_worker_env, cached_page, celery_worker_process
):
    before = cache_bumps()

    report = sync_github_task.delay(full=True).get(timeout=300)

    assert report["ok"] and report["repositories"] == {"synced": 8}
    assert cache_bumps() == before + 1, celery_worker_process.log.read_text()[-3000:]
    assert not cached_page(), "the cached page was served again after the sync"
    assert worker_alive(celery_worker_process)
