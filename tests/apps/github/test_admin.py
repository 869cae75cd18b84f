"""Staff browse the synced GitHub data in the Django admin."""

import pytest
from django.db.models import Count

from apps.github.models import Issue, Repository

pytestmark = pytest.mark.django_db

MODELS = [
    "organization",
    "repository",
    "user",
    "issue",
    "pullrequest",
    "release",
    "label",
    "milestone",
    "repositorycontributor",
    "commit",
    "repositorysyncstate",
]


@pytest.mark.parametrize("model", MODELS)
def test_staff_list_and_open_each_synced_model(admin_client, run_sync, model):
    run_sync()

    listing = admin_client.get(f"/django-admin/github/{model}/")

    assert listing.status_code == 200
    row = listing.context["cl"].result_list[0]
    detail = admin_client.get(f"/django-admin/github/{model}/{row.pk}/change/")
    assert detail.status_code == 200


def test_search_finds_a_repository_and_its_issues(admin_client, run_sync):
    run_sync()
    repository = Repository.objects.annotate(n=Count("issues")).order_by("-n").first()

    found = admin_client.get("/django-admin/github/repository/", {"q": repository.name})
    issues = admin_client.get("/django-admin/github/issue/", {"q": repository.full_name})

    assert repository in found.context["cl"].result_list
    shown = list(issues.context["cl"].result_list)
    assert shown and set(shown) <= set(Issue.objects.filter(repository=repository))
