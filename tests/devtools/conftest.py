"""Fixtures of the developer tools' tests: the fake GitHub serving a generated and the recorded organizations."""

from tests.fakes.github import fake_github, github_dataset

__all__ = ["fake_github", "github_dataset"]
