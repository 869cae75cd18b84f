"""Read the closing references of the pull requests stored before the sync read them, in batches of ids."""

from django.db import migrations
from django.db.models import Q

from apps.github.sync.references import closing_numbers

BATCH_SIZE = 1000


def backfill(apps, schema_editor):
    PullRequest = apps.get_model("github", "PullRequest")
    Issue = apps.get_model("github", "Issue")
    through = PullRequest.related_issues.through
    last_id = None
    while True:
        batch = PullRequest.objects.exclude(body="").order_by("id")
        if last_id is not None:
            batch = batch.filter(id__gt=last_id)
        rows = list(batch.values_list("id", "repository_id", "repository__full_name", "body")[:BATCH_SIZE])
        if not rows:
            return
        last_id = rows[-1][0]
        named = {
            pull_id: (repository_id, closing_numbers(body, full_name))
            for pull_id, repository_id, full_name, body in rows
        }
        PullRequest.objects.bulk_update(
            [
                PullRequest(id=pull_id, closing_issue_numbers=numbers)
                for pull_id, (_, numbers) in named.items()
                if numbers
            ],
            ["closing_issue_numbers"],
        )
        by_repository: dict[int, set[int]] = {}
        for repository_id, numbers in named.values():
            by_repository.setdefault(repository_id, set()).update(numbers)
        wanted = Q(pk__in=[])
        for repository_id, numbers in by_repository.items():
            if numbers:
                wanted |= Q(repository_id=repository_id, number__in=sorted(numbers))
        issue_ids = {
            (repo, number): pk
            for pk, repo, number in Issue.objects.filter(wanted).values_list("id", "repository_id", "number")
        }
        through.objects.bulk_create(
            [
                through(pullrequest_id=pull_id, issue_id=issue_ids[repository_id, number])
                for pull_id, (repository_id, numbers) in named.items()
                for number in numbers
                if (repository_id, number) in issue_ids
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("github", "0007_pull_request_related_issues"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
