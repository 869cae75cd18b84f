"""``data_changed``: sent after commit, once per kind per run, never for a rolled-back write or an empty run."""

import pytest
from django.db import transaction

from apps.core import changes
from apps.core.signals import data_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    signals = []

    def listener(sender, kind, ids, batch, **kwargs):
        signals.append((sender, kind, ids, batch))

    data_changed.connect(listener, dispatch_uid="test-changes-listener")
    yield signals
    data_changed.disconnect(dispatch_uid="test-changes-listener")


def test_a_run_sends_each_kind_once_with_every_id_after_commit(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), changes.run("test run"):
        for page in range(3):  # three "pages" of a listing, each its own transaction
            with transaction.atomic():
                changes.record("repository", [page], sender=int)
                changes.record("issue", [page * 10, page * 10 + 1])
        assert received == [], "nothing is sent before the run ends"

    assert [(kind, ids) for _, kind, ids, _ in received] == [
        ("repository", frozenset({0, 1, 2})),
        ("issue", frozenset({0, 1, 10, 11, 20, 21})),
    ]
    assert received[0][0] is int
    assert len({batch for *_, batch in received}) == 1


def test_a_run_that_changed_nothing_sends_nothing(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), changes.run("idle run"):
        changes.record("project", [])

    assert received == []


def test_writes_rolled_back_are_not_announced(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), changes.run("test run"):
        with transaction.atomic():
            changes.record("project", [1])
        with pytest.raises(RuntimeError), transaction.atomic():
            changes.record("project", [2])
            raise RuntimeError("this record's transaction rolls back")

    assert [(kind, ids) for _, kind, ids, _ in received] == [("project", frozenset({1}))]


def test_nothing_is_sent_until_the_outer_transaction_commits(received):
    with transaction.atomic():
        with changes.run("inside a transaction"):
            changes.record("project", [1])
        assert received == []
        transaction.set_rollback(True)

    assert received == []


def test_outside_a_run_each_write_is_announced_once_it_commits(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        changes.record("leader_match", [7, 8])
        assert received == []

    assert [(kind, ids) for _, kind, ids, _ in received] == [("leader_match", frozenset({7, 8}))]


def test_a_nested_run_joins_the_outer_one(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), changes.run("daily job"):
        with changes.run("step one"):
            changes.record("figures", [1])
        with changes.run("step two"):
            changes.record("health", [1])

    assert [kind for _, kind, _, _ in received] == ["figures", "health"]
    assert len({batch for *_, batch in received}) == 1


def test_a_failing_listener_does_not_fail_the_run(received, django_capture_on_commit_callbacks, caplog):
    def broken(**kwargs):
        raise ValueError("listener bug")

    data_changed.connect(broken, dispatch_uid="test-broken-listener")
    try:
        with django_capture_on_commit_callbacks(execute=True), changes.run("test run"):
            changes.record("project", [1])
    finally:
        data_changed.disconnect(dispatch_uid="test-broken-listener")

    assert [kind for _, kind, _, _ in received] == ["project"]
    assert "listener bug" in caplog.text
