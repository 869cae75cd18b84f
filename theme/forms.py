"""Forms of the site's own pages (not Wagtail's): they parse what a visitor types; the rules are the domain's."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.ai.services.answers import MAX_QUESTION_CHARS, InvalidQuestion, clean_question
from apps.core.services import api_keys
from apps.search.services import FILTERS


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


class SearchForm(forms.Form):
    """The search page's parameters as typed: words and one value per facet. It only reads them (text, no
    NUL byte); the search service judges them (lengths, known types and levels) and names the one it
    refuses, which the page reports under that field."""

    q = forms.CharField(label=_("Words"), required=False)
    type = forms.CharField(label=_("Type"), required=False)
    level = forms.CharField(label=_("Level"), required=False)
    project_type = forms.CharField(label=_("Project type"), required=False)
    region = forms.CharField(label=_("Region"), required=False)
    country = forms.CharField(label=_("Country"), required=False)
    language = forms.CharField(label=_("Language"), required=False)
    label = forms.CharField(label=_("Label"), required=False)

    def filters(self) -> dict[str, str]:
        """The facets chosen (``apps.search.services.FILTERS``), empty ones left out."""
        return {name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name)}


class AskForm(forms.Form):
    """The /ask/ page's question as typed; the answer service judges it (``clean_question``)."""

    question = forms.CharField(label=_("Your question"), strip=True, max_length=MAX_QUESTION_CHARS)

    def clean_question(self):
        try:
            return clean_question(self.cleaned_data["question"])
        except InvalidQuestion as exc:
            raise forms.ValidationError(exc.message) from None


class ApplicationForm(forms.Form):
    """A mentee's statement for their application; the service checks its length and everything else."""

    statement = forms.CharField(
        label=_("Why you, and what you want to do"), widget=forms.Textarea(attrs={"rows": 8}), strip=True
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500, strip=True)
