"""``manage.py process_snapshots [--key KEY ...]``: build the community snapshots waiting for it, or rebuild some."""

from django.core.management.base import BaseCommand, CommandError

from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import BuildOutcome, build_snapshot, process_due_snapshots


class Command(BaseCommand):
    # A data job run by beat and cron: skip Django's system checks.
    requires_system_checks: list[str] = []
    help = (
        "Build the community snapshots that are pending (or were abandoned while processing) from the synced "
        "OWASP and GitHub data. With --key, rebuild those snapshots whatever their status. A failed build is "
        "recorded on the snapshot; the command exits with an error when any build failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--key", action="append", default=[], help="Rebuild this snapshot (repeatable).")

    def handle(self, *args, key=(), **options):
        if key:
            snapshots = self._named(key)
            built = []
            for number, snapshot in enumerate(snapshots, start=1):
                built.append(build_snapshot(snapshot))
                self._progress(number, len(snapshots), built[-1])
        else:
            built = process_due_snapshots(progress=self._progress)
        failed = [snapshot for snapshot in built if snapshot.status == SnapshotStatus.ERROR]
        self.stdout.write(
            self.style.SUCCESS(f"Snapshots: {len(built) - len(failed)} built, {len(failed)} failed.")
            if not failed
            else self.style.WARNING(f"Snapshots: {len(built) - len(failed)} built, {len(failed)} failed.")
        )
        if failed:
            raise CommandError(f"failed: {', '.join(snapshot.key for snapshot in failed)}")

    def _named(self, keys) -> list[Snapshot]:
        found = {snapshot.key: snapshot for snapshot in Snapshot.objects.filter(key__in=[k.lower() for k in keys])}
        missing = [k for k in keys if k.lower() not in found]
        if missing:
            raise CommandError(f"no snapshot with key {', '.join(missing)}")
        return [found[k] for k in dict.fromkeys(k.lower() for k in keys)]

    def _progress(self, number: int, total: int, snapshot: Snapshot) -> None:
        self.stdout.write(f"{number} of {total}: {BuildOutcome.of(snapshot).summary()}")
