from django.db import models


class RepositorySyncState(models.Model):
    """Where the sync of one repository stands, written in the same transaction as the data it describes.

    ``fingerprint`` is a hash of the repository's entry in the organization listing when its sub-resources
    were last read in full; an incremental run skips a repository whose entry still hashes the same.
    ``pages`` keeps, per listing, each page's URL, ETag and next URL so unchanged pages cost one 304.
    """

    repository = models.OneToOneField(
        "github.Repository", primary_key=True, on_delete=models.CASCADE, related_name="sync_state"
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    pages = models.JSONField(default=dict, blank=True)
    issues_since = models.DateTimeField(null=True, blank=True, help_text="Newest issue update read.")
    commits_since = models.DateTimeField(null=True, blank=True, help_text="Newest commit date read.")
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_full_sync_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Consecutive runs that failed for it.")

    class Meta:
        verbose_name = "repository sync state"

    def __str__(self) -> str:
        return f"sync state of {self.repository_id}"
