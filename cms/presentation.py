"""What a page's template shows beyond the page's own fields, supplied by the site that renders it.

A Wagtail page is both a record and its own view: ``get_context`` is where a page hands its template the data
of its listing or detail. That data comes from querysets, FilterSets and services of the domain, composed by the
public site (``theme``), which imports cms. So that cms never imports the site, the site registers one provider
per page type when it starts (``theme.page_context``), and every page's ``get_context`` asks for it here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], dict]

_providers: dict[type, Provider] = {}


def provides(*models: type) -> Callable[[Provider], Provider]:
    """Register ``provider(page, request) -> dict`` for pages of ``models`` (and their subclasses)."""

    def register(provider: Provider) -> Provider:
        for model in models:
            _providers[model] = provider
        return provider

    return register


def page_context(page, request) -> dict:
    """The extra context of ``page`` for ``request``: the provider of its closest registered class, or {}."""
    for cls in type(page).__mro__:
        provider = _providers.get(cls)
        if provider is not None:
            return provider(page, request)
    return {}


class PresentedPageMixin:
    """``get_context`` adds what the page's provider supplies (its listing, its detail)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self, request))
        return context
