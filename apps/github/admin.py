"""Django admin of the GitHub app; each area registers its models in its own module."""

from apps.github import (
    admin_health,  # noqa: F401 - registers the health and leader-match admins
    admin_sync,  # noqa: F401 - registers the synced GitHub data (repositories, issues, ...)
)
