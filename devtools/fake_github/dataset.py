"""The fake GitHub's in-memory data: organizations, their repositories and each repository's issues, pull
requests, releases, labels, milestones, contributors, commits and languages; a repository may also carry a
folder of files, served as its contents, git trees and blobs (see contents.py).

Items are either *recorded* (a real GitHub JSON object from ``<NEST_DATA_DIR>/github-api``, served as is) or
*generated* (compact records rendered to GitHub's JSON shape on request, so 200,000 issues fit in memory).
Every item carries ``rev``, bumped by each change: the server derives ETags from the ids and revisions of the
items on a page, so an unchanged page keeps its ETag without being rendered.
"""

from __future__ import annotations

import hashlib
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devtools.randomness import seeded_words

API_URL = "https://api.github.com"
WEB_URL = "https://github.com"


def iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(int(timestamp), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


CITY_NAMES = ["London", "New York", "Brussels", "Tel Aviv", "Nagpur", "São Paulo", "Melbourne", "Detroit"]


def node_id(prefix: str, number: int) -> str:
    return f"{prefix}_{hashlib.sha1(f'{prefix}{number}'.encode()).hexdigest()[:16]}"  # noqa: S324 - an id, not security


# -- users ---------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class FakeUser:
    id: int
    login: str
    type: str = "User"
    bio: str | None = None  # None: seeded words (``profile``); a test may set its own
    profile_rev: int = 0  # bumped by each profile edit (its ``updated_at`` moves)

    def profile(self) -> dict:
        """``GET /users/{login}``: the embedded object plus the profile fields."""
        words = seeded_words(self.id * 13, 4).split()
        return {
            **self.render(),
            "name": " ".join(word.capitalize() for word in words[:2]),
            "company": f"@{words[2]}" if self.id % 3 else None,
            "blog": "",
            "location": CITY_NAMES[self.id % len(CITY_NAMES)],
            "email": None,
            "hireable": None,
            "bio": seeded_words(self.id * 17, 8) if self.bio is None else self.bio,
            "twitter_username": None,
            "public_repos": self.id % 40,
            "public_gists": 0,
            "followers": self.id % 500,
            "following": self.id % 50,
            "created_at": iso(1.2e9 + (self.id % 10_000) * 86_400),
            "updated_at": iso(1.7e9 + self.profile_rev * 3_600),
        }

    def render(self) -> dict:
        login = self.login
        return {
            "login": login,
            "id": self.id,
            "node_id": node_id("U", self.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{self.id}?v=4",
            "gravatar_id": "",
            "url": f"{API_URL}/users/{login}",
            "html_url": f"{WEB_URL}/{login}",
            "followers_url": f"{API_URL}/users/{login}/followers",
            "following_url": f"{API_URL}/users/{login}/following{{/other_user}}",
            "gists_url": f"{API_URL}/users/{login}/gists{{/gist_id}}",
            "starred_url": f"{API_URL}/users/{login}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{API_URL}/users/{login}/subscriptions",
            "organizations_url": f"{API_URL}/users/{login}/orgs",
            "repos_url": f"{API_URL}/users/{login}/repos",
            "events_url": f"{API_URL}/users/{login}/events{{/privacy}}",
            "received_events_url": f"{API_URL}/users/{login}/received_events",
            "type": self.type,
            "user_view_type": "public",
            "site_admin": False,
        }


# -- items ---------------------------------------------------------------------------------------------------
class Item(ABC):
    """What listings need of an item: id, revision, and the times they filter and sort on."""

    __slots__ = ()

    id: Any
    rev: int
    created: float
    updated: float

    @abstractmethod
    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        """The item as GitHub's API serves it."""


class RawItem(Item):
    """A recorded GitHub object, served exactly as recorded."""

    __slots__ = ("created", "data", "id", "rev", "state", "updated")

    def __init__(self, data: dict, *, created_key: str = "created_at", updated_key: str = "updated_at"):
        self.data = data
        self.id = data.get("id", data.get("sha", data.get("login")))
        self.rev = 0
        self.created = parse_iso(data.get(created_key)) or 0.0
        self.updated = parse_iso(data.get(updated_key)) or self.created
        self.state = data.get("state", "open")

    @property
    def is_pull(self) -> bool:
        return "pull_request" in self.data

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        return self.data


@dataclass(slots=True)
class FakeLabel(Item):
    id: int
    name: str
    color: str
    description: str = ""
    default: bool = False
    rev: int = 0
    created: float = 0.0
    updated: float = 0.0

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        return {
            "id": self.id,
            "node_id": node_id("LA", self.id),
            "url": f"{API_URL}/repos/{repo.full_name}/labels/{self.name.replace(' ', '%20')}",
            "name": self.name,
            "color": self.color,
            "default": self.default,
            "description": self.description,
        }


@dataclass(slots=True)
class FakeMilestone:
    id: int
    number: int
    title: str
    state: str
    creator: int
    created: float
    updated: float
    due_on: float | None = None
    closed: float | None = None

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        url = f"{API_URL}/repos/{repo.full_name}/milestones/{self.number}"
        return {
            "url": url,
            "html_url": f"{WEB_URL}/{repo.full_name}/milestone/{self.number}",
            "labels_url": f"{url}/labels",
            "id": self.id,
            "node_id": node_id("MI", self.id),
            "number": self.number,
            "title": self.title,
            "description": f"Milestone {self.title}",
            "creator": dataset.user(self.creator),
            "open_issues": 0,
            "closed_issues": 0,
            "state": self.state,
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
            "due_on": iso(self.due_on),
            "closed_at": iso(self.closed),
        }


@dataclass(slots=True)
class FakeIssue(Item):
    """An issue, or a pull request when ``is_pull`` (the issues endpoint serves both)."""

    id: int
    number: int
    state: str
    author: int
    created: float
    updated: float
    closed: float | None = None
    assignees: tuple = ()
    labels: tuple = ()
    milestone: int | None = None
    comments: int = 0
    is_pull: bool = False
    merged: float | None = None
    draft: bool = False
    title: str | None = None
    body: str | None = None  # seeded words unless a test gives one
    rev: int = 0

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        base = f"{API_URL}/repos/{repo.full_name}/issues/{self.number}"
        kind = "pull" if self.is_pull else "issues"
        assignees = [dataset.user(user_id) for user_id in self.assignees]
        data = {
            "url": base,
            "repository_url": f"{API_URL}/repos/{repo.full_name}",
            "labels_url": f"{base}/labels{{/name}}",
            "comments_url": f"{base}/comments",
            "events_url": f"{base}/events",
            "html_url": f"{WEB_URL}/{repo.full_name}/{kind}/{self.number}",
            "id": self.id,
            "node_id": node_id("PR" if self.is_pull else "I", self.id),
            "number": self.number,
            "title": self.title or seeded_words(self.id, 3 + self.id % 7).capitalize(),
            "user": dataset.user(self.author),
            "labels": [repo.labels[label].render(dataset, repo) for label in self.labels if label in repo.labels],
            "state": self.state,
            "locked": False,
            "assignee": assignees[0] if assignees else None,
            "assignees": assignees,
            "milestone": repo.milestones[self.milestone].render(dataset, repo)
            if self.milestone in repo.milestones
            else None,
            "comments": self.comments,
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
            "closed_at": iso(self.closed),
            "author_association": "CONTRIBUTOR",
            "active_lock_reason": None,
            "body": seeded_words(self.id * 7, 20 + self.id % 40) if self.body is None else self.body,
            "timeline_url": f"{base}/timeline",
            "performed_via_github_app": None,
            "state_reason": ("completed" if self.state == "closed" else None),
        }
        if self.is_pull:
            pull = f"{API_URL}/repos/{repo.full_name}/pulls/{self.number}"
            html = f"{WEB_URL}/{repo.full_name}/pull/{self.number}"
            data["draft"] = self.draft
            data["pull_request"] = {
                "url": pull,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": iso(self.merged),
            }
        return data


@dataclass(slots=True)
class FakeRelease(Item):
    id: int
    tag: str
    author: int
    created: float
    published: float | None
    prerelease: bool = False
    draft: bool = False
    name: str = ""
    rev: int = 0

    @property
    def updated(self) -> float:
        return self.published or self.created

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        url = f"{API_URL}/repos/{repo.full_name}/releases/{self.id}"
        return {
            "url": url,
            "assets_url": f"{url}/assets",
            "upload_url": f"https://uploads.github.com/repos/{repo.full_name}/releases/{self.id}/assets{{?name,label}}",
            "html_url": f"{WEB_URL}/{repo.full_name}/releases/tag/{self.tag}",
            "id": self.id,
            "node_id": node_id("RE", self.id),
            "tag_name": self.tag,
            "target_commitish": repo.default_branch,
            "name": self.name or self.tag,
            "draft": self.draft,
            "prerelease": self.prerelease,
            "author": dataset.user(self.author),
            "created_at": iso(self.created),
            "published_at": iso(self.published),
            "assets": [],
            "tarball_url": f"{API_URL}/repos/{repo.full_name}/tarball/{self.tag}",
            "zipball_url": f"{API_URL}/repos/{repo.full_name}/zipball/{self.tag}",
            "body": seeded_words(self.id, 25),
        }


@dataclass(slots=True)
class FakeContributor(Item):
    user: int
    contributions: int
    rev: int = 0
    created: float = 0.0
    updated: float = 0.0

    @property
    def id(self) -> int:
        return self.user

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        return {**dataset.user(self.user), "contributions": self.contributions}


@dataclass(slots=True)
class FakeCommit(Item):
    sha: str
    author: int | None
    author_name: str
    created: float
    message: str = ""
    rev: int = 0

    @property
    def id(self) -> str:
        return self.sha

    @property
    def updated(self) -> float:
        return self.created

    def render(self, dataset: Dataset, repo: FakeRepo) -> dict:
        url = f"{API_URL}/repos/{repo.full_name}/commits/{self.sha}"
        person = {"name": self.author_name, "email": f"{self.author_name}@users.noreply.github.com"}
        user = dataset.user(self.author) if self.author is not None else None
        return {
            "sha": self.sha,
            "node_id": node_id("C", int(self.sha[:8], 16)),
            "commit": {
                "author": {**person, "date": iso(self.created)},
                "committer": {**person, "date": iso(self.created)},
                "message": self.message or seeded_words(int(self.sha[:8], 16), 6),
                "tree": {"sha": self.sha[::-1], "url": f"{API_URL}/repos/{repo.full_name}/git/trees/{self.sha[::-1]}"},
                "url": f"{API_URL}/repos/{repo.full_name}/git/commits/{self.sha}",
                "comment_count": 0,
                "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None},
            },
            "url": url,
            "html_url": f"{WEB_URL}/{repo.full_name}/commit/{self.sha}",
            "comments_url": f"{url}/comments",
            "author": user,
            "committer": user,
            "parents": [],
        }


# -- repositories and organizations --------------------------------------------------------------------------
@dataclass
class FakeRepo:
    id: int
    owner: str
    name: str
    created: float = 0.0
    updated: float = 0.0
    pushed: float | None = None
    description: str = ""
    homepage: str = ""
    language: str | None = None
    topics: list = field(default_factory=list)
    license: str | None = None
    stars: int = 0
    forks: int = 0
    watchers: int = 0
    size: int = 0
    archived: bool = False
    fork: bool = False
    default_branch: str = "main"
    has_issues: bool = True
    gone: bool = False  # deleted: 404
    blocked: bool = False  # access blocked (a DMCA takedown): 410
    empty: bool = False
    raw: dict | None = None  # a recorded repository object, served as recorded
    files: Path | None = None  # a folder served as the repository's contents, git trees and blobs
    rev: int = 0
    languages: dict = field(default_factory=dict)
    issues: list = field(default_factory=list)  # FakeIssue or RawItem, issues and pulls
    releases: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # id -> FakeLabel or RawItem
    milestones: dict = field(default_factory=dict)
    contributors: list = field(default_factory=list)
    commits: list = field(default_factory=list)
    next_number: int = 1
    deleted_issues: set = field(default_factory=set)  # numbers of deleted issues: 410
    transferred_issues: dict = field(default_factory=dict)  # number -> (repository id, number there): 301

    @property
    def listed(self) -> bool:
        """Served in its organization's listing (neither deleted nor blocked)."""
        return not (self.gone or self.blocked)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def open_issues_count(self) -> int:
        return sum(1 for issue in self.issues if issue.state == "open")

    def render(self, dataset: Dataset) -> dict:
        if self.raw is not None:
            return self.raw
        api = f"{API_URL}/repos/{self.full_name}"
        owner = dataset.organizations[self.owner].owner_object()
        licence = LICENSES.get(self.license) if self.license else None
        open_issues = self.open_issues_count
        return {
            "id": self.id,
            "node_id": node_id("R", self.id),
            "name": self.name,
            "full_name": self.full_name,
            "private": False,
            "owner": owner,
            "html_url": f"{WEB_URL}/{self.full_name}",
            "description": self.description or None,
            "fork": self.fork,
            "url": api,
            "forks_url": f"{api}/forks",
            "issues_url": f"{api}/issues{{/number}}",
            "pulls_url": f"{api}/pulls{{/number}}",
            "releases_url": f"{api}/releases{{/id}}",
            "labels_url": f"{api}/labels{{/name}}",
            "languages_url": f"{api}/languages",
            "contributors_url": f"{api}/contributors",
            "commits_url": f"{api}/commits{{/sha}}",
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
            "pushed_at": iso(self.pushed),
            "git_url": f"git://github.com/{self.full_name}.git",
            "ssh_url": f"git@github.com:{self.full_name}.git",
            "clone_url": f"{WEB_URL}/{self.full_name}.git",
            "homepage": self.homepage or None,
            "size": self.size,
            "stargazers_count": self.stars,
            "watchers_count": self.stars,
            "language": self.language,
            "has_issues": self.has_issues,
            "has_projects": True,
            "has_downloads": True,
            "has_wiki": True,
            "has_pages": self.name.startswith("www-"),
            "has_discussions": False,
            "forks_count": self.forks,
            "mirror_url": None,
            "archived": self.archived,
            "disabled": False,
            "open_issues_count": open_issues,
            "license": licence,
            "allow_forking": True,
            "is_template": False,
            "web_commit_signoff_required": False,
            "topics": list(self.topics),
            "visibility": "public",
            "forks": self.forks,
            "open_issues": open_issues,
            "watchers": self.stars,
            "default_branch": self.default_branch,
            "permissions": {"admin": False, "maintain": False, "push": False, "triage": False, "pull": True},
        }


LICENSES = {
    key: {"key": key, "name": name, "spdx_id": spdx, "url": f"{API_URL}/licenses/{key}", "node_id": node_id("L", i)}
    for i, (key, name, spdx) in enumerate(
        [
            ("apache-2.0", "Apache License 2.0", "Apache-2.0"),
            ("mit", "MIT License", "MIT"),
            ("gpl-3.0", "GNU General Public License v3.0", "GPL-3.0"),
            ("bsd-3-clause", 'BSD 3-Clause "New" or "Revised" License', "BSD-3-Clause"),
            ("cc-by-sa-4.0", "Creative Commons Attribution Share Alike 4.0 International", "CC-BY-SA-4.0"),
            ("agpl-3.0", "GNU Affero General Public License v3.0", "AGPL-3.0"),
            ("other", "Other", "NOASSERTION"),
        ]
    )
}


@dataclass
class FakeOrg:
    id: int
    login: str
    name: str = ""
    description: str = ""
    raw: dict | None = None
    synthetic: bool = False
    repos: dict = field(default_factory=dict)  # name -> FakeRepo
    rev: int = 0

    def owner_object(self) -> dict:
        if self.raw and "owner" in self.raw:
            return self.raw["owner"]
        user = FakeUser(self.id, self.login, "Organization").render()
        return user

    def render(self, dataset: Dataset) -> dict:
        if self.raw is not None and "owner" not in self.raw:
            return self.raw
        api = f"{API_URL}/orgs/{self.login}"
        data = {
            "login": self.login,
            "id": self.id,
            "node_id": node_id("O", self.id),
            "url": api,
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events",
            "hooks_url": f"{api}/hooks",
            "issues_url": f"{api}/issues",
            "members_url": f"{api}/members{{/member}}",
            "public_members_url": f"{api}/public_members{{/member}}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{self.id}?v=4",
            "description": self.description,
            "name": self.name or self.login,
            "company": None,
            "blog": "https://owasp.org",
            "location": "",
            "email": "",
            "twitter_username": None,
            "is_verified": True,
            "has_organization_projects": True,
            "has_repository_projects": True,
            "public_repos": sum(1 for repo in self.repos.values() if repo.listed),
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "html_url": f"{WEB_URL}/{self.login}",
            "created_at": "2010-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            "archived_at": None,
            "type": "Organization",
        }
        if self.synthetic:
            data["_note"] = "synthetic: built by the fake GitHub from the owner object of a recorded repository"
        return data


class Dataset:
    """All the fake's data, plus the changes tests make between two syncs (each bumps revisions)."""

    def __init__(self) -> None:
        self.organizations: dict[str, FakeOrg] = {}
        self.users: dict[int, FakeUser] = {}
        self._rendered_users: dict[int, dict] = {}
        self.lock = threading.RLock()
        self._next_id = 9_000_000_000
        self.redirects: dict[tuple[str, str], int] = {}  # an old (owner, name) -> the repository's id: 301

    # -- lookups ---------------------------------------------------------------------------------------------
    def user(self, user_id: int) -> dict:
        rendered = self._rendered_users.get(user_id)
        if rendered is None:
            rendered = self._rendered_users[user_id] = self.users[user_id].render()
        return rendered

    def add_user(self, user: FakeUser) -> FakeUser:
        self.users[user.id] = user
        self._rendered_users.pop(user.id, None)
        return user

    def user_by_login(self, login: str) -> FakeUser | None:
        lowered = login.lower()
        return next((user for user in self.users.values() if user.login.lower() == lowered), None)

    def edit_profile(self, user_id: int, **changes) -> FakeUser:
        """A user edits their profile (a new bio ...): only ``GET /users/{login}`` shows it."""
        with self.lock:
            user = self.users[user_id]
            for name, value in changes.items():
                setattr(user, name, value)
            user.profile_rev += 1
            return user

    def repo(self, owner: str, name: str) -> FakeRepo | None:
        org = self.organizations.get(owner)
        return org.repos.get(name) if org else None

    def repo_by_id(self, repo_id: int) -> FakeRepo | None:
        return next((repo for repo in self.all_repos() if repo.id == repo_id), None)

    def all_repos(self):
        for org in self.organizations.values():
            yield from org.repos.values()

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    # -- changes (what happens on GitHub between two syncs) --------------------------------------------------
    @staticmethod
    def now() -> float:
        return float(int(time.time()))

    def touch(self, repo: FakeRepo, *, pushed: bool = False) -> None:
        repo.rev += 1
        repo.updated = max(self.now(), repo.updated + 1)
        if pushed:
            repo.pushed = repo.updated

    def add_issue(self, repo: FakeRepo, *, author: int, title: str = "", is_pull: bool = False, **fields) -> FakeIssue:
        with self.lock:
            now = max(self.now(), max((issue.updated for issue in repo.issues), default=0) + 1)
            issue = FakeIssue(
                id=self.new_id(),
                number=repo.next_number,
                state=fields.pop("state", "open"),
                author=author,
                created=now,
                updated=now,
                title=title or None,
                is_pull=is_pull,
                **fields,
            )
            repo.next_number += 1
            repo.issues.append(issue)
            self.touch(repo)
            return issue

    def update_issue(self, repo: FakeRepo, number: int, **changes) -> FakeIssue:
        with self.lock:
            issue = next(issue for issue in repo.issues if issue.number == number)
            now = max(self.now(), max((item.updated for item in repo.issues), default=0) + 1)
            for name, value in changes.items():
                setattr(issue, name, value)
            if changes.get("state") == "closed" and issue.closed is None:
                issue.closed = now
            issue.updated = now
            issue.rev += 1
            self.touch(repo)  # open_issues_count and updated_at move, as on GitHub
            return issue

    def edit_issue(self, repo: FakeRepo, number: int, **changes) -> FakeIssue:
        """An edit that, as on GitHub, moves the issue's ``updated_at`` but not its repository's listing entry:
        a new title or body, labels, assignees, a comment (``comments``). Opening or closing changes the
        repository's open-issue count, so that is ``update_issue``."""
        with self.lock:
            issue = next(issue for issue in repo.issues if issue.number == number)
            for name, value in changes.items():
                setattr(issue, name, value)
            issue.updated = max(self.now(), max((item.updated for item in repo.issues), default=0) + 1)
            issue.rev += 1
            return issue

    def add_comment(self, repo: FakeRepo, number: int) -> FakeIssue:
        issue = next(issue for issue in repo.issues if issue.number == number)
        return self.edit_issue(repo, number, comments=issue.comments + 1)

    def add_release(self, repo: FakeRepo, *, tag: str, author: int, prerelease: bool = False) -> FakeRelease:
        with self.lock:
            now = self.now()
            release = FakeRelease(self.new_id(), tag, author, now, now, prerelease=prerelease, name=f"Release {tag}")
            repo.releases.append(release)
            self.touch(repo, pushed=True)
            return release

    def add_commit(self, repo: FakeRepo, *, author: int | None, message: str) -> FakeCommit:
        with self.lock:
            now = max(self.now(), max((commit.created for commit in repo.commits), default=0) + 1)
            sha = hashlib.sha1(f"{repo.id}-{now}-{message}".encode()).hexdigest()  # noqa: S324 - a fake sha
            login = self.users[author].login if author is not None else "someone"
            commit = FakeCommit(sha, author, login, now, message)
            repo.commits.append(commit)
            self.touch(repo, pushed=True)
            return commit

    def remove_label(self, repo: FakeRepo, label_id: int) -> None:
        with self.lock:
            del repo.labels[label_id]

    def remove_repo(self, repo: FakeRepo) -> None:
        """The repository is deleted on GitHub: every URL under it answers 404 and listings drop it."""
        with self.lock:
            repo.gone = True
            self.organizations[repo.owner].rev += 1

    def block_repo(self, repo: FakeRepo) -> None:
        """GitHub blocks access to the repository (a takedown): its URLs answer 410 and listings drop it."""
        with self.lock:
            repo.blocked = True
            self.organizations[repo.owner].rev += 1

    def move_repo(self, repo: FakeRepo, *, owner: str | None = None, name: str | None = None) -> None:
        """Rename the repository or transfer it to another organization of the dataset: its old URLs answer 301
        to ``/repositories/{id}``, as GitHub's do, and it keeps its id, issues and history."""
        with self.lock:
            old_owner, old_name = repo.owner, repo.name
            del self.organizations[old_owner].repos[old_name]
            repo.owner, repo.name = owner or old_owner, name or old_name
            self.organizations[repo.owner].repos[repo.name] = repo
            self.redirects[(old_owner, old_name)] = repo.id
            self.redirects.pop((repo.owner, repo.name), None)
            self.organizations[old_owner].rev += 1
            self.organizations[repo.owner].rev += 1
            self.touch(repo)

    def remove_issue(self, repo: FakeRepo, number: int) -> None:
        """The issue (or pull request) is deleted: listings drop it, its URL answers 410."""
        with self.lock:
            repo.issues = [item for item in repo.issues if item.number != number]
            repo.deleted_issues.add(number)

    def transfer_issue(self, repo: FakeRepo, number: int, target: FakeRepo) -> FakeIssue:
        """The issue moves to ``target`` under a new number, keeping its id; its old URL answers 301."""
        with self.lock:
            issue = next(item for item in repo.issues if item.number == number)
            repo.issues.remove(issue)
            issue.number = target.next_number
            target.next_number += 1
            issue.updated = max(self.now(), max((item.updated for item in target.issues), default=0) + 1)
            issue.rev += 1
            target.issues.append(issue)
            repo.transferred_issues[number] = (target.id, issue.number)
            self.touch(target)
            return issue

    def remove_release(self, repo: FakeRepo, release_id: int) -> None:
        """The release is deleted: the listing drops it, its URL answers 404."""
        with self.lock:
            repo.releases = [release for release in repo.releases if release.id != release_id]
