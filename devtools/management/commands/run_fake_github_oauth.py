"""manage.py run_fake_github_oauth [--port 8766] [--env-file PATH]: the local fake GitHub OAuth server, so a
person running Nest offline (``make run`` without a GitHub OAuth app) signs in "with GitHub" as whom they pick."""

import threading
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from devtools.fake_github_oauth import FakeGitHubOAuth, emails_of, github_user, stable_id

SUGGESTED = 30  # people offered on the picker page


def profile_for(login: str) -> tuple[dict, list[dict]]:
    """The ``GET /user`` and ``GET /user/emails`` bodies of a login: the synced GitHub user of that login when
    there is one (so signing in ties the account to it: a module's mentor becomes that mentor), else a user made up
    from the login, with the same id at every sign-in."""
    from apps.github.models import User

    try:
        synced = User.objects.filter(login__iexact=login).order_by("-id").first()
    finally:
        close_old_connections()
    if synced is None:
        return github_user(login, stable_id(login)), emails_of(login)
    fields = {"name": synced.name or synced.login, "company": synced.company or None, "bio": synced.bio or None}
    return github_user(synced.login, synced.pk, **fields), emails_of(synced.login, synced.email)


def suggestions() -> list[tuple[str, str]]:
    """Whom the picker offers: the mentors, the program admins and the mentees Nest knows."""
    from apps.mentorship.models import Mentee, Mentor, Program

    people: dict[str, str] = {}
    try:
        for login, module in Mentor.objects.filter(modules__isnull=False).values_list(
            "github_user__login", "modules__name"
        )[:SUGGESTED]:
            people.setdefault(login, f"mentor of {module}")
        for login, program in Program.objects.filter(admins__isnull=False).values_list("admins__login", "name")[
            :SUGGESTED
        ]:
            people.setdefault(login, f"admin of {program}")
        for login in Mentee.objects.values_list("github_user__login", flat=True)[:SUGGESTED]:
            people.setdefault(login, "mentee")
    finally:
        close_old_connections()
    return sorted(people.items())[:SUGGESTED]


class Command(BaseCommand):
    help = (
        "Serve a local fake of GitHub's OAuth sign-in: its authorize page asks whom to sign in as (a synced GitHub "
        "user's login, or any login). Point Nest at it with the GITHUB_OAUTH_* variables it prints (or writes to "
        "--env-file); scripts/run.sh does so when no GitHub OAuth app is configured."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8766, help="0: any free port.")
        parser.add_argument(
            "--env-file", type=Path, help="Write the settings as shell `export` lines there once it serves."
        )

    def handle(self, *args, **options):
        fake = FakeGitHubOAuth(
            host=options["host"], port=options["port"], pick=True, profile_for=profile_for, suggestions=suggestions
        )
        fake.start()
        exports = "".join(f"export {name}='{value}'\n" for name, value in fake.environment().items())
        if options["env_file"]:
            path = options["env_file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(exports)
            temporary.replace(path)  # whole or absent: a script waiting for it never reads half of it
        self.stdout.write(
            f"Fake GitHub OAuth ready on {fake.url} (the local fake, not GitHub): sign-in asks whom to sign in as.\n"
            f"Point Nest at it with:\n{exports}Ctrl-C stops it."
        )
        self.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()
