from django.db import models


class SyncRun(models.Model):
    """One run of ``sync_owasp``: when, from where, and its report (created, updated, … skipped with reasons)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=500)
    succeeded = models.BooleanField(default=False)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    inactivated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"OWASP sync {self.started_at:%Y-%m-%d %H:%M} from {self.source}"


class SourceListing(models.Model):
    """A GitHub listing (a repository's file tree, the site's _data folder) with its ETag, asked conditionally."""

    key = models.CharField(max_length=300, unique=True)  # e.g. "tree:OWASP/www-project-juice-shop"
    etag = models.CharField(max_length=200, blank=True)
    entries = models.JSONField(default=dict)  # path → git blob sha
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class SourceBlob(models.Model):
    """A file's bytes by git blob sha: a file that did not change upstream is never downloaded again."""

    sha = models.CharField(max_length=64, unique=True)
    content = models.BinaryField()
    fetched_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha
