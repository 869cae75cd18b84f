"""Keeping the Algolia index fresh: changed and removed documents reach the fake through the Celery tasks
(eagerly here, and once through a real worker on the real Redis), 5xx answers and timeouts are retried with
backoff, and the full replacement is atomic (a temporary index moved over the live one) with its command."""

import logging

import pytest
from django.core.management import CommandError, call_command

from apps.search import algolia_tasks
from apps.search.backends.algolia import object_id
from apps.search.models import SearchDocument
from apps.search.services import search
from tests.apps.core.conftest import celery_worker_process, worker_env
from tests.apps.search.test_algolia_backend import documents, make_document
from tests.fakes.algolia import ADMIN_KEY, INDEX, algolia_backend, algolia_settings, eager_tasks, fake_algolia

__all__ = [
    "algolia_backend",
    "algolia_settings",
    "celery_worker_process",
    "documents",
    "eager_tasks",
    "fake_algolia",
    "worker_env",
]

# Small documents of their own: the database as the migrations leave it (no synced OWASP documents).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


@pytest.fixture
def no_backoff(monkeypatch):
    """Retries without their countdown (an eager retry runs at once anyway; this records what it asked for)."""
    asked = []
    original = algolia_tasks.backoff

    def recorded(retries):
        asked.append(original(retries))
        return original(retries)

    monkeypatch.setattr(algolia_tasks, "backoff", recorded)
    return asked


def records(fake) -> dict:
    return fake.records(INDEX)


# ---------------------------------------------------------------------------------------------- incremental


def test_changed_documents_are_saved_through_the_task(algolia_backend, documents, fake_algolia, eager_tasks):
    django_doc = SearchDocument.objects.get(type="project", object_id=1)

    algolia_backend.documents_changed([django_doc.pk])

    assert set(records(fake_algolia)) == {object_id("project", 1)}
    (batch,) = fake_algolia.requests(f"/1/indexes/{INDEX}/batch")
    assert batch.body["requests"][0]["action"] == "addObject"
    assert batch.body["requests"][0]["body"]["title"] == "OWASP Django Security"

    django_doc.title = "OWASP Django Hardening"
    django_doc.save()
    algolia_backend.documents_changed([django_doc.pk])
    assert records(fake_algolia)[object_id("project", 1)]["title"] == "OWASP Django Hardening"


def test_removed_documents_are_deleted_through_the_task(algolia_backend, documents, fake_algolia, eager_tasks):
    algolia_backend.rebuild(SearchDocument.objects.all())
    assert object_id("chapter", 10) in records(fake_algolia)

    algolia_backend.documents_removed([("chapter", 10), ("issue", 20)])

    assert object_id("chapter", 10) not in records(fake_algolia)
    assert object_id("issue", 20) not in records(fake_algolia)
    batch = fake_algolia.requests(f"/1/indexes/{INDEX}/batch")[-1]
    assert [r["action"] for r in batch.body["requests"]] == ["deleteObject", "deleteObject"]
    assert keys_of(search("montreal")) == []


def keys_of(results):
    return [hit.key for hit in results.hits]


def test_a_saved_document_whose_row_is_gone_by_then_sends_nothing(algolia_backend, fake_algolia, eager_tasks):
    document = make_document("project", 7, "OWASP Gone")
    pk = document.pk
    document.delete()

    assert algolia_tasks.save_documents_task.delay([pk]).get() == 0
    assert fake_algolia.requests("/batch") == []


def test_server_errors_are_retried_with_backoff(
    algolia_backend, documents, fake_algolia, eager_tasks, no_backoff, caplog
):
    fake_algolia.inject("server_error", path="/batch", count=2, status=503)
    caplog.set_level(logging.WARNING, logger="apps.search.algolia_tasks")

    result = algolia_tasks.save_documents_task.delay([documents[0].pk])

    assert result.get() == 1
    assert [r.status for r in fake_algolia.requests("/batch")] == [503, 503, 200]
    assert no_backoff == [2, 4]
    assert object_id("project", 1) in records(fake_algolia)
    assert "retry 1 in 2 s" in caplog.text and "retry 2 in 4 s" in caplog.text


