"""Helpers shared by the listing selectors: bounded pagination, parameter parsing, page URLs."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

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


def clean_float(value, *, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None
