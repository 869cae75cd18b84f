"""Generated GitHub rows: organizations, users, repositories linked to the generated pages, and their labels,
milestones, contributors, issues (with assignees and labels), pull requests, releases and commits.

Shapes are those of OWASP's real organization, so query plans and costs match production's: stars Pareto;
code repositories per project Zipf(0.7); issues per repository Zipf(0.9) by star rank; 30% of issues open, 25%
of open and 60% of closed ones assigned; 16 languages (Python 22%); dates over 10 years, weighted toward now.
Big tables go in by COPY with their plain indexes dropped during the load and rebuilt after.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apps.github.models import (
    Commit,
    Issue,
    Label,
    Milestone,
    Organization,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    User,
    UserType,
)
from devtools.generate.bulk import copy_rows, copy_tuples, indexes_dropped, next_free_id
from devtools.generate.owasp import GeneratedPage, weighted
from devtools.generate.plan import Plan
from devtools.randomness import (
    FIRST_NAMES,
    LAST_NAMES,
    Vocabulary,
    ZipfPicker,
    between,
    pareto_int,
    split_total,
    zipf_weights,
)

LANGUAGES = (
    ("Python", 22),
    ("JavaScript", 13),
    ("Java", 10),
    ("TypeScript", 9),
    ("Go", 8),
    ("HTML", 7),
    ("C#", 5),
    ("PHP", 4),
    ("Shell", 4),
    ("Ruby", 3),
    ("C", 3),
    ("C++", 3),
    ("Rust", 3),
    ("Kotlin", 2),
    ("Swift", 2),
    ("Dockerfile", 2),
)
# (spdx id, key, name, weight); "" = no license file, NOASSERTION = a license GitHub could not identify.
LICENSES = (
    ("MIT", "mit", "MIT License", 30),
    ("Apache-2.0", "apache-2.0", "Apache License 2.0", 25),
    ("GPL-3.0", "gpl-3.0", "GNU General Public License v3.0", 10),
    ("BSD-3-Clause", "bsd-3-clause", 'BSD 3-Clause "New" or "Revised" License', 6),
    ("AGPL-3.0", "agpl-3.0", "GNU Affero General Public License v3.0", 4),
    ("CC-BY-SA-4.0", "cc-by-sa-4.0", "Creative Commons Attribution Share Alike 4.0 International", 8),
    ("NOASSERTION", "other", "Other", 3),
    ("", "", "", 14),
)
DEFAULT_LABELS = (
    ("bug", "d73a4a"),
    ("documentation", "0075ca"),
    ("duplicate", "cfd3d7"),
    ("enhancement", "a2eeef"),
    ("good first issue", "7057ff"),
    ("help wanted", "008672"),
    ("invalid", "e4e669"),
    ("question", "d876e3"),
    ("wontfix", "ffffff"),
)
TOPICS = (
    "owasp",
    "security",
    "appsec",
    "devsecops",
    "pentesting",
    "threat-modeling",
    "ctf",
    "sast",
    "sbom",
    "owasp-top-10",
)
BODY_POOL = 4_000

Progress = Callable[[str, int], Callable[[int], None]]


@dataclass(slots=True)
class Repo:
    id: int
    name: str
    owner: str
    kind: str  # "site" (www-*) or "code"
    project_id: int | None
    project_name: str
    page_id: int | None
    stars: int
    created_at: datetime
    active_until: datetime
    issues: int = 0
    open_issues: int = 0
    pull_requests: int = 0
    open_pull_requests: int = 0
    releases: int = 0
    commits: int = 0
    contributors: list = field(default_factory=list)  # (user id, contributions)
    labels: list = field(default_factory=list)
    milestones: list = field(default_factory=list)


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n < 50:
        return sum(1 for _ in range(n) if rng.random() < p)
    value = round(n * p + math.sqrt(n * p * (1 - p)) * rng.gauss(0, 1))
    return min(max(value, 0), n)


class GitHubGenerator:
    def __init__(self, rng: random.Random, vocab: Vocabulary, now: datetime, plan: Plan, progress: Progress):
        self.rng = rng
        self.vocab = vocab
        self.now = now
        self.plan = plan
        self.progress = progress
        self.bodies = [vocab.paragraph(310) for _ in range(min(BODY_POOL, max(plan.issues // 20, 10)))]
        self.users: list[tuple[int, str, str]] = []  # (id, login, name)
        self.repos: list[Repo] = []
        self.user_picker: ZipfPicker | None = None
        self.counts: dict[str, int] = {}

    # -- users -----------------------------------------------------------------------------------------------
    def generate_users(self) -> list[tuple[int, str, str]]:
        """Users with unique logins; 60% have a profile name, 1% are bots."""
        first_id = next_free_id(User, 1_000_000)
        logins: set[str] = set()
        rows = []
        tail = self.vocab.words[-20_000:]
        for offset in range(self.plan.users):
            user_id = first_id + offset
            login = f"{self.rng.choice(tail)}{self.rng.choice(['', '-', ''])}{self.rng.choice(tail)}"[:30]
            if self.rng.random() < 0.4:
                login += str(self.rng.randint(1, 9999))
            while login.lower() in logins:
                login = f"{login[:34]}{self.rng.randint(0, 9)}"
            logins.add(login.lower())
            is_bot = self.rng.random() < 0.01
            name = ""
            if is_bot:
                login = f"{login[:33]}[bot]"
            elif self.rng.random() < 0.6:
                name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            created = self.now - timedelta(days=int(5400 * self.rng.random() ** 1.2) + 1)
            rows.append(
                {
                    "id": user_id,
                    "node_id": f"U_{user_id:x}",
                    "login": login,
                    "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
                    "html_url": f"https://github.com/{login}",
                    "type": UserType.BOT if is_bot else UserType.USER,
                    "name": name,
                    "company": self.rng.choice(["", "", "", "@OWASP", "Acme Security", "Contoso"]),
                    "location": self.rng.choice(["", "", "", "London", "Berlin", "Bangalore", "São Paulo"]),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            self.users.append((user_id, login, name))
        with indexes_dropped(User):
            self.counts["users"] = copy_rows(User, rows, progress=self.progress("users", len(rows)))
        people = [user_id for user_id, login, _ in self.users if not login.endswith("[bot]")]
        self.user_picker = ZipfPicker(people, 1.05, self.rng)
        return self.users

    # -- repositories ----------------------------------------------------------------------------------------
    def _organizations(self) -> list[tuple[int, str]]:
        first_id = next_free_id(Organization, 3_000_000)
        names = ["OWASP"] + [f"{word.capitalize()}Sec" for word in self.vocab.draw(self.plan.organizations * 3)]
        unique = list(dict.fromkeys(names))[: self.plan.organizations]
        rows = [
            {
                "id": first_id + index,
                "login": login,
                "name": "OWASP Foundation" if login == "OWASP" else login,
                "description": self.vocab.sentence(10),
                "html_url": f"https://github.com/{login}",
                "avatar_url": f"https://avatars.githubusercontent.com/u/{first_id + index}?v=4",
                "created_at": self.now - timedelta(days=4000),
            }
            for index, login in enumerate(unique)
        ]
        copy_rows(Organization, rows)
        self.counts["organizations"] = len(rows)
        return [(row["id"], row["login"]) for row in rows]

    def _active_until(self, created: datetime, project_active: bool) -> datetime:
        if project_active and self.rng.random() < 0.75:
            moment = self.now - timedelta(days=40 * self.rng.random() ** 2)
        else:
            moment = self.now - timedelta(days=90 + 2500 * self.rng.random())
        return max(moment, created + timedelta(days=1))

    def plan_repositories(self, pages: list[GeneratedPage]) -> None:
        """Site repositories for every project, chapter and committee page, then code repositories spread
        over the projects by Zipf(0.7); every figure of each repository is drawn here, before any row."""
        first_id = next_free_id(Repository, 100_000_000)
        next_id = iter(range(first_id, first_id + self.plan.repositories + len(pages) + 1))
        projects = [page for page in pages if page.kind == "project"]
        for page in pages:
            if page.kind == "event":
                continue
            created = datetime.combine(page.created_on, datetime.min.time(), tzinfo=self.now.tzinfo)
            self.repos.append(
                Repo(
                    id=next(next_id),
                    name=f"www-{page.kind}-{page.slug}",
                    owner="OWASP",
                    kind="site",
                    project_id=page.id if page.kind == "project" else None,
                    project_name=page.name,
                    page_id=page.id,
                    stars=min(int(self.rng.paretovariate(2.0)) - 1, 50),
                    created_at=created,
                    active_until=self._active_until(created, page.is_active),
                )
            )
        weights = zipf_weights(len(projects), 0.7)
        order = list(projects)
        self.rng.shuffle(order)
        owners = self.rng.choices(order, weights=weights, k=self.plan.code_repositories) if order else []
        names: set[str] = set()
        for project in owners:
            created = self.now - timedelta(days=int(3650 * self.rng.random() ** 1.3) + 30)
            base = project.slug if project.slug not in names else f"{project.slug}-{self.vocab.draw(1)[0]}"
            name = base
            while name in names:
                name = f"{base}-{self.rng.randint(2, 99999)}"
            names.add(name)
            self.repos.append(
                Repo(
                    id=next(next_id),
                    name=name,
                    owner="OWASP",
                    kind="code",
                    project_id=project.id,
                    project_name=project.name,
                    page_id=project.id,
                    stars=pareto_int(self.rng, 1.1, 20, 80_000),
                    created_at=created,
                    active_until=self._active_until(created, project.is_active),
                )
            )
        self._spread_activity()

    def _spread_activity(self) -> None:
        code = sorted((repo for repo in self.repos if repo.kind == "code"), key=lambda repo: -repo.stars)
        site = [repo for repo in self.repos if repo.kind == "site"]
        plan = self.plan

        def spread(total: int, code_share: float, exponent: float) -> tuple[list[int], list[int]]:
            code_total = round(total * code_share) if code and site else (total if code else 0)
            site_weights = [self.rng.random() + 0.1 for _ in site]
            return split_total(code_total, zipf_weights(len(code), exponent)), split_total(
                total - code_total, site_weights
            )

        for attribute, total, share, exponent in (
            ("issues", plan.issues, 0.97, 0.9),
            ("pull_requests", plan.pull_requests, 0.85, 0.9),
            ("commits", plan.commits, 0.85, 0.8),
        ):
            code_counts, site_counts = spread(total, share, exponent)
            for repo, count in zip(code + site, code_counts + site_counts, strict=True):
                setattr(repo, attribute, count)
        releases = split_total(plan.releases, zipf_weights(len(code), 0.8)) if code else []
        for repo, count in zip(code, releases, strict=True):
            repo.releases = count
        for repo in self.repos:
            dormant = repo.active_until < self.now - timedelta(days=90)
            repo.open_issues = _binomial(self.rng, repo.issues, 0.22 if dormant else 0.32)
            repo.open_pull_requests = _binomial(self.rng, repo.pull_requests, 0.05 if dormant else 0.15)

    def write_repositories(self) -> list[tuple[int, str, str]]:
        organizations = self._organizations()
        owasp_id = organizations[0][0]
        others = organizations[1:]
        rows, links = [], []
        for repo in self.repos:
            organization_id = owasp_id
            if repo.kind == "code" and others and self.rng.random() < 0.15:
                organization_id, repo.owner = self.rng.choice(others)
            full_name = f"{repo.owner}/{repo.name}"
            language = "HTML" if repo.kind == "site" else weighted(self.rng, LANGUAGES)
            languages = {language: self.rng.randint(5_000, 5_000_000)} if language else {}
            for extra in self.rng.sample(LANGUAGES, self.rng.randint(0, 3)) if repo.kind == "code" else ():
                languages.setdefault(extra[0], self.rng.randint(100, 200_000))
            spdx, key, license_name, _ = (
                ("", "", "", 0)
                if repo.kind == "site"
                else self.rng.choices(LICENSES, weights=[x[3] for x in LICENSES])[0]
            )
            row = {
                "id": repo.id,
                "node_id": f"R_{repo.id:x}",
                "organization_id": organization_id,
                "owner_login": repo.owner,
                "name": repo.name,
                "full_name": full_name,
                "description": self.vocab.sentence(12),
                "html_url": f"https://github.com/{full_name}",
                "default_branch": "main" if self.rng.random() < 0.7 else "master",
                "language": language,
                "languages": languages,
                "topics": self.rng.sample(TOPICS, self.rng.randint(0, 4)) if repo.kind == "code" else [],
                "license_key": key,
                "license_spdx_id": spdx,
                "license_name": license_name,
                "stars_count": repo.stars,
                "forks_count": int(repo.stars * self.rng.uniform(0.05, 0.45)),
                "watchers_count": repo.stars,
                "open_issues_count": repo.open_issues + repo.open_pull_requests,
                "size_kb": self.rng.randint(50, 500_000),
                "is_archived": repo.kind == "code" and repo.active_until < self.now - timedelta(days=700),
                "is_fork": repo.kind == "code" and self.rng.random() < 0.03,
                "created_at": repo.created_at,
                "updated_at": repo.active_until,
                "pushed_at": repo.active_until,
                "project_id": repo.project_id,
                "owasp_page_id": repo.page_id if repo.kind == "site" else None,
            }
            rows.append(row)
            if repo.kind == "code" and repo.project_id:
                links.append((repo.project_id, row["html_url"], repo.name))
        self.counts["repositories"] = copy_rows(Repository, rows, progress=self.progress("repositories", len(rows)))
        self._labels()
        self._milestones()
        self._contributors()
        return links

    def _labels(self) -> None:
        first_id = next_free_id(Label, 5_000_000_000)
        rows = []
        for repo in self.repos:
            if repo.kind != "code":
                continue
            for name, color in DEFAULT_LABELS:
                label_id = first_id + len(rows)
                repo.labels.append(label_id)
                rows.append(
                    {"id": label_id, "repository_id": repo.id, "name": name, "color": color, "is_default": True}
                )
        self.counts["labels"] = copy_rows(Label, rows)

    def _milestones(self) -> None:
        code = sorted((repo for repo in self.repos if repo.kind == "code"), key=lambda repo: -repo.issues)
        counts = split_total(self.plan.milestones, zipf_weights(len(code), 1.0)) if code else []
        first_id = next_free_id(Milestone, 7_000_000_000)
        rows = []
        for repo, count in zip(code, counts, strict=True):
            for number in range(1, count + 1):
                milestone_id = first_id + len(rows)
                repo.milestones.append(milestone_id)
                created = between(self.rng, repo.created_at, repo.active_until)
                rows.append(
                    {
                        "id": milestone_id,
                        "repository_id": repo.id,
                        "number": number,
                        "title": f"v{number}.0",
                        "state": "open" if number == count else "closed",
                        "created_at": created,
                        "updated_at": created,
                        "due_on": created + timedelta(days=90),
                    }
                )
        self.counts["milestones"] = copy_rows(Milestone, rows)

    def _contributors(self) -> None:
        code = sorted((repo for repo in self.repos if repo.kind == "code"), key=lambda repo: -repo.stars)
        site = [repo for repo in self.repos if repo.kind == "site"]
        total = max(self.plan.contributors - len(self.repos), 0)
        extra = split_total(total, zipf_weights(len(code), 0.8) + [0.02] * len(site))
        rows = []
        for repo, more in zip(code + site, extra, strict=True):
            for user_id in self.user_picker.sample(1 + more):
                contributions = pareto_int(self.rng, 1.2, 5, 20_000) + 1
                repo.contributors.append((user_id, contributions))
                rows.append({"repository_id": repo.id, "user_id": user_id, "contributions": contributions})
            repo.contributors.sort(key=lambda item: -item[1])
        self.counts["contributors"] = copy_rows(
            RepositoryContributor, rows, skip=["id"], progress=self.progress("contributors", len(rows))
        )

    # -- issues and pull requests ----------------------------------------------------------------------------
    def _author(self, repo: Repo) -> int:
        if repo.contributors and self.rng.random() < 0.3:
            return self.rng.choice(repo.contributors[:20])[0]
        return self.user_picker.pick()

    def _maintainer(self, repo: Repo) -> int:
        if repo.contributors:
            return self.rng.choice(repo.contributors[:5])[0]
        return self.user_picker.pick()

    def _issue_rows(self, first_id: int, assignees: list, labels: list):
        """Issue rows, generated lazily while COPY writes them (so no query may run in here)."""
        issue_id = first_id
        for repo in self.repos:
            open_left = repo.open_issues
            for number in range(1, repo.issues + 1):
                is_open = open_left > 0 and self.rng.random() < open_left / (repo.issues - number + 1)
                open_left -= is_open
                created = between(self.rng, repo.created_at, repo.active_until, skew=1.6)
                if is_open:
                    closed = None
                    updated = between(self.rng, created, repo.active_until)
                    comments = 0 if self.rng.random() < 0.35 else int(self.rng.expovariate(1 / 3)) + 1
                    assigned = self.rng.random() < 0.25
                else:
                    closed = min(created + timedelta(days=self.rng.expovariate(1 / 30)), repo.active_until)
                    closed = max(closed, created)
                    updated = closed
                    comments = 0 if self.rng.random() < 0.15 else int(self.rng.expovariate(1 / 4)) + 1
                    assigned = self.rng.random() < 0.60
                assignee = self._maintainer(repo) if assigned else None
                if assignee:
                    assignees.append((issue_id, assignee))
                    if self.rng.random() < 0.05:
                        second = self._maintainer(repo)
                        if second != assignee:
                            assignees.append((issue_id, second))
                if repo.labels and self.rng.random() < 0.4:
                    for label_id in self.rng.sample(repo.labels, self.rng.randint(1, 2)):
                        labels.append((issue_id, label_id))
                prefix = repo.project_name if self.rng.random() < 0.2 else ""
                yield {
                    "id": issue_id,
                    "node_id": f"I_{issue_id:x}",
                    "number": number,
                    "title": self.vocab.title(prefix)[:1024],
                    "body": self.rng.choice(self.bodies),
                    "state": "open" if is_open else "closed",
                    "state_reason": "" if is_open else ("completed" if self.rng.random() < 0.85 else "not_planned"),
                    "comments_count": comments,
                    "created_at": created,
                    "updated_at": updated,
                    "closed_at": closed,
                    "repository_id": repo.id,
                    "author_id": self._author(repo),
                    "assignee_id": assignee,
                    "milestone_id": self.rng.choice(repo.milestones)
                    if repo.milestones and self.rng.random() < 0.1
                    else None,
                }
                issue_id += 1

    def write_issues(self) -> None:
        assignees: list = []
        labels: list = []
        assignees_through = Issue.assignees.through
        labels_through = Issue.labels.through
        with indexes_dropped(Issue, assignees_through, labels_through):
            rows = self._issue_rows(next_free_id(Issue, 1_000_000_000), assignees, labels)
            self.counts["issues"] = copy_rows(Issue, rows, progress=self.progress("issues", self.plan.issues))
            self.counts["issue_assignees"] = copy_tuples(assignees_through, _m2m_columns(Issue, "assignees"), assignees)
            self.counts["issue_labels"] = copy_tuples(labels_through, _m2m_columns(Issue, "labels"), labels)

    def _pull_request_rows(self, pull_id: int, assignees: list):
        """Pull request rows, generated lazily while COPY writes them (so no query may run in here)."""
        for repo in self.repos:
            open_left = repo.open_pull_requests
            for offset in range(repo.pull_requests):
                number = repo.issues + offset + 1
                remaining = repo.pull_requests - offset
                is_open = open_left > 0 and self.rng.random() < open_left / remaining
                open_left -= is_open
                created = between(self.rng, repo.created_at, repo.active_until, skew=1.8)
                closed = merged = None
                if is_open:
                    updated = between(self.rng, created, repo.active_until)
                else:
                    closed = max(min(created + timedelta(days=self.rng.expovariate(1 / 7)), repo.active_until), created)
                    merged = closed if self.rng.random() < 0.7 else None
                    updated = closed
                assignee = self._maintainer(repo) if self.rng.random() < 0.3 else None
                if assignee:
                    assignees.append((pull_id, assignee))
                yield {
                    "id": pull_id,
                    "node_id": f"PR_{pull_id:x}",
                    "number": number,
                    "title": self.vocab.title()[:1024],
                    "body": self.rng.choice(self.bodies),
                    "state": "open" if is_open else "closed",
                    "comments_count": int(self.rng.expovariate(1 / 2)),
                    "created_at": created,
                    "updated_at": updated,
                    "closed_at": closed,
                    "merged_at": merged,
                    "is_draft": is_open and self.rng.random() < 0.1,
                    "repository_id": repo.id,
                    "author_id": self._author(repo),
                    "assignee_id": assignee,
                }
                pull_id += 1

    def write_pull_requests(self) -> None:
        assignees: list = []
        through = PullRequest.assignees.through
        with indexes_dropped(PullRequest, through):
            self.counts["pull_requests"] = copy_rows(
                PullRequest,
                self._pull_request_rows(next_free_id(PullRequest, 2_000_000_000), assignees),
                progress=self.progress("pull requests", self.plan.pull_requests),
            )
            self.counts["pull_request_assignees"] = copy_tuples(
                through, _m2m_columns(PullRequest, "assignees"), assignees
            )

    # -- releases and commits --------------------------------------------------------------------------------
    def write_releases(self) -> None:
        release_id = next_free_id(Release, 9_000_000_000)
        rows = []
        for repo in self.repos:
            if not repo.releases:
                continue
            moments = sorted(
                between(self.rng, repo.created_at, repo.active_until, skew=1.4) for _ in range(repo.releases)
            )
            major, minor, patch = 0, 1, 0
            for moment in moments:
                roll = self.rng.random()
                if roll < 0.05:
                    major, minor, patch = major + 1, 0, 0
                elif roll < 0.35:
                    minor, patch = minor + 1, 0
                else:
                    patch += 1
                tag = f"v{major}.{minor}.{patch}"
                is_draft = self.rng.random() < 0.03
                rows.append(
                    {
                        "id": release_id,
                        "node_id": f"RE_{release_id:x}",
                        "repository_id": repo.id,
                        "tag_name": tag,
                        "name": f"{repo.project_name} {tag}",
                        "description": self.vocab.paragraph(200),
                        "author_id": self._maintainer(repo),
                        "is_draft": is_draft,
                        "is_prerelease": self.rng.random() < 0.1,
                        "created_at": moment,
                        "published_at": None if is_draft else moment,
                    }
                )
                release_id += 1
        self.counts["releases"] = copy_rows(Release, rows, progress=self.progress("releases", len(rows)))

    def _commit_rows(self, seed: int):
        counter = 0
        for repo in self.repos:
            if not repo.commits:
                continue
            authors = self.rng.choices(
                [user for user, _ in repo.contributors] or [None],
                weights=[count for _, count in repo.contributors] or [1],
                k=repo.commits,
            )
            start = max(repo.created_at, repo.active_until - timedelta(days=730))
            for author in authors:
                counter += 1
                authored = between(self.rng, start, repo.active_until, skew=1.3)
                known = author is not None and self.rng.random() < 0.9
                yield {
                    "repository_id": repo.id,
                    "sha": hashlib.sha1(f"{seed}:{repo.id}:{counter}".encode(), usedforsecurity=False).hexdigest(),
                    "author_id": author if known else None,
                    "author_name": f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                    "authored_at": authored,
                    "committed_at": authored + timedelta(minutes=self.rng.randint(0, 600)),
                    "message": self.vocab.sentence(self.rng.randint(3, 9)),
                }

    def write_commits(self, seed: int) -> None:
        with indexes_dropped(Commit):
            self.counts["commits"] = copy_rows(
                Commit, self._commit_rows(seed), skip=["id"], progress=self.progress("commits", self.plan.commits)
            )


def _m2m_columns(model, name: str) -> list[str]:
    m2m = model._meta.get_field(name)
    return [m2m.m2m_column_name(), m2m.m2m_reverse_name()]
