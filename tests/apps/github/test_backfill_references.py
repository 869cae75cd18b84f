"""Pull requests stored before the sync read closing references get them from the backfill migration."""

import importlib

import pytest
from django.apps import apps

from apps.github.models import PullRequest
from tests import factories

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("apps.github.migrations.0008_backfill_pull_request_related_issues")


def test_the_backfill_reads_the_recorded_pull_requests_and_links_stored_issues(data_dir, monkeypatch):
    recorded = factories.recorded_github(data_dir)
    repository = recorded["repository"]
    # The recorded pull requests close issues the recording does not hold: one of them is stored now.
    fixed = factories.make_issue(repository, number=2794, title="An issue a recorded pull request resolves")
    assert not PullRequest.objects.exclude(closing_issue_numbers=[]).exists()
    monkeypatch.setattr(backfill, "BATCH_SIZE", 2)  # several batches

    backfill.backfill(apps, None)

    closing = dict(PullRequest.objects.exclude(closing_issue_numbers=[]).values_list("number", "closing_issue_numbers"))
    assert closing == {3022: [2794], 3006: [2970]}  # "Resolves: #2794", "Resolves #2970" in their bodies
    assert list(fixed.closing_pull_requests.values_list("number", flat=True)) == [3022]
    assert PullRequest.related_issues.through.objects.count() == 1
