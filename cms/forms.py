"""Admin forms for synced records: besides the model fields, a choice of overridden fields to hand back."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from cms import provenance


class HandBackMixin:
    """Adds ``sync_hand_back``: the editor picks overridden fields; saving restores their synced values."""

    def _setup_hand_back(self):
        field = self.fields.get("sync_hand_back")
        if field is None:
            return
        instance = self.instance
        choices = [
            (state.name, state.label.capitalize())
            for state in provenance.field_states(instance)
            if state.state == provenance.OVERRIDDEN
        ]
        field.choices = choices
        if not choices:
            field.help_text = "No field is overridden: every synced field follows OWASP's data."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_hand_back()

    def save(self, commit=True):
        instance = super().save(commit=False)
        names = self.cleaned_data.get("sync_hand_back") or []
        if names:
            provenance.hand_back(instance, names)
        if commit:
            instance.save()
            self.save_m2m()
        return instance


def _hand_back_field():
    return forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Hand back to sync",
        help_text="Tick a field to drop your change and let OWASP's data fill it again from the next sync.",
    )


class SyncedPageForm(HandBackMixin, WagtailAdminPageForm):
    sync_hand_back = _hand_back_field()


class SyncedSnippetForm(HandBackMixin, WagtailAdminModelForm):
    sync_hand_back = _hand_back_field()
