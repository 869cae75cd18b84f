"""Admin panels for synced records: a read-only summary of where each field's value comes from."""

from wagtail.admin.panels import Panel

from cms import provenance


class SyncProvenancePanel(Panel):
    """Lists the upstream key, the last sync and, per synced field, whether it follows sync or an editor."""

    def __init__(self, template="cms/panels/sync_provenance.html", **kwargs):
        super().__init__(**kwargs)
        self.template = template

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["template"] = self.template
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or "sync_provenance"

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.template_name = self.panel.template

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context.update(
                owasp_key=instance.owasp_key,
                sync_source=instance.sync_source,
                last_synced_at=instance.last_synced_at,
                is_active=instance.is_active,
                inactive_notice=instance.inactive_notice,
                field_states=provenance.field_states(instance),
                overridden=provenance.OVERRIDDEN,
                synced=provenance.SYNCED,
            )
            return context