def test_a_timeout_is_retried(algolia_settings, documents, fake_algolia, eager_tasks, no_backoff):
    algolia_settings.ALGOLIA_WRITE_TIMEOUT_MS = 300
    fake_algolia.inject("timeout", path="/batch", count=1, delay=1.5)

    assert algolia_tasks.delete_records_task.delay([["project", 1]]).get() == 1

    assert len(fake_algolia.requests("/batch")) == 2
    assert fake_algolia.requests("/batch")[0].fault == "timeout"
    assert no_backoff == [2]


def test_the_task_gives_up_after_the_retries_and_says_so(
    algolia_settings, documents, fake_algolia, eager_tasks, no_backoff, caplog
):
    algolia_settings.ALGOLIA_MAX_RETRIES = 2
    fake_algolia.inject("server_error", path="/batch", count=-1)

    with pytest.raises(Exception, match="Unreachable hosts"):
        algolia_tasks.save_documents_task.delay([documents[0].pk]).get()

    assert len(fake_algolia.requests("/batch")) == 3
    assert "search.algolia_save_documents gave up after 2 retries" in caplog.text


def test_a_rejected_write_is_not_retried(algolia_settings, documents, fake_algolia, eager_tasks):
    fake_algolia.keys[ADMIN_KEY] = ["search"]  # the key lost its write ACL

    with pytest.raises(Exception, match="Method not allowed with this API key"):
        algolia_tasks.save_documents_task.delay([documents[0].pk]).get()

    assert len(fake_algolia.requests("/batch")) == 1


