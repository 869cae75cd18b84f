"""Per-request batch loaders: a nested field of many parents costs one query, however many parents.

graphql-core completes a list depth first: the first project's repositories are resolved before the second
project is looked at. A loader that only batched the keys asked so far would run once per parent. So every
object a resolver or loader hands back is *observed*: its keys (its own id, the ids it points at) join the
request's pending keys of their kind, and a loader, on its first miss, loads every pending key of its kind
at once. The second project's repositories then come from the first batch, and so do the issues of every
repository of every project: a deep query runs a bounded number of queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from apps.github.models import (
    Issue,
    Label,
    Milestone,
    Organization,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    User,
)
from apps.mentorship.models import Application
from apps.owasp.models import Snapshot
from cms.models import Leader, OwaspPage, ProjectPage

# What each observed object tells about: (kind of key, attribute holding it).
OBSERVED_KEYS: dict[type, tuple[tuple[str, str], ...]] = {
    ProjectPage: (("page", "pk"), ("project", "pk")),
    OwaspPage: (("page", "pk"),),
    Repository: (("repository", "pk"), ("organization", "organization_id"), ("project", "project_id")),
    Issue: (("issue", "pk"), ("user", "author_id"), ("repository", "repository_id")),
    PullRequest: (("pull_request", "pk"), ("user", "author_id"), ("repository", "repository_id")),
    Release: (("release", "pk"), ("user", "author_id"), ("repository", "repository_id")),
    Milestone: (("milestone", "pk"), ("user", "creator_id"), ("repository", "repository_id")),
    User: (("user", "pk"),),
    Organization: (("organization", "pk"),),
    Leader: (("leader", "pk"), ("page", "page_id")),
    RepositoryContributor: (("repository", "repository_id"), ("user", "user_id")),
    Label: (),
    Snapshot: (("snapshot", "pk"),),
    Application: (("application", "pk"),),
}


def _keys_of(obj) -> tuple[tuple[str, str], ...]:
    for cls in type(obj).__mro__:
        if cls in OBSERVED_KEYS:
            return OBSERVED_KEYS[cls]
    return ()


class Loader:
    """Values by key of one kind, loaded by ``batch`` (keys -> {key: value}) for all pending keys at once."""

    def __init__(
        self, loaders: Loaders, kind: str, batch: Callable[[list], dict], default: Any = None, keys_of: str = ""
    ):
        self.loaders, self.kind, self.batch, self.default = loaders, kind, batch, default
        self.keys_of = keys_of  # the kind of key its values are, when they are keys (ids) rather than objects
        self.cache: dict[Hashable, Any] = {}
        self.batches = 0

    def load(self, key: Hashable):
        if key is None:
            return self.default
        if key not in self.cache:
            pending = [k for k in self.loaders.pending(self.kind) if k not in self.cache]
            keys = list(dict.fromkeys([key, *pending]))
            found = self.batch(keys)
            self.batches += 1
            for k in keys:
                self.cache[k] = found.get(k, self.default)
            if self.keys_of:
                self.loaders.want(self.keys_of, found.values())
            else:
                self.loaders.observe_values(found.values())
        return self.cache[key]


class Loaders:
    """The loaders of one request, made on first use, and the keys observed so far."""

    def __init__(self):
        self._loaders: dict[Hashable, Loader] = {}
        self._seen: dict[str, dict[Hashable, None]] = {}

    def pending(self, kind: str) -> Iterable:
        return self._seen.get(kind, {})

    def observe(self, objects: Iterable) -> None:
        """Make every object's keys pending for the loaders of their kinds."""
        for obj in objects:
            for kind, attribute in _keys_of(obj):
                value = getattr(obj, attribute, None)
                if value is not None:
                    self._seen.setdefault(kind, {})[value] = None

    def want(self, kind: str, keys: Iterable) -> None:
        """Make these keys of ``kind`` pending."""
        pending = self._seen.setdefault(kind, {})
        for key in keys:
            if key is not None:
                pending[key] = None

    def observe_values(self, values: Iterable) -> None:
        for value in values:
            if isinstance(value, list | tuple):
                self.observe(value)
            elif value is not None:
                self.observe([value])

    def get(
        self, name: Hashable, kind: str, batch: Callable[[list], dict], default: Any = None, keys_of: str = ""
    ) -> Loader:
        """The request's loader named ``name`` (include the arguments that change what it loads), keyed by
        keys of ``kind``; ``keys_of`` names the kind of its values when they are keys of other objects."""
        if name not in self._loaders:
            self._loaders[name] = Loader(self, kind, batch, default, keys_of)
        return self._loaders[name]


def loaders_of(info) -> Loaders:
    """The current request's loaders (made on first use)."""
    context = info.context
    loaders = getattr(context, "nest_loaders", None)
    if loaders is None:
        loaders = Loaders()
        context.nest_loaders = loaders
    return loaders


def observed(info, objects):
    """Hand ``objects`` back to GraphQL after making their keys pending (list resolvers end with this)."""
    objects = list(objects)
    loaders_of(info).observe(objects)
    return objects
