"""Fixtures shared by the API tests: mentorship's world (a published program with two modules, their mentors,
two mentees, a confirmed leader who administers it, staff) from tests/apps/mentorship."""

from tests.apps.mentorship.conftest import program_factory, world  # noqa: F401 -- fixtures
