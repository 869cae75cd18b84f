"""Link repositories to OWASP pages.

- A www-* repository of GITHUB_ORGANIZATION (www-project-juice-shop, www-chapter-london, ...) links the page whose
  ``owasp_key`` is its name (``Repository.owasp_page``); a www-project-* one is also its project's repository.
- Any other repository belongs to the project whose repository links (``ProjectLink`` of kind "repository",
  read from the project's index.md, info.md and project.owasp.yaml) name it, or a name it had before a rename
  or transfer (``Repository.previous_names``); failing that, a repository of an organization staff marked
  OWASP-related belongs to that organization's project (``Organization.project``, else the project linking
  most of its repositories). When several projects name it,
  the one whose key appears in the repository's name wins, then the oldest page; the report counts them.

The pages are the source of truth: links are recomputed on every run (a link removed from a page unlinks the
repository). ``sync_github`` runs this after each sync; the OWASP sync may call it after updating pages.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower

from apps.core import changes
from apps.github.models import Organization, Repository

GITHUB_REPOSITORY_URL = re.compile(
    r"^https?://(?:www\.)?github\.com/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)/([a-z0-9._-]+?)(?:\.git)?/?(?:[/?#].*)?$",
    re.IGNORECASE,
)
NOT_REPOSITORIES = {"orgs", "sponsors", "settings", "marketplace", "topics", "features", "about"}


def repository_name(url: str) -> str | None:
    """``owner/name`` (lower case) of a GitHub repository URL; None for other URLs (profiles, orgs, sites)."""
    match = GITHUB_REPOSITORY_URL.match((url or "").strip())
    if not match or match.group(1).lower() in NOT_REPOSITORIES:
        return None
    return f"{match.group(1)}/{match.group(2)}".lower()


@dataclass
class LinkReport:
    changed: int = 0
    with_page: int = 0
    with_project: int = 0
    ambiguous: list = field(default_factory=list)  # (repository, [project keys])

    def as_dict(self) -> dict:
        return {
            "changed": self.changed,
            "with_page": self.with_page,
            "with_project": self.with_project,
            "ambiguous": self.ambiguous,
        }


def link_repositories() -> LinkReport:
    """Recompute every repository's page and project links; returns what changed."""
    from cms.models import OwaspPage, ProjectLink, ProjectPage

    owner = settings.GITHUB_ORGANIZATION.lower()  # www-* repositories live in OWASP's organization
    page_by_key = dict(OwaspPage.objects.exclude(owasp_key=None).values_list(Lower("owasp_key"), "pk"))
    project_keys = dict(ProjectPage.objects.exclude(owasp_key=None).values_list("pk", Lower("owasp_key")))
    projects_naming: dict[str, set[int]] = defaultdict(set)
    for page_id, url in ProjectLink.objects.filter(kind="repository").values_list("page_id", "url"):
        name = repository_name(url)
        if name:
            projects_naming[name].add(page_id)

    organization_projects = related_organization_projects(projects_naming)
    report = LinkReport()
    changed = []
    fields = ("id", "name", "full_name", "previous_names", "owner_login", "organization", "project", "owasp_page")
    for repository in Repository.objects.only(*fields):
        page_id = None
        if repository.owner_login.lower() == owner and repository.name.lower().startswith("www-"):
            page_id = page_by_key.get(repository.name.lower())
        project_id = page_id if page_id in project_keys else None
        if project_id is None:
            # A page may still link a name the repository had before a rename or transfer.
            names = [repository.full_name, *repository.previous_names]
            candidates = set().union(*(projects_naming.get(name.lower(), set()) for name in names))
            if candidates:
                project_id = _best(repository, candidates, project_keys)
                if len(candidates) > 1:
                    report.ambiguous.append((repository.full_name, sorted(project_keys.get(c, "") for c in candidates)))
            else:
                # Any public repository of an OWASP-related organization counts for that organization's project.
                project_id = organization_projects.get(repository.organization_id)
        report.with_page += page_id is not None
        report.with_project += project_id is not None
        if (repository.owasp_page_id, repository.project_id) != (page_id, project_id):
            repository.owasp_page_id, repository.project_id = page_id, project_id
            changed.append(repository)
    with transaction.atomic():
        Repository.objects.bulk_update(changed, ["owasp_page", "project"], batch_size=1000)
        changes.record("repository", [repository.pk for repository in changed], sender=Repository)
    report.changed = len(changed)
    return report


def related_organization_projects(projects_naming: dict[str, set[int]]) -> dict[int, int]:
    """``{organization id: project id}`` for organizations staff marked OWASP-related: the project staff chose,
    else the one whose repository links name the most of its repositories (the oldest page on a tie)."""
    result = {}
    for org_id, login, project_id in Organization.objects.filter(is_owasp_related=True).values_list(
        "id", "login", "project_id"
    ):
        if project_id is None:
            prefix = f"{login.lower()}/"
            votes = Counter(
                page for name, pages in projects_naming.items() if name.startswith(prefix) for page in pages
            )
            project_id = min(votes, key=lambda page: (-votes[page], page)) if votes else None
        if project_id is not None:
            result[org_id] = project_id
    return result


def _best(repository: Repository, candidates: set[int], project_keys: dict[int, str]) -> int:
    name = repository.name.lower()

    def rank(page_id: int):
        slug = project_keys.get(page_id, "").removeprefix("www-project-")
        return (not (slug and slug in name), page_id)

    return min(candidates, key=rank)


def linked_repository_names(*, projects_only: bool = False) -> dict[str, str]:
    """The repositories OWASP pages link to, as ``{lower-case full name: full name as the page spells it}``:
    each page's own www-* repository in GITHUB_ORGANIZATION (project pages' only, with ``projects_only``)
    and every repository a project's links name (any owner)."""
    from cms.models import OwaspPage, ProjectLink, ProjectPage

    owner = settings.GITHUB_ORGANIZATION
    pages = ProjectPage.objects if projects_only else OwaspPage.objects
    names = {}
    for key in pages.exclude(owasp_key=None).values_list("owasp_key", flat=True):
        if key.lower().startswith("www-"):
            names[f"{owner}/{key}".lower()] = f"{owner}/{key}"
    for url in ProjectLink.objects.filter(kind="repository").values_list("url", flat=True):
        match = GITHUB_REPOSITORY_URL.match((url or "").strip())
        if match and match.group(1).lower() not in NOT_REPOSITORIES:
            names.setdefault(f"{match.group(1)}/{match.group(2)}".lower(), f"{match.group(1)}/{match.group(2)}")
    return names
