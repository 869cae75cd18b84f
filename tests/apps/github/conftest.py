"""Fixtures of the GitHub app's tests: a generated OWASP-like organization served by a local fake GitHub."""

import pytest

from apps.github.sync import sync_github
from tests.fakes.github import ORG, fake_github, github_dataset, make_client

__all__ = ["ORG", "fake_github", "github_dataset"]  # the fake's fixtures, shared with tests/devtools


@pytest.fixture
def run_sync(fake_github):
    """Run a sync against the fake, each run with a fresh client (as separate runs are); returns the report."""

    def run(organization: str = ORG, **options):
        client = make_client(fake_github, **options.pop("client_options", {}))
        try:
            return sync_github(organization, client=client, **options)
        finally:
            client.close()

    return run
