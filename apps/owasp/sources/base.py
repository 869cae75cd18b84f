"""Where OWASP's data is read from: a local snapshot folder, or (later) GitHub, behind one small interface.

A source gives raw file bytes; readers in this package parse them. The snapshot layout is that of
``../shared/data``: ``owasp-site/_data/<file>`` (the owasp.org site's data) and ``owasp-repos/<www-repo>/<file>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class SourceUnavailable(RuntimeError):  # noqa: N818 - the name the task's autoretry_for reads best with
    """The source as a whole cannot be read (missing folder, network down): nothing is synced from it."""


class RecordError(ValueError):
    """One upstream record is unusable; the message says why. The record is reported and skipped."""


class DataSource(Protocol):
    """Raw access to the site's ``_data`` files and the www-* repositories' files."""

    def site_file(self, name: str) -> bytes | None:
        """Bytes of ``_data/<name>`` of the owasp.org site, or None when absent."""

    def repositories(self) -> list[str]:
        """Names of the www-* repositories available (e.g. ``www-project-juice-shop``)."""

    def repo_file(self, repo: str, path: str) -> bytes | None:
        """Bytes of ``<path>`` in a www-* repository, or None when absent."""

    def repo_files(self, repo: str, under: str) -> list[str]:
        """Paths (relative to the repository root) of the files below folder ``under``, sorted."""

    def describe_site_file(self, name: str) -> str:
        """A short human label for provenance, e.g. ``owasp-site/_data/projects.json``."""

    def describe_repo(self, repo: str) -> str:
        """A short human label for provenance, e.g. ``owasp-repos/www-project-juice-shop``."""


class LocalSnapshotSource:
    """A folder laid out like ``../shared/data``, read in place (never written)."""

    SITE_DIR = Path("owasp-site") / "_data"
    REPOS_DIR = Path("owasp-repos")

    def __init__(self, path: str | Path):
        self.root = Path(path).expanduser()
        if not (self.root / self.SITE_DIR).is_dir():
            raise SourceUnavailable(f"{self.root} has no {self.SITE_DIR} folder: not an OWASP data snapshot")

    def __repr__(self) -> str:
        return f"LocalSnapshotSource({str(self.root)!r})"

    def site_file(self, name: str) -> bytes | None:
        path = self.root / self.SITE_DIR / name
        return path.read_bytes() if path.is_file() else None

    def repositories(self) -> list[str]:
        folder = self.root / self.REPOS_DIR
        if not folder.is_dir():
            return []
        return sorted(entry.name for entry in folder.iterdir() if entry.is_dir() and entry.name.startswith("www-"))

    def _repo_path(self, repo: str, path: str = "") -> Path:
        base = (self.root / self.REPOS_DIR / repo).resolve()
        target = (base / path).resolve()
        if base != target and base not in target.parents:
            raise RecordError(f"{repo}/{path} points outside the repository")
        return target

    def repo_file(self, repo: str, path: str) -> bytes | None:
        target = self._repo_path(repo, path)
        return target.read_bytes() if target.is_file() else None

    def repo_files(self, repo: str, under: str) -> list[str]:
        folder = self._repo_path(repo, under)
        if not folder.is_dir():
            return []
        base = self._repo_path(repo)
        return sorted(str(path.relative_to(base)) for path in folder.rglob("*") if path.is_file())

    def describe_site_file(self, name: str) -> str:
        return f"owasp-site/_data/{name}"

    def describe_repo(self, repo: str) -> str:
        return f"owasp-repos/{repo}"
