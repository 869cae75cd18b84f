"""OWASP data sync on the real data (../shared/data): the full import into an empty database, no-change
re-syncs (in-process, and the whole `manage.py sync_owasp` command with Django's start-up), and a re-sync
after one upstream file changed.

    .venv/bin/python benchmarks/owasp_sync.py [--runs 3] [--json results.json]

The database is a fresh embedded PostgreSQL cluster in a temporary folder (deleted afterwards unless --keep),
migrated before the clock starts. The changed-file run edits a temporary copy of the data, never ../shared.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="Data folder (default: the NEST_DATA_DIR setting).")
    parser.add_argument("--runs", type=int, default=3, help="No-change re-syncs to time (median reported).")
    parser.add_argument("--keep", action="store_true", help="Keep the database cluster (its path is printed).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="nest-bench-owasp-"))
    pgdata = workdir / "pgdata"
    os.environ["NEST_PGDATA"] = str(pgdata)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings")
    os.environ["DJANGO_CONFIGURATION"] = "Local"
    os.environ.setdefault("DJANGO_DEBUG", "false")

    from nest import embedded_db

    embedded_db.ensure_started()

    import configurations

    configurations.setup()

    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Revision

    from apps.owasp.sync.owasp import sync_owasp
    from cms.models import Leader, OwaspPage

    logging.disable(logging.INFO)  # Wagtail logs every page created; the clock should not time the console
    data = args.data or Path(settings.NEST_DATA_DIR)
    call_command("migrate", verbosity=0)
    results = {"data": str(data), "runs": {}}

    def timed(label: str, source) -> dict:
        revisions = Revision.objects.count()
        started = time.perf_counter()
        report = sync_owasp(source)
        seconds = time.perf_counter() - started
        run = {
            "seconds": round(seconds, 2),
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "inactivated": report.inactivated,
            "skipped": report.skipped_count,
            "revisions_saved": Revision.objects.count() - revisions,
        }
        print(f"{label}: {seconds:.2f} s {run}")
        return run

    try:
        results["runs"]["full import, empty database"] = timed("full import, empty database", data)
        results["pages"] = OwaspPage.objects.count()
        results["leaders"] = Leader.objects.count()

        runs = [timed(f"no-change re-sync #{n + 1}", data) for n in range(args.runs)]
        results["runs"]["no-change re-sync (median)"] = {
            **runs[0],
            "seconds": statistics.median(run["seconds"] for run in runs),
            "all_seconds": [run["seconds"] for run in runs],
        }

        env = {**os.environ, "NEST_EMBEDDED_PG_HOST": str(embedded_db.status(pgdata).socket_dir)}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "sync_owasp", "--source", str(data), "--no-progress"],
            cwd=PROJECT_DIR,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        command_seconds = time.perf_counter() - started
        results["runs"]["no-change re-sync, whole command"] = {"seconds": round(command_seconds, 2)}
        print(f"no-change re-sync, whole `manage.py sync_owasp` command: {command_seconds:.2f} s")

        copy = workdir / "data"
        shutil.copytree(data / "owasp-site", copy / "owasp-site")
        shutil.copytree(data / "owasp-repos", copy / "owasp-repos")
        index = copy / "owasp-repos/www-project-juice-shop/index.md"
        index.chmod(0o644)
        index.write_text(index.read_text().replace("level: 4", "level: 3"))
        results["runs"]["re-sync, one project changed"] = timed("re-sync, one project changed", copy)
    finally:
        connection.close()
        if args.keep:
            print(f"database cluster kept in {pgdata}")
        else:
            embedded_db.stop(pgdata)
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
