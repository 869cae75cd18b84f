"""manage.py generate_data [--scale 10] [--seed 42] [--health-days 30] [--force]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from devtools.generate import DatabaseNotEmpty, generate_data


class Command(BaseCommand):
    help = (
        "Fill the database with realistic generated data at SCALE times OWASP's size (pages and GitHub rows; "
        "10: about 4,000 projects, 6,000 chapters, 20,000 repositories, 1,000,000 issues, 200,000 users) for "
        "benchmarks. Refuses a database that already holds pages or repositories unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10.0, help="Times OWASP's size (default 10).")
        parser.add_argument("--seed", type=int, default=42, help="Random seed (default 42).")
        parser.add_argument(
            "--health-days", type=int, default=30, help="Days of (synthetic) health history per project (default 30)."
        )
        parser.add_argument(
            "--no-search-index", action="store_true", help="Leave the generated pages out of the search index."
        )
        parser.add_argument(
            "--force", action="store_true", help="Add generated data even though the database already holds data."
        )

    def handle(self, *args, scale, seed, health_days, force, no_search_index, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        stream = self.stderr._out if hasattr(self.stderr, "_out") else self.stderr
        bars: list[tqdm] = []

        def progress(stage: str, total: int):
            for bar in bars:
                bar.close()
            bar = tqdm(total=total or None, desc=f"{stage:>15}", unit="row", file=stream, dynamic_ncols=True)
            bars.append(bar)
            return bar.update

        try:
            report = generate_data(
                scale=scale,
                seed=seed,
                force=force,
                health_days=health_days,
                search_index=not no_search_index,
                progress=progress,
            )
        except DatabaseNotEmpty as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars:
                bar.close()

        self.stdout.write(f"Generated scale {scale:g} (seed {seed}) in {report.seconds:.1f} s:")
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:<24} {count:>10,}")
        self.stdout.write("Time per stage:")
        for stage, seconds in report.timings.items():
            self.stdout.write(f"  {stage:<24} {seconds:>9.1f} s")
        self.stdout.write(self.style.SUCCESS("Done."))
