"""Staff-editable synonyms: groups of names that mean the same (ZAP, Zed Attack Proxy), a Wagtail snippet."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class Synonym(models.Model):
    """Every term of ``terms`` finds what any other finds: a document whose text holds one of them is indexed
    under all of them (the same rule on every backend; Algolia gets the groups as its own synonyms)."""

    terms = ArrayField(
        models.CharField(max_length=100),
        help_text="Comma-separated names that mean the same, e.g. 'ZAP, Zed Attack Proxy'.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why these belong together (for editors).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return ", ".join(self.terms)
