"""Fields shared by every synced OWASP entity: the upstream key and the per-field provenance of the sync.

Sync (``apps.owasp.sync``) writes the value it last set for each field into ``synced_values``. A field whose
current value differs from that record was changed by an editor: sync leaves it alone and lists it in
``overridden_fields`` until an editor hands it back (see ``cms.provenance`` and ``cms.forms``).
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.field_map import SyncedField, field_names, relations
from cms.panels import SyncProvenancePanel


def key_without_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    """An upstream key without the first of its kind's ``prefixes`` it starts with (case-insensitive):
    ``www-project-juice-shop`` -> ``juice-shop``; the key itself when none matches."""
    for prefix in prefixes:
        if key.lower().startswith(prefix):
            return key[len(prefix) :]
    return key


class SyncedMixin(models.Model):
    """Upstream key, activity and provenance of a record that OWASP's own data also describes."""

    owasp_key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="Stable upstream key, e.g. the www-* repository name (www-project-juice-shop). Empty: editor-made.",
    )
    is_active = models.BooleanField(default=True, help_text="False once the record left OWASP's active lists.")
    # Sync never deletes: a record OWASP stopped listing stays, inactive and unlisted. A record OWASP still lists
    # may be inactive too (a project at level 0).
    is_listed = models.BooleanField(default=True, editable=False, help_text="False once OWASP stopped listing it.")
    sync_source = models.CharField(max_length=500, blank=True, help_text="Where the last sync read this record.")
    last_synced_at = models.DateTimeField(null=True, blank=True)
    synced_values = models.JSONField(default=dict, blank=True, editable=False)
    overridden_fields = ArrayField(models.CharField(max_length=64), default=list, blank=True, editable=False)

    # The fields sync owns and the upstream record attribute of each: the one declaration the names below, the
    # provenance and the sync's reading of records all come from.
    synced_map: tuple[SyncedField, ...] = ()
    # Derived from ``synced_map`` for every subclass: the names (model fields, or the child relations "leaders"
    # and "links"), and each child relation's compared columns.
    synced_fields: tuple[str, ...] = ()
    synced_relations: dict[str, tuple[str, ...]] = {}

    sync_panels = [
        MultiFieldPanel(
            [SyncProvenancePanel(), FieldPanel("sync_hand_back")],
            heading="OWASP sync",
        ),
    ]

    # What an inactive record that OWASP still lists is called on its page; subclasses name their kind.
    inactive_label = gettext_noop("Inactive.")
    # The prefixes of this kind's upstream keys (``www-project-``): ``short_key`` drops the first that matches.
    key_prefixes: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.synced_fields = field_names(cls.synced_map)
        cls.synced_relations = relations(cls.synced_map)

    @property
    def short_key(self) -> str:
        """The key the APIs name the record by, as OWASP Nest's do: its upstream key without its kind's prefix
        (``www-project-juice-shop`` -> ``juice-shop``); for a record an editor made, ``fallback_key``."""
        if not self.owasp_key:
            return self.fallback_key
        return key_without_prefix(self.owasp_key, self.own_key_prefixes())

    def own_key_prefixes(self) -> tuple[str, ...]:
        return self.key_prefixes

    @property
    def fallback_key(self) -> str:
        return f"{type(self).__name__.lower()}-{self.pk}"

    @classmethod
    def key_condition(cls, key: str) -> Q:
        """The records whose ``short_key`` or upstream key is ``key`` (case-insensitive, as Nest's APIs)."""
        keys = {key, *(prefix + key for prefix in cls.key_prefixes)}
        condition = Q()
        for value in keys:
            condition |= Q(owasp_key__iexact=value)
        return condition

    @property
    def inactive_notice(self) -> str:
        """Why the record is inactive, as every page and panel says it; '' while it is active."""
        if self.is_active:
            return ""
        if not self.is_listed:
            return gettext_noop("Inactive: no longer listed by OWASP.")
        return self.inactive_label
