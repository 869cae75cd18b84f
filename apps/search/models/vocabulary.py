"""The trigram vocabulary of the full-text backend's typo correction (PERF-FLOOR Q5a): one row per distinct
folded word of the indexed names and aliases, with its trigrams (GIN) and length, so a misspelt word finds its
candidates by shared trigrams, length ±2, without the leading-letter trigram (which matches thousands)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class SearchTerm(models.Model):
    term = models.CharField(max_length=100, primary_key=True)
    length = models.PositiveSmallIntegerField()
    frequency = models.PositiveIntegerField(default=0, help_text="How many documents hold the word.")
    trigrams = ArrayField(models.CharField(max_length=3))

    class Meta:
        indexes = [
            GinIndex(fields=["trigrams"], name="search_term_trigrams_gin"),
            models.Index(fields=["length"], name="search_term_length"),
        ]

    def __str__(self) -> str:
        return self.term
