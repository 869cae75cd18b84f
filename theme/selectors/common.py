"""Helpers shared by the listing selectors: bounded pagination, parameter parsing, page URLs."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from theme.cache import PageParameters

PAGE_SIZE = 24


def paginate(queryset, number, *, per_page: int = PAGE_SIZE, count: int | None = None):
    """A page of results; out-of-range and malformed page numbers give the nearest valid page (never a 404).
    ``count``, when known (cached), saves the COUNT query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: setting it skips the query
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def clean_text(value, *, max_length: int = 100) -> str:
    return " ".join(str(value or "").split())[:max_length]


def page_parameters(listing, page, *, name: str = "page") -> PageParameters:
    """What a listing page read from its query string, for the page cache: the FilterSet's parameters plus
    the page number actually served (page 1, however it was asked for, is the same page)."""
    normalized = listing.normalized()
    if page.number != 1:
        normalized[name] = str(page.number)
    return PageParameters.of((*listing.filters, name), normalized, valid=listing.is_valid())
