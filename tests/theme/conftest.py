import pytest

from tests import factories
from tests.fakes.github import fake_github, github_dataset

__all__ = ["fake_github", "github_dataset"]  # the fake GitHub's fixtures


@pytest.fixture
def recorded(data_dir):
    """The recorded PyGithub repository with its issues, pulls, releases and contributors."""
    return factories.recorded_github(data_dir)
