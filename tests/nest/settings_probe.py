"""Load the settings of many configurations from one process start: the probe imports the libraries once, then
forks a fresh child for each configuration (its own environment, folder and ``sys.path``, nothing of Django's set
up), which runs the given code as ``python -c`` would and reports its exit status and output.

Run as a script (``python settings_probe.py``) it serves requests, one JSON line each on stdin, answered by one
JSON line on stdout. Tests call ``probe().run``: the test run's one probe, started on first use.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import traceback

CHILD_TIMEOUT = 60  # seconds

# What the forked children loaded is imported once by the probe, for the next children to find loaded: every
# library but the project's own packages and Django applications (whose modules may read the settings, which
# differ between the children, when imported). The probe has no settings module: a library that reads them when
# imported fails there and is left to each child.
PROJECT_PACKAGES = frozenset({"api", "apps", "cms", "devtools", "nest", "tests", "theme", "__main__", "__mp_main__"})
DJANGO_APPLICATIONS = (
    "allauth",
    "configurations",
    "corsheaders",
    "django.contrib",
    "django_",
    "drf_",
    "environ",
    "graphene_django",
    "laces",
    "modelcluster",
    "modelsearch",
    "ninja",
    "permissionedforms",
    "pgvector.django",
    "rest_framework",
    "taggit",
    "telepath",
    "timezone_field",
    "treebeard",
    "wagtail",
    "whitenoise",
)


def _preload(modules: list[str]) -> None:
    """Import in the probe what a child loaded, but the project's and the Django applications' modules."""
    for name in modules:
        if name in sys.modules or name.split(".")[0] in PROJECT_PACKAGES or name.startswith(DJANGO_APPLICATIONS):
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - it needs the settings (or is no module): each child imports it
            continue


def _child(request: dict, out: int, err: int, loaded: int) -> int:
    """In the forked child: become a fresh ``python -c CODE`` of the request; return its exit status (and write
    the names of the modules it loaded to ``loaded``)."""
    signal.alarm(CHILD_TIMEOUT)  # the default action ends a child that hangs
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - flushed below, before the child exits
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    sys.path[:] = ["", *request["env"].get("PYTHONPATH", "").split(os.pathsep), *sys.path]  # as ``python -c``
    sys.argv = ["-c"]
    importlib.invalidate_caches()
    try:
        exec(compile(request["code"], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102 - the test's own code, as python -c runs it
        status = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            status = 1
    except BaseException:  # noqa: BLE001 - as the interpreter reports an uncaught exception
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(loaded, "\n".join(sys.modules).encode())
    return status


def _serve() -> None:
    del sys.path[0]  # this folder (tests/nest): no project module is imported from here
    for line in sys.stdin:
        request = json.loads(line)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as loaded:
            pid = os.fork()
            if pid == 0:
                status = 1
                try:
                    status = _child(request, out.fileno(), err.fileno(), loaded.fileno())
                finally:
                    os._exit(status)
            _, wait_status = os.waitpid(pid, 0)
            out.seek(0)
            err.seek(0)
            loaded.seek(0)
            answer = {
                "returncode": os.waitstatus_to_exitcode(wait_status),
                "stdout": out.read().decode(errors="replace"),
                "stderr": err.read().decode(errors="replace"),
            }
            modules = loaded.read().decode().split()
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        _preload(modules)


class SettingsProbe:
    """A probe process: ``run`` answers as ``subprocess.run([python, "-c", code], env=env, cwd=cwd)`` would."""

    def __init__(self):
        # Started bare: no settings module, no project folder on its path (each request brings its own).
        self._process = subprocess.Popen(
            [sys.executable, __file__],
            cwd=tempfile.gettempdir(),
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir()},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, code: str, *, env: dict[str, str], cwd: str | os.PathLike) -> subprocess.CompletedProcess:
        request = {"code": code, "env": env, "cwd": str(cwd)}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the settings probe stopped (exit status {self._process.wait(timeout=30)})")
        return subprocess.CompletedProcess([sys.executable, "-c", code], **json.loads(line))

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=30)


_probe: SettingsProbe | None = None


def probe() -> SettingsProbe:
    """This process's probe (started on first use, stopped when this process exits)."""
    global _probe
    if _probe is None:
        _probe = SettingsProbe()
        atexit.register(_probe.close)
    return _probe


if __name__ == "__main__":
    _serve()
