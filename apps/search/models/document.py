"""``SearchDocument``: one denormalised row per searchable entity, what every backend indexes and returns.

The rows are built by ``apps.search.services.indexing`` from the domain's public querysets only: a row exists
exactly while its entity is something the site shows. Text comes twice: as the site shows it (``*_text``, for
snippets and Algolia) and accent-folded (``*_folded``, through ``apps.search.services.text.fold``, the same
function every query goes through), which is what the PostgreSQL backends match, since the database has no
``unaccent``.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q


class DocumentType(models.TextChoices):
    """What a hit is; the values are the REST and GraphQL ``type`` of a hit and the ``type`` filter."""

    PROJECT = "project", "Project"
    CHAPTER = "chapter", "Chapter"
    COMMITTEE = "committee", "Committee"
    EVENT = "event", "Event"
    REPOSITORY = "repository", "Repository"
    ISSUE = "issue", "Issue"
    MEMBER = "member", "Member"


# The text search configuration of the tsvector and of every tsquery: no stemming, so a prefix or a corrected
# word matches the indexed word as written (stemming would turn "security" into "secur" and break prefixes).
FTS_CONFIG = "simple"


def weighted_vector():
    """Name and key weigh A, aliases (acronyms, tags, synonyms, other names of the place) B, the body C."""
    return (
        SearchVector("name_folded", weight="A", config=FTS_CONFIG)
        + SearchVector("alias_folded", weight="B", config=FTS_CONFIG)
        + SearchVector("body_folded", weight="C", config=FTS_CONFIG)
    )


class SearchDocument(models.Model):
    type = models.CharField(max_length=16, choices=DocumentType.choices)
    object_id = models.BigIntegerField(help_text="The primary key of the page, repository, issue or user.")
    key = models.CharField(max_length=300, help_text="The entity's public key, as the REST API names it.")
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    snippet = models.TextField(blank=True, help_text="Plain text the result's snippet is cut from.")

    name_text = models.TextField(blank=True, help_text="Title, name and key (weight A).")
    alias_text = models.TextField(blank=True, help_text="Acronyms, tags, synonyms, other names (weight B).")
    body_text = models.TextField(blank=True, help_text="Pitch, description, body (weight C).")
    name_folded = models.TextField(blank=True)
    alias_folded = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)

    # Facets (blank where the type has none).
    level = models.CharField(max_length=16, blank=True)
    project_type = models.CharField(max_length=16, blank=True)
    region = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=100, blank=True)
    labels = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    popularity = models.FloatField(default=0.0, help_text="Level, stars, activity and health folded into 0..1.")
    is_active = models.BooleanField(default=True, help_text="Inactive and archived entities rank below the rest.")
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = models.GeneratedField(
        expression=weighted_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type", "object_id"], name="search_document_type_object")]
        indexes = [
            # Entities and issues apart: a prefix common in issue titles ('c:*' matches a third of them) must
            # not make the entity search read the issues' postings.
            GinIndex(fields=["search_vector"], condition=~Q(type="issue"), name="search_document_vector_gin"),
            GinIndex(fields=["search_vector"], condition=Q(type="issue"), name="search_document_issue_gin"),
            GinIndex(fields=["labels"], name="search_document_labels_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.key}"
