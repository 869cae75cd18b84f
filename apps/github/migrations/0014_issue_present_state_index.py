"""A partial index for counting present issues, and fresh planner statistics for the tables 0011 changed.

0011 added ``gone_at`` and rebuilt the partial indexes on ``gone_at IS NULL``. Until the tables are analyzed
the planner has no statistics for that column and estimates the condition as rare: an open-issue list read
every open issue through the per-repository index and sorted them (483 ms at 10x) instead of walking the
ordered index (1.3 ms). ANALYZE takes seconds and no lock that blocks reads or writes.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("github", "0013_user_profiles_weekly"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                condition=models.Q(("gone_at__isnull", True)), fields=["state"], name="github_issue_present_state"
            ),
        ),
        migrations.RunSQL(
            "ANALYZE github_issue, github_pullrequest, github_release", reverse_sql=migrations.RunSQL.noop
        ),
    ]
