"""Forms of the site's own pages (not Wagtail's): they parse what a visitor types; the rules are the domain's."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.services import api_keys


class ApiKeyForm(forms.Form):
    """A new API key's name and expiry date; the service checks the lifetime and the cap."""

    name = forms.CharField(label=_("Name"), max_length=api_keys.NAME_MAX_LENGTH, strip=True)
    expires_on = forms.DateField(label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        now = now or timezone.now()
        today = timezone.localdate(now)
        self.fields["expires_on"].widget.attrs.update(
            min=today.isoformat(), max=timezone.localdate(api_keys.latest_expiry(now)).isoformat()
        )
        self.fields["expires_on"].help_text = _("The key stops working at the start of that day (%(tz)s).") % {
            "tz": timezone.get_current_timezone_name()
        }
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate(api_keys.default_expiry(now)))

    def expires_at(self) -> datetime:
        """The chosen day's first moment in the current time zone."""
        return datetime.combine(self.cleaned_data["expires_on"], time.min, tzinfo=timezone.get_current_timezone())
