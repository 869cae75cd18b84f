"""A read viewset that leaves its rows or its detail's finder unwritten fails when it is routed (the URLs load)
or made, never on a visitor's request."""

import pytest

from api.rest.views.base import ListViewSet, ReadViewSet


def test_a_viewset_without_its_finder_or_its_rows_is_refused_when_routed_and_when_made():
    class NoFinder(ReadViewSet):
        def rows(self):
            raise AssertionError("never called")

    class NoRows(ListViewSet):
        pass

    with pytest.raises(TypeError, match="NoFinder cannot be routed: it does not write find"):
        NoFinder.as_view({"get": "retrieve"})
    with pytest.raises(TypeError, match="NoRows cannot be routed: it does not write rows"):
        NoRows.as_view({"get": "list"})
    with pytest.raises(TypeError, match="abstract method"):
        NoFinder()


def test_a_viewset_writing_both_is_routed():
    class Complete(ReadViewSet):
        def rows(self):
            raise AssertionError("never called")

        def find(self, **kwargs):
            raise AssertionError("never called")

    view = Complete.as_view({"get": "list"})

    assert view.cls is Complete and view.actions == {"get": "list"}
