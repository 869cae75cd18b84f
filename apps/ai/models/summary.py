"""``IssueSummary``: what an open issue asks for and how a newcomer could start on it, written by the chat model.

Kept beside the issue (a one-to-one key, deleted with it) rather than on it, so that the GitHub app owns only
what GitHub says. ``content_hash`` is the hash of the issue's text the summary was written from: an issue is
summarised again only when its title, body or labels changed.
"""

from django.db import models


class IssueSummary(models.Model):
    issue = models.OneToOneField("github.Issue", on_delete=models.CASCADE, related_name="ai_summary")
    summary = models.TextField()
    hint = models.TextField(blank=True, help_text="How a newcomer could start working on it.")
    content_hash = models.CharField(max_length=64)
    model_name = models.CharField(max_length=100)
    tokens = models.PositiveIntegerField(default=0)
    generated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "issue summaries"

    def __str__(self) -> str:
        return f"summary of issue {self.issue_id}"
