"""FilterSets of GitHub listings: each parses and validates its query parameters once; a bad value (a NUL
byte, an oversized string, a malformed cursor) is a form error the page reports, never a database error."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.github.models import Issue
from apps.github.services.offered_issues import before, decode_cursor, offered_halves

MAX_VALUE_LENGTH = 100


class CursorField(forms.CharField):
    """A keyset cursor (``<created_at ISO 8601>_<id>``) as the (created_at, id) pair it names."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)  # the text's own checks: length, NUL bytes
        if not text:
            return None
        try:
            return decode_cursor(text)
        except ValueError:
            raise ValidationError(_("This is not a position in the list."), code="invalid") from None


class CursorFilter(django_filters.Filter):
    field_class = CursorField

    def filter(self, queryset, value):
        return before(queryset, value) if value else queryset


class OfferedIssueFilter(django_filters.FilterSet):
    """The contribute feed's parameters: language (a repository's primary language), project (its page's
    slug), label (a label name) and before (the cursor of the next page)."""

    language = django_filters.CharFilter(
        field_name="repository__language", label=_("Language"), max_length=MAX_VALUE_LENGTH
    )
    project = django_filters.CharFilter(
        field_name="repository__project__slug", label=_("Project"), max_length=MAX_VALUE_LENGTH
    )
    label = django_filters.CharFilter(field_name="labels__name", label=_("Label"), max_length=MAX_VALUE_LENGTH)
    before = CursorFilter(label=_("Older issues"))

    class Meta:
        model = Issue
        fields = ["language", "project", "label", "before"]

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("queryset", Issue.objects.none())
        super().__init__(data, *args, **kwargs)

    def offered(self, now=None) -> list[QuerySet]:
        """The offered halves (``offered_halves``) filtered by the valid parameters; invalid ones are left
        out and reported by ``problems``."""
        self.is_valid()
        return [self.filter_queryset(queryset) for queryset in offered_halves(now)]

    @property
    def values(self) -> dict:
        """The valid text parameters as given, "" for the others (what the form shows back)."""
        self.is_valid()
        data = self.form.cleaned_data
        return {name: data.get(name) or "" for name in ("language", "project", "label")}

    def problems(self) -> list[str]:
        """One message per invalid parameter, naming it."""
        return [
            f"{self.form.fields[name].label}: {' '.join(str(message) for message in messages)}"
            for name, messages in self.errors.items()
        ]
