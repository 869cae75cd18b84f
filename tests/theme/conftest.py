import pytest

from tests import factories


@pytest.fixture
def recorded(data_dir):
    """The recorded PyGithub repository with its issues, pulls, releases and contributors."""
    return factories.recorded_github(data_dir)
