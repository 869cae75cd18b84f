"""Users come embedded in issues, releases, contributors and commits: collected while parsing, upserted once
per repository, never requested one by one."""

from __future__ import annotations

from apps.github.models import User, UserType
from apps.github.sync.common import bulk_upsert, required, text

USER_FIELDS = ["node_id", "login", "avatar_url", "html_url", "type", "is_site_admin"]
USER_TYPES = set(UserType.values)


class UserCollector:
    """The users met while parsing one repository's payloads, by GitHub id."""

    def __init__(self) -> None:
        self.users: dict[int, User] = {}

    def add(self, gh_user) -> int | None:
        """Remember an embedded user object and return its id; ``None`` for null or unusable objects."""
        if not isinstance(gh_user, dict):
            return None
        try:
            user_id = required(gh_user, "id", int)
            login = required(gh_user, "login", str)
        except ValueError:
            return None
        kind = gh_user.get("type")
        self.users[user_id] = User(
            id=user_id,
            node_id=text(gh_user.get("node_id"), 64),
            login=text(login, 100),
            avatar_url=text(gh_user.get("avatar_url"), 500),
            html_url=text(gh_user.get("html_url") or f"https://github.com/{login}", 500),
            type=kind if kind in USER_TYPES else UserType.USER,
            is_site_admin=bool(gh_user.get("site_admin", False)),
        )
        return user_id

    def save(self) -> int:
        """Upsert the users that are new or changed; the same people recur across repositories, so most
        are already stored as they are and cost only their share of one SELECT."""
        if not self.users:
            return 0
        stored = {
            row[0]: row[1:] for row in User.objects.filter(id__in=list(self.users)).values_list("id", *USER_FIELDS)
        }
        changed = [
            user
            for user_id, user in self.users.items()
            if stored.get(user_id) != tuple(getattr(user, name) for name in USER_FIELDS)
        ]
        return bulk_upsert(User, changed, unique_fields=["id"], update_fields=USER_FIELDS)
