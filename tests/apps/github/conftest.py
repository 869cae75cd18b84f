"""Fixtures of the GitHub app's tests: a generated OWASP-like organization served by a local fake GitHub."""

import pytest

from apps.github.fake import Dataset, FakeGitHub, generate_organization, load_recordings, recorded_dataset
from apps.github.sync import sync_github
from tests.fakes.github import make_client

ORG = "OWASP"


@pytest.fixture
def github_dataset(data_dir) -> Dataset:
    """8 generated repositories (240 issues, 60 pulls, releases, labels, contributors, commits) plus the
    organizations built from recorded payloads (octokit-fixture-org, PyGithub, github3py)."""
    dataset = Dataset()
    generate_organization(dataset, ORG, repos=8, issues=240, pulls=60, releases=24, commits=80, seed=7)
    recorded_dataset(data_dir, dataset)
    return dataset


@pytest.fixture
def fake_github(github_dataset, data_dir):
    """The fake GitHub serving ``github_dataset`` and replaying every recorded response."""
    with FakeGitHub(github_dataset, recordings=load_recordings(data_dir)) as fake:
        yield fake


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
