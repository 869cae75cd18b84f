"""What every read endpoint shares (``ListViewSet``, and ``ReadViewSet`` with a detail): JSON only, Nest's errors
and page envelope, the FilterSet of its list, and responses cached under the API data version with ETag /
Last-Modified (``api.rest.caching``)."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.rest.caching import cached_read, cached_value
from api.rest.errors import exception_handler
from api.rest.pagination import NestPagination
from api.rest.serializers.common import ErrorSerializer, ValidationErrorSerializer
from apps.github.services.status import GitHubStatus, last_github_sync, status_at


def operations(name: str, plural: str, tag: str, list_text, get_text, *, item=None, detail=None, nested=False):
    """The viewset's list items' and detail's serializers (``item``, ``detail``) and its 404 message
    ("Project not found"), and the schema of its two operations, with Nest's operation ids (``list_projects``,
    ``get_project``), summaries and tags, and its 400 and 404 answers (a ``nested`` list, under a parent
    named in its path, may be a 404 too)."""
    list_responses = {200: item(many=True), 400: ValidationErrorSerializer} if item else None
    if list_responses and nested:
        list_responses[404] = ErrorSerializer
    schema = extend_schema_view(
        list=extend_schema(
            operation_id=f"list_{plural}",
            summary=f"List {plural}",
            tags=[tag],
            description=list_text,
            responses=list_responses,
        ),
        retrieve=extend_schema(
            operation_id=f"get_{name}",
            summary=f"Get {name}",
            tags=[tag],
            description=get_text,
            responses={200: detail, 400: ValidationErrorSerializer, 404: ErrorSerializer} if detail else None,
        ),
    )

    def decorate(viewset):
        if item is not None:
            viewset.serializer_class = item
        if detail is not None:
            viewset.detail_serializer_class = detail
        if viewset.not_found_message == ReadViewSet.not_found_message:  # an alias keeps its parent's
            viewset.not_found_message = f"{name.capitalize()} not found"
        return schema(viewset)

    return decorate


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend on the list only (a detail is found by its key, whatever the parameters)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        return super().filter_queryset(request, queryset, view)


class ListViewSet(viewsets.GenericViewSet, metaclass=ABCMeta):
    """A list (filtered, ordered, paged) of one entity: the rows of ``rows()``. A subclass that leaves an
    abstract method unwritten cannot be instantiated, nor routed (``as_view`` refuses it when the URLs load)."""

    renderer_classes = [JSONRenderer]
    pagination_class = NestPagination
    filter_backends = [FilterBackend]
    filterset_class = None
    serializer_class = None  # the list's items
    model = None  # what the list holds (the schema reads it without querying)

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        if cls.__abstractmethods__:
            missing = ", ".join(sorted(cls.__abstractmethods__))
            raise TypeError(f"{cls.__name__} cannot be routed: it does not write {missing}")
        return super().as_view(actions, **initkwargs)

    def get_exception_handler(self):
        return exception_handler

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular inspecting the view
            return self.model._default_manager.none()
        return self.rows()

    @abstractmethod
    def rows(self) -> QuerySet:
        """The rows the list may show (before its parameters): a domain queryset."""

    def load_page(self, queryset: QuerySet, ids: list) -> QuerySet:
        """The rows of one page, by id (any order): the list's queryset, with what the items show."""
        return queryset.order_by().filter(pk__in=ids)

    def github_status(self) -> GitHubStatus:
        """Whether GitHub was ever synced (cached per API data version)."""
        return status_at(cached_value("github-synced", last_github_sync))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["view"] = self
        return context

    def list(self, request, *args, **kwargs):
        return cached_read(request, self, self._list)

    def _list(self):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PageRow:
    """A page as a list's items read it: the columns of one ``values()`` row as attributes, with its
    ``short_key`` by the page model's rule, and no page instance (building Wagtail's, with modelcluster's
    child relations, cost more than serializing them)."""

    def __init__(self, model, values: dict):
        self.__dict__.update(values)
        self.pk = values["id"]
        self.short_key = model.short_key_of(values["owasp_key"], values["slug"])


class PageRowsMixin:
    """For a list of OWASP pages: each page of the list is read as ``PageRow``s of ``list_columns``."""

    model = None
    # What every page list's items read (``PageUrlField`` the url_path, ``page_times`` the four times).
    page_columns = (
        "id",
        "slug",
        "owasp_key",
        "title",
        "url_path",
        "pitch",
        "tags",
        "is_active",
        "created_on",
        "updated_on",
        "first_published_at",
        "last_published_at",
    )
    list_columns: tuple[str, ...] = ()  # the kind's own

    def load_page(self, queryset: QuerySet, ids: list) -> list[PageRow]:
        rows = super().load_page(queryset, ids).values(*self.page_columns, *self.list_columns)
        return [PageRow(self.model, values) for values in rows]


class ReadViewSet(ListViewSet):
    """A list and a detail (found by ``find(**url_kwargs)``) of one entity."""

    detail_serializer_class = None
    not_found_message = "Not found"

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    @abstractmethod
    def find(self, **kwargs):
        """The detail's row for the URL's keys, or None."""

    def prepare(self, instance):
        """Attach what the detail shows beyond the row (leaders, history ...)."""
        return instance

    def retrieve(self, request, *args, **kwargs):
        return cached_read(request, self, lambda: self._retrieve(**kwargs))

    def _retrieve(self, **kwargs):
        instance = self.find(**kwargs)
        if instance is None:
            raise NotFound(self.not_found_message)
        return Response(self.get_serializer(self.prepare(instance)).data)
