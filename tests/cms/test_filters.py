"""The FilterSets serve DRF's DjangoFilterBackend as they serve the site's pages."""

import pytest
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cms.filters import ProjectFilter
from cms.models import ProjectPage
from tests import factories

pytestmark = pytest.mark.django_db


class ProjectView:
    filterset_class = ProjectFilter


def filtered(query: str) -> list[ProjectPage]:
    request = Request(APIRequestFactory().get(f"/api/v0/projects/?{query}"))
    return list(DjangoFilterBackend().filter_queryset(request, ProjectPage.objects.published(), ProjectView()))


def test_the_project_filter_serves_drf_and_rejects_bad_values_with_a_400(data_dir):
    projects = factories.real_projects(limit=20)
    factories.show_only(projects)
    flagships = sorted((p for p in projects if p.level == "flagship"), key=lambda p: (p.title.lower(), p.pk))

    assert flagships
    assert [p.pk for p in filtered("level=flagship&sort=name")] == [p.pk for p in flagships]
    with pytest.raises(serializers.ValidationError) as raised:
        filtered("level=legendary&q=%00")
    assert set(raised.value.detail) == {"level", "q"}
