"""Repository contents for the fake GitHub: a folder served as GitHub's contents API, git trees and git blobs.

Files are read from disk on every request, so a test can change "upstream" between two syncs. Blob shas are
real git blob ids, and blob contents are base64 wrapped at 60 characters, as GitHub sends them.

``folder_organization`` turns a folder laid out like the data pack (``owasp-site/_data`` for the site,
``owasp-repos/<name>`` for each www-* repository) into an organization of the dataset: the site repository
``owasp.github.io``, one repository per folder, and a code repository without files (not a www-* site).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from devtools.fake_github.dataset import API_URL, Dataset, FakeOrg, FakeRepo

SITE_REPO = "owasp.github.io"
CODE_REPOS = ("owasp-mastg",)  # a real OWASP repository that is not a www-* site


def git_blob_sha(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def files_of(folder: Path) -> dict[str, bytes]:
    """{path relative to ``folder``: content} of every file under it, in path order."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def contents_listing(repo: FakeRepo, path: str) -> list[dict] | dict | None:
    """GitHub's ``/contents/{path}``: a folder's entries, a file with its content, or None when missing."""
    target = (repo.files / path).resolve()
    if not target.is_relative_to(repo.files.resolve()):
        return None
    if target.is_file():
        return {**_entry(repo, path, target), "content": _base64(target.read_bytes()), "encoding": "base64"}
    if not target.is_dir():
        return None
    return [_entry(repo, str(child.relative_to(repo.files)), child) for child in sorted(target.iterdir())]


def git_tree(repo: FakeRepo, *, recursive: bool) -> dict:
    """GitHub's ``/git/trees/{ref}``: blobs and folders, every level when ``recursive``, else the top one."""
    files = files_of(repo.files)
    folders = sorted({str(parent) for name in files for parent in Path(name).parents if str(parent) != "."})
    tree = [
        {"path": name, "mode": "100644", "type": "blob", "sha": git_blob_sha(content), "size": len(content)}
        for name, content in files.items()
    ]
    tree += [{"path": name, "mode": "040000", "type": "tree", "sha": _folder_sha(name)} for name in folders]
    if not recursive:
        tree = [item for item in tree if "/" not in item["path"]]
    return {
        "sha": "f" * 40,
        "url": f"{API_URL}/repos/{repo.full_name}/git/trees/HEAD",
        "tree": tree,
        "truncated": False,
    }


def git_blob(repo: FakeRepo, sha: str) -> dict | None:
    """GitHub's ``/git/blobs/{sha}``: the file of this repository with that blob id, or None."""
    for content in files_of(repo.files).values():
        if git_blob_sha(content) == sha:
            return {"sha": sha, "size": len(content), "content": _base64(content), "encoding": "base64"}
    return None


def folder_organization(dataset: Dataset, root: Path, login: str = "OWASP", *, org_id: int = 2) -> FakeOrg:
    """Add ``login`` with the repositories of the folder ``root`` (see the module's docstring)."""
    org = FakeOrg(id=org_id, login=login, name=login, description="Served from a folder by the fake GitHub")
    repo_folders = sorted((path for path in (root / "owasp-repos").iterdir() if path.is_dir()), key=lambda p: p.name)
    repos = [(SITE_REPO, root / "owasp-site"), *((path.name, path) for path in repo_folders)]
    repos += [(name, None) for name in CODE_REPOS]
    for index, (name, files) in enumerate(sorted(repos, key=lambda repo: repo[0].lower())):
        created = 1_300_000_000.0 + index * 86_400
        org.repos[name] = FakeRepo(
            id=org_id * 10_000 + index, owner=login, name=name, created=created, updated=created, files=files
        )
    dataset.organizations[login] = org
    return org


def _entry(repo: FakeRepo, path: str, target: Path) -> dict:
    is_file = target.is_file()
    return {
        "name": target.name,
        "path": path,
        "sha": git_blob_sha(target.read_bytes()) if is_file else _folder_sha(path),
        "size": target.stat().st_size if is_file else 0,
        "type": "file" if is_file else "dir",
        "url": f"{API_URL}/repos/{repo.full_name}/contents/{path}",
    }


def _folder_sha(path: str) -> str:
    # Folders need a stable id; nothing reads a folder by it, so any sha that depends on the path will do.
    return hashlib.sha1(f"tree {path}".encode(), usedforsecurity=False).hexdigest()


def _base64(content: bytes) -> str:
    encoded = base64.b64encode(content).decode()
    return "\n".join(encoded[start : start + 60] for start in range(0, len(encoded), 60)) + "\n"
