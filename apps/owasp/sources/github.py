"""OWASP's data straight from GitHub: the site's ``_data`` (OWASP/owasp.github.io) and the www-* repositories.

Through the GitHub client of apps.github (base URL, token, paging, rate limits, retries). Files are fetched by
git blob sha and kept (``SourceBlob``); listings are asked with their ETag (``SourceListing``), so a run with
no upstream change costs one conditional request per repository (a 304 does not count against the rate
limit) and downloads nothing.

Requests: the org's repository list (one per 100 repositories), the site's ``_data`` listing, one tree per
www-* repository read, and one blob per file that changed.
"""

from __future__ import annotations

import base64
import logging

from django.conf import settings

from apps.github.client import GitHubClient, GitHubError, GitHubUnavailable, NotFound, RateLimitExceeded, RequestFailed
from apps.owasp.models import SourceBlob, SourceListing
from apps.owasp.sources.base import RecordError, SourceUnavailable

logger = logging.getLogger(__name__)

SITE_REPO = "owasp.github.io"
SITE_DIR = "_data"


class GitHubSource:
    """A DataSource over the GitHub REST API (see apps.owasp.sources.base.DataSource)."""

    def __init__(self, client: GitHubClient | None = None, *, org: str | None = None):
        self.owns_client = client is None
        self.client = client or GitHubClient()
        self.org = org or settings.GITHUB_ORGANIZATION
        self.root = f"{self.client.base_url}/orgs/{self.org}"
        self._trees: dict[str, dict[str, str]] = {}
        self._site: dict[str, str] | None = None
        self._repos: list[str] | None = None

    def __repr__(self) -> str:
        return f"GitHubSource({self.root!r})"

    def close(self) -> None:
        if self.owns_client:
            self.client.close()

    # --- DataSource -----------------------------------------------------------------------------------------

    def site_file(self, name: str) -> bytes | None:
        try:
            if self._site is None:
                self._site = self._listing(
                    f"site:{self.org}/{SITE_REPO}/{SITE_DIR}",
                    f"/repos/{self.org}/{SITE_REPO}/contents/{SITE_DIR}",
                    self._contents_entries,
                    whole_source=True,
                )
            sha = self._site.get(name)
            return self._blob(SITE_REPO, sha, whole_source=True) if sha else None
        except RecordError as exc:  # the site's lists are what everything else hangs on
            raise SourceUnavailable(str(exc)) from exc

    def repositories(self) -> list[str]:
        if self._repos is None:
            names: list[str] = []
            try:
                for page in self.client.paginate(f"/orgs/{self.org}/repos", {"type": "public", "per_page": 100}):
                    names.extend(repo.get("name", "") for repo in page.items or [] if isinstance(repo, dict))
            except GitHubError as exc:
                raise SourceUnavailable(f"GitHub: cannot list {self.org}'s repositories: {exc}") from exc
            self._repos = sorted(name for name in names if name.startswith("www-"))
        return self._repos

    def repo_file(self, repo: str, path: str) -> bytes | None:
        sha = self._tree(repo).get(path)
        return self._blob(repo, sha) if sha else None

    def repo_files(self, repo: str, under: str) -> list[str]:
        prefix = under.rstrip("/") + "/"
        return sorted(path for path in self._tree(repo) if path.startswith(prefix))

    def describe_site_file(self, name: str) -> str:
        return f"github.com/{self.org}/{SITE_REPO}/{SITE_DIR}/{name}"

    def describe_repo(self, repo: str) -> str:
        return f"github.com/{self.org}/{repo}"

    # --- internals ------------------------------------------------------------------------------------------

    def _tree(self, repo: str) -> dict[str, str]:
        if repo not in self._trees:
            self._trees[repo] = self._listing(
                f"tree:{self.org}/{repo}",
                f"/repos/{self.org}/{repo}/git/trees/HEAD",
                self._tree_entries,
                params={"recursive": "1"},
            )
        return self._trees[repo]

    def _listing(self, key, path, parse, *, params=None, whole_source=False) -> dict[str, str]:
        """{path: blob sha} of a listing, asked with the ETag of the last answer."""
        cached = SourceListing.objects.filter(key=key).first()
        try:
            response = self.client.get(path, params, etag=cached.etag if cached else "")
        except NotFound:
            return {}
        except RequestFailed as exc:
            if exc.status == 409:  # an empty repository has no tree
                return {}
            raise self._error(path, exc, whole_source) from exc
        except GitHubError as exc:
            raise self._error(path, exc, whole_source) from exc
        if response.not_modified and cached:
            return cached.entries
        entries = parse(response.data, path)
        SourceListing.objects.update_or_create(key=key, defaults={"etag": response.etag, "entries": entries})
        return entries

    @staticmethod
    def _contents_entries(data, path) -> dict[str, str]:
        if not isinstance(data, list):
            raise RecordError(f"GitHub {path}: expected a folder listing")
        return {item["name"]: item["sha"] for item in data if isinstance(item, dict) and item.get("type") == "file"}

    @staticmethod
    def _tree_entries(data, path) -> dict[str, str]:
        if not isinstance(data, dict) or not isinstance(data.get("tree"), list):
            raise RecordError(f"GitHub {path}: expected a git tree")
        if data.get("truncated"):
            logger.warning("GitHub %s: tree truncated; files beyond it are not read", path)
        return {
            item["path"]: item["sha"] for item in data["tree"] if isinstance(item, dict) and item.get("type") == "blob"
        }

    def _blob(self, repo: str, sha: str, *, whole_source: bool = False) -> bytes:
        cached = SourceBlob.objects.filter(sha=sha).values_list("content", flat=True).first()
        if cached is not None:
            return bytes(cached)
        path = f"/repos/{self.org}/{repo}/git/blobs/{sha}"
        try:
            data = self.client.get(path).data
        except GitHubError as exc:
            raise self._error(path, exc, whole_source) from exc
        if not isinstance(data, dict) or data.get("encoding") != "base64":
            raise RecordError(f"GitHub {path}: not a base64 blob")
        try:
            content = base64.b64decode(data.get("content") or "")
        except ValueError as exc:
            raise RecordError(f"GitHub {path}: invalid base64 content") from exc
        SourceBlob.objects.get_or_create(sha=sha, defaults={"content": content})
        return content

    @staticmethod
    def _error(path: str, exc: GitHubError, whole_source: bool) -> Exception:
        """GitHub down or rate-limited stops the run (nothing half-read is synced); else skip the record."""
        if whole_source or isinstance(exc, GitHubUnavailable | RateLimitExceeded):
            return SourceUnavailable(f"GitHub {path}: {exc}")
        return RecordError(f"GitHub {path}: {exc}")
