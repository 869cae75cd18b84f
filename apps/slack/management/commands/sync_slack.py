"""``manage.py sync_slack``: the workspace's members and public channels, as the scheduled task syncs them."""

from django.core.management.base import BaseCommand, CommandError

from apps.slack import bolt
from apps.slack.services.workspace import sync_workspace


class Command(BaseCommand):
    help = "Sync the Slack workspace's members and public channels (each workspace NestBot is installed in)."

    def handle(self, *args, **options):
        tokens = bolt.workspace_tokens()
        if not tokens:
            raise CommandError("Slack is not configured: " + ", ".join(bolt.missing_settings() or ["no installation"]))
        failed = False
        for number, token in enumerate(tokens, 1):
            report = sync_workspace(bolt.web_client(token))
            self.stdout.write(
                f"{number} of {len(tokens)}: workspace {report.team_id or '?'}: members {report.members}, "
                f"channels {report.channels}, {report.github_suggested} GitHub links and "
                f"{report.pages_suggested} pages suggested"
            )
            for error in report.errors:
                self.stderr.write(f"  {error}")
            failed = failed or not report.ok
        if failed:
            raise CommandError("the sync of a workspace failed (see above)")