def test_without_a_broker_the_change_is_sent_inline(algolia_backend, documents, fake_algolia, monkeypatch, caplog):
    from kombu.exceptions import OperationalError

    def no_broker(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(algolia_tasks.save_documents_task, "delay", no_broker)

    algolia_backend.documents_changed([documents[1].pk])

    assert "no broker for search.algolia_save_documents" in caplog.text
    assert object_id("project", 2) in records(fake_algolia)


def test_without_a_broker_nor_algolia_the_change_is_logged_not_raised(
    algolia_backend, documents, fake_algolia, monkeypatch, caplog
):
    from kombu.exceptions import OperationalError

    def no_broker(*args, **kwargs):
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(algolia_tasks.delete_records_task, "delay", no_broker)
    fake_algolia.inject("server_error", count=-1)

    algolia_backend.documents_removed([("project", 1)])

    assert "search.algolia_delete_records failed and no broker to retry it" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_saves_and_deletes_records(fake_algolia, algolia_settings, worker_env, request):
    """Through Redis and a `celery worker` process configured like production (env settings)."""
    worker_env.update(
        SEARCH_BACKEND="algolia",
        ALGOLIA_APP_ID=fake_algolia.app_id,
        ALGOLIA_API_KEY=ADMIN_KEY,
        ALGOLIA_BASE_URL=fake_algolia.url,
        ALGOLIA_INDEX_NAME=INDEX,
    )
    worker = request.getfixturevalue("celery_worker_process")
    document = make_document("project", 42, "OWASP Worker Test", body_text="Saved by a real worker.")

    saved = algolia_tasks.save_documents_task.delay([document.pk]).get(timeout=60)
    assert saved == 1
    assert records(fake_algolia)[object_id("project", 42)]["body"] == "Saved by a real worker."

    removed = algolia_tasks.delete_records_task.delay([["project", 42]]).get(timeout=60)
    assert removed == 1
    assert object_id("project", 42) not in records(fake_algolia)
    assert worker.poll() is None, "the worker died"


# ------------------------------------------------------------------------------------------- full replace


def test_replace_builds_a_temporary_index_and_moves_it_over_the_live_one(algolia_backend, documents, fake_algolia):
    algolia_backend.rebuild(SearchDocument.objects.all())
    fake_algolia.indexes[INDEX].records["project-999"] = {"objectID": "project-999", "title": "stale"}
    fake_algolia.reset_log()

    report = algolia_backend.rebuild(SearchDocument.objects.all())

    assert report["records"] == len(documents)
    assert "project-999" not in records(fake_algolia)
    log = fake_algolia.requests()
    writes = [(r.method, r.path) for r in log if r.method != "GET"]
    temporary = writes[0][1].split("/")[3]
    assert temporary.startswith(f"{INDEX}_tmp_")
    # Everything is written to the temporary index, and the live one only changes by the move.
    assert writes == [
        ("PUT", f"/1/indexes/{temporary}/settings"),
        ("POST", f"/1/indexes/{temporary}/synonyms/batch"),
        ("POST", f"/1/indexes/{temporary}/batch"),
        ("POST", f"/1/indexes/{temporary}/operation"),
    ]
    assert log[-1].path.startswith(f"/1/indexes/{temporary}/task/")
    move = next(r for r in log if r.path.endswith("/operation"))
    assert move.body == {"operation": "move", "destination": INDEX}
    # The move came after Algolia had published every write to the temporary index.
    polls_before_move = [r for r in log[: log.index(move)] if "/task/" in r.path]
    assert [r.status for r in polls_before_move] and all(r.status == 200 for r in polls_before_move)
    assert temporary not in fake_algolia.indexes
    assert fake_algolia.requests("/synonyms/batch")[0].query == {"replaceExistingSynonyms": "true"}


def test_a_failed_replace_leaves_the_live_index_and_drops_the_temporary_one(algolia_backend, documents, fake_algolia):
    algolia_backend.rebuild(SearchDocument.objects.all())
    before = records(fake_algolia)
    make_document("project", 50, "OWASP New Project")
    fake_algolia.inject("server_error", path="/batch", count=-1)

    with pytest.raises(Exception, match="Unreachable hosts"):
        algolia_backend.rebuild(SearchDocument.objects.all())

    assert records(fake_algolia) == before
    assert set(fake_algolia.indexes) == {INDEX}
    assert fake_algolia.requests(method="DELETE")


def test_changes_made_while_the_index_is_built_are_not_lost(algolia_backend, documents, fake_algolia):
    """A row written or deleted after the rebuild read it is put right in the live index after the move."""
    rows = list(SearchDocument.objects.order_by("pk"))

    def during_the_build():
        yield from rows[:3]
        make_document("project", 60, "OWASP Written Meanwhile")
        SearchDocument.objects.filter(type="project", object_id=1).delete()
        yield from rows[3:]

    report = algolia_backend.rebuild(during_the_build())

    assert report["late_updates"] == 1 and report["late_removals"] == 1
    assert object_id("project", 60) in records(fake_algolia)
    assert object_id("project", 1) not in records(fake_algolia)


def test_the_command_replaces_the_index_with_progress_and_a_summary(algolia_settings, documents, fake_algolia, capsys):
    call_command("algolia_reindex")

    out, err = capsys.readouterr()
    assert f"{len(documents)} records and" in out
    assert "Algolia index replaced in" in out
    assert f"{len(documents)}/{len(documents)}" in err  # the progress bar's last state
    assert set(records(fake_algolia)) == {object_id(d.type, d.object_id) for d in documents}


def test_the_command_pushes_settings_only(algolia_settings, documents, fake_algolia, capsys):
    call_command("algolia_reindex", "--settings-only")

    assert "synonyms pushed" in capsys.readouterr().out
    assert fake_algolia.indexes[INDEX].settings["queryType"] == "prefixLast"
    assert records(fake_algolia) == {}


def test_the_command_refuses_a_wrong_key_and_a_failing_algolia_clearly(algolia_settings, documents, fake_algolia):
    fake_algolia.inject("server_error", path="/batch", count=-1)
    with pytest.raises(CommandError, match="Algolia failed, the live index is unchanged: Unreachable hosts"):
        call_command("algolia_reindex")

    algolia_settings.ALGOLIA_API_KEY = "wrong"
    with pytest.raises(CommandError, match="Algolia refused"):
        call_command("algolia_reindex")
