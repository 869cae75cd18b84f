"""Fixtures for the OWASP sync: small copies of the real data to alter in a tmp folder (never in ../shared)."""

import json
import shutil
from pathlib import Path

import pytest

SITE = Path("owasp-site") / "_data"
REPOS = Path("owasp-repos")


class Snapshot:
    """A folder laid out like ../shared/data holding a chosen subset of the real files, safe to edit."""

    def __init__(self, root: Path, data_dir: Path):
        self.root = root
        self.data_dir = data_dir
        (root / SITE).mkdir(parents=True)
        (root / REPOS).mkdir(parents=True)

    def site_list(self, name: str, keys: list[str] | None = None) -> list:
        """Copy a site JSON list, keeping only the entries whose url names one of ``keys`` (all when None)."""
        entries = json.loads((self.data_dir / SITE / name).read_text())
        if keys is not None:
            entries = [e for e in entries if any(f"/{key}/" in e.get("url", "") for key in keys)]
        self.write_site_json(name, entries)
        return entries

    def write_site_json(self, name: str, entries: list) -> None:
        (self.root / SITE / name).write_text(json.dumps(entries))

    def site_file(self, name: str) -> Path:
        target = self.root / SITE / name
        shutil.copyfile(self.data_dir / SITE / name, target)
        return target

    def repo(self, repo: str) -> Path:
        target = self.root / REPOS / repo
        shutil.copytree(self.data_dir / REPOS / repo, target)
        target.chmod(0o755)
        for path in target.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        return target

    def remove_site_entry(self, name: str, key: str) -> None:
        entries = json.loads((self.root / SITE / name).read_text())
        self.write_site_json(name, [e for e in entries if f"/{key}/" not in e.get("url", "")])


@pytest.fixture
def snapshot(tmp_path, data_dir, without_owasp_data):
    """A subset snapshot: 3 projects (2 with repositories), 2 chapters, 1 committee, their leaders; no events.
    Its tests start from the database the migrations leave, without the run's synced pages."""
    snap = Snapshot(tmp_path / "data", data_dir)
    projects = ["www-project-juice-shop", "www-project-zap", "www-project-.net"]
    chapters = ["www-chapter-london", "www-chapter-bangalore"]
    committees = ["www-committee-project"]
    snap.site_list("projects.json", projects)
    snap.site_list("chapters.json", chapters)
    snap.site_list("committees.json", committees)
    leaders = json.loads((data_dir / SITE / "leaders.json").read_text())
    keys = projects + chapters + committees
    snap.write_site_json("leaders.json", [row for row in leaders if any(f"/{k}/" in row["group_url"] for k in keys)])
    for repo in ["www-project-juice-shop", "www-project-zap", "www-chapter-london", "www-chapter-bangalore"]:
        snap.repo(repo)
    return snap
