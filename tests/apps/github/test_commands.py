"""sync_github: progress bar, summary, and a clear failure (not a traceback) when GitHub is unreachable."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from apps.github.models import Repository

pytestmark = pytest.mark.django_db


def test_sync_github_prints_progress_and_a_summary(fake_github, settings):
    settings.GITHUB_API_URL = fake_github.url
    out, err = io.StringIO(), io.StringIO()

    call_command("sync_github", "--org", "OWASP", stdout=out, stderr=err)

    summary = out.getvalue()
    assert "GitHub sync of OWASP (incremental)" in summary
    assert "repositories: 8 synced" in summary
    assert "requests: " in summary and "GitHub sync complete." in summary
    assert "8/8" in err.getvalue()  # the progress bar
    assert Repository.objects.count() == 8


def test_sync_github_one_repository_in_full(fake_github, github_dataset, settings):
    settings.GITHUB_API_URL = fake_github.url
    name = sorted(github_dataset.organizations["OWASP"].repos)[0]
    out = io.StringIO()

    call_command("sync_github", "--org", "OWASP", "--repo", name, "--full", stdout=out, stderr=io.StringIO())

    assert "(full)" in out.getvalue() and "repositories: 1 synced" in out.getvalue()
    assert list(Repository.objects.values_list("name", flat=True)) == [name]


def test_sync_github_without_github_fails_clearly(settings):
    settings.GITHUB_API_URL = "http://127.0.0.1:9"
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_MAX_RETRIES = 0
    out = io.StringIO()

    with pytest.raises(CommandError, match=re.escape("did not complete: GitHub unavailable at http://127.0.0.1:9")):
        call_command("sync_github", stdout=out, stderr=io.StringIO())

    assert "stopped early: GitHub unavailable" in out.getvalue()


def test_sync_github_reports_errors_it_skipped(fake_github, github_dataset, settings):
    settings.GITHUB_API_URL = fake_github.url
    target = sorted(github_dataset.organizations["OWASP"].repos.values(), key=lambda r: r.full_name.lower())[1]
    fake_github.inject("truncated_json", path=f"/repos/{target.full_name}/releases")
    out = io.StringIO()

    call_command("sync_github", stdout=out, stderr=io.StringIO())

    assert f"error: {target.full_name} releases: invalid JSON" in out.getvalue()
    assert "1 errors; the next run retries them." in out.getvalue()
