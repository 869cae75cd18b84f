"""Pages of every list, in OWASP Nest's envelope: ``items``, ``current_page``, ``total_count``,
``total_pages``, ``has_next``, ``has_previous``, with ``page`` (from 1) and ``page_size`` (1 to 100,
default 100, as Nest's). Beside them, ``next_cursor``: the position after the page's last item.

Costs stay flat with depth:

- A page is read as its rows' sort keys and ids first (index-only where an index covers the order), then
  its rows by id: two queries, whatever ``page_size``.
- Page numbers reach ``MAX_DEPTH`` rows at most (``page * page_size``); past that a 400 says to follow
  ``cursor``. A cursor (``next_cursor`` of the previous page) reads the rows after its position from the
  order's index (keyset), at any depth. Cursors are signed: one that was altered, or made for another
  list, order or filter, is a 400.
- ``total_count`` is counted once per list, filters and API data version, then read from the cache
  (``api.rest.caching``): exact as of the data the cached responses show, never counted per request.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from decimal import Decimal

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from api.rest import caching, keyset
from api.rest.errors import invalid_parameters

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 100
MAX_DEPTH = 10_000
MAX_CURSOR_LENGTH = 2_000
CURSOR_SALT = "api.rest.cursor"
PAGING_PARAMETERS = ("page", "page_size", "cursor")


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)
    cursor = forms.CharField(max_length=MAX_CURSOR_LENGTH, required=False, strip=False)

    def clean(self):
        data = super().clean()
        page, size = data.get("page") or 1, data.get("page_size") or DEFAULT_PAGE_SIZE
        if data.get("cursor") and self.data.get("page") not in (None, ""):
            self.add_error("cursor", _("Give either page or cursor, not both."))
        elif page * size > MAX_DEPTH and "page" not in self.errors:
            self.add_error(
                "page",
                _("Page numbers reach %(depth)s items at most (page * page_size); follow next_cursor to read further.")
                % {"depth": f"{MAX_DEPTH:,}"},
            )
        return data


def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def _decode(value):
    if isinstance(value, dict):
        if "t" in value:
            return datetime.datetime.fromisoformat(value["t"])
        if "d" in value:
            return datetime.date.fromisoformat(value["d"])
        if "n" in value:
            return Decimal(value["n"])
        raise ValueError(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(value)


def fingerprint(view, request, keys: list[keyset.SortKey]) -> str:
    """What a cursor belongs to: the list, its order and its filters (page size aside)."""
    filters = sorted((name, value) for name, value in request.query_params.lists() if name not in PAGING_PARAMETERS)
    order = [(str(key.expression), key.descending, key.nulls_last) for key in keys]
    text = json.dumps([view.basename or type(view).__name__, repr(order), filters], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_cursor(values: list, position: int, mark: str) -> str:
    """Signed without a time: the same position always gives the same cursor (and the same page the same ETag)."""
    data = {"v": [_encode(v) for v in values], "p": position, "f": mark}
    return signing.Signer(salt=CURSOR_SALT).sign_object(data, compress=True)


def decode_cursor(text: str, mark: str, width: int) -> tuple[list, int]:
    """The boundary values and position a cursor holds; ValueError when it is not one for this list."""
    try:
        data = signing.Signer(salt=CURSOR_SALT).unsign_object(text)
    except signing.BadSignature:
        raise ValueError(_("This is not a cursor this API gave out.")) from None
    if not isinstance(data, dict) or data.get("f") != mark:
        raise ValueError(_("This cursor belongs to another list, order or set of filters."))
    values, position = data.get("v"), data.get("p")
    if not isinstance(values, list) or len(values) != width or not isinstance(position, int) or position < 0:
        raise ValueError(_("This is not a cursor this API gave out."))
    return [_decode(value) for value in values], position


class NestPagination(BasePagination):
    """Nest's page envelope over keyset reads (see the module docstring)."""

    def paginate_queryset(self, queryset, request, view=None):
        form = PageForm(request.query_params)
        if not form.is_valid():
            raise invalid_parameters(form.errors)
        size = form.cleaned_data.get("page_size") or DEFAULT_PAGE_SIZE
        keys = keyset.sort_keys(queryset)
        mark = fingerprint(view, request, keys)
        boundary, position = (
            None,
            (  # rows before this page
                ((form.cleaned_data.get("page") or 1) - 1) * size
            ),
        )
        if cursor := form.cleaned_data.get("cursor"):
            try:
                boundary, position = decode_cursor(cursor, mark, len(keys))
            except ValueError as exc:
                raise invalid_parameters({"cursor": [str(exc)]}) from None

        rows = keyset.read_keys(
            queryset, keys, limit=size + 1, offset=position if boundary is None else 0, boundary=boundary
        )
        more, rows = len(rows) > size, rows[:size]
        ids = [row[-1] for row in rows]
        by_id = {item.pk: item for item in view.load_page(queryset, ids)} if ids else {}
        self.items = [by_id[pk] for pk in ids if pk in by_id]
        self.total = caching.cached_count(view, request, queryset)
        self.size, self.position, self.more = size, position, more
        self.next_cursor = encode_cursor(rows[-1], position + len(rows), mark) if more and rows else None
        return self.items

    def get_paginated_response(self, data):
        return Response(
            {
                "current_page": self.position // self.size + 1,
                "has_next": self.more,
                "has_previous": self.position > 0,
                "items": data,
                "total_count": self.total,
                "total_pages": math.ceil(self.total / self.size) if self.total else 0,
                "next_cursor": self.next_cursor,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["current_page", "has_next", "has_previous", "items", "total_count", "total_pages"],
            "properties": {
                "current_page": {"type": "integer", "description": str(PAGE_DESCRIPTIONS["current_page"])},
                "has_next": {"type": "boolean", "description": str(PAGE_DESCRIPTIONS["has_next"])},
                "has_previous": {"type": "boolean", "description": str(PAGE_DESCRIPTIONS["has_previous"])},
                "items": schema,
                "total_count": {"type": "integer", "description": str(PAGE_DESCRIPTIONS["total_count"])},
                "total_pages": {"type": "integer", "description": str(PAGE_DESCRIPTIONS["total_pages"])},
                "next_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": str(PAGE_DESCRIPTIONS["next_cursor"]),
                },
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": str(PAGE_DESCRIPTIONS["page"]),
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": str(PAGE_DESCRIPTIONS["page_size"]),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": str(PAGE_DESCRIPTIONS["cursor"]),
                "schema": {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
            },
        ]


PAGE_DESCRIPTIONS = {
    "page": gettext_lazy(
        "Page number, from 1. Pages reach 10,000 items at most (page * page_size): a deeper page is a 400; "
        "follow next_cursor instead. Not with cursor."
    ),
    "page_size": gettext_lazy("Number of items per page, 1 to 100 (a larger value is a 400)."),
    "cursor": gettext_lazy(
        "Where to continue: the next_cursor of the previous page (opaque and signed; one altered, or made for "
        "another list, order or filters, is a 400). Reads at any depth at the cost of the first page."
    ),
    "current_page": gettext_lazy("Current page number (with a cursor: the page its position falls in)."),
    "has_next": gettext_lazy("Whether there is a next page."),
    "has_previous": gettext_lazy("Whether there is a previous page."),
    "total_count": gettext_lazy(
        "Total number of items: exact as of the data this response shows, counted once per filters and data "
        "version and cached, not counted on each request."
    ),
    "total_pages": gettext_lazy("Total number of pages at this page_size."),
    "next_cursor": gettext_lazy("The cursor of the next page; null on the last page."),
}
