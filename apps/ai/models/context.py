"""``Context``: one piece of Nest's content that is embedded (a page, a repository, an issue) and its hash."""

from django.db import models
from django.db.models import Q


class EntityType(models.TextChoices):
    """What a context is; the same names as the ``data_changed`` kinds that announce their changes."""

    PROJECT = "project", "Project"
    CHAPTER = "chapter", "Chapter"
    COMMITTEE = "committee", "Committee"
    EVENT = "event", "Event"
    REPOSITORY = "repository", "Repository"
    ISSUE = "issue", "Issue"

    @classmethod
    def page_types(cls) -> tuple[str, ...]:
        return (cls.PROJECT, cls.CHAPTER, cls.COMMITTEE, cls.EVENT)


class ContextQuerySet(models.QuerySet):
    def of(self, entity_type: str, ids=None):
        contexts = self.filter(entity_type=entity_type)
        return contexts if ids is None else contexts.filter(object_id__in=list(ids))


class Context(models.Model):
    """The text Nest embeds for one entity, as its page shows it, named by a hash of that text.

    Typed foreign keys rather than a generic relation: deleting a page, a repository or an issue deletes its
    context and chunks with it (a generic relation leaves orphans the database cannot see), and each key is
    indexed and joinable. ``object_id`` repeats whichever key is set, so that every kind is found and
    returned the same way (``entity_type``, ``object_id``).
    """

    entity_type = models.CharField(max_length=16, choices=EntityType.choices)
    object_id = models.BigIntegerField()
    page = models.ForeignKey("cms.OwaspPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    repository = models.ForeignKey(
        "github.Repository", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    issue = models.ForeignKey("github.Issue", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=1024, blank=True)
    # sha256 of the text that is chunked: a context whose text did not change is not embedded again.
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContextQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity_type", "object_id"], name="ai_context_entity_uq"),
            models.CheckConstraint(
                condition=(
                    Q(entity_type__in=EntityType.page_types(), page__isnull=False, repository__isnull=True)
                    & Q(issue__isnull=True)
                )
                | Q(entity_type="repository", page__isnull=True, repository__isnull=False, issue__isnull=True)
                | Q(entity_type="issue", page__isnull=True, repository__isnull=True, issue__isnull=False),
                name="ai_context_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_type} {self.object_id}: {self.title}"
