"""The recorded api.github.com responses of ``<NEST_DATA_DIR>/github-api`` (see that folder's README):
replayed byte for byte by the fake GitHub, and used as the items of a small dataset of real payload shapes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from devtools.fake_github.dataset import Dataset, FakeOrg, FakeRepo, RawItem, parse_iso

RECORDED_HOST = "https://api.github.com"


@dataclass(frozen=True)
class RecordedResponse:
    name: str  # scenario/NN-name
    method: str
    target: str  # path?query as recorded
    status: int
    headers: dict
    body: bytes
    note: str = ""


def recordings_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "github-api"


def load_recordings(data_dir: str | Path, names: list[str] | None = None) -> list[RecordedResponse]:
    """Every recorded response, or those whose ``scenario/name`` starts with one of ``names``, in name order."""
    folder = recordings_dir(data_dir)
    index = json.loads((folder / "INDEX.json").read_text())
    responses = []
    for row in sorted(index, key=lambda row: f"{row['scenario']}/{row['name']}"):
        name = f"{row['scenario']}/{row['name']}"
        if names is not None and not any(name.startswith(prefix) for prefix in names):
            continue
        meta = json.loads((folder / row["meta_file"]).read_text())
        body = (folder / row["body_file"]).read_bytes() if row.get("body_file") else b""
        url = urlsplit(meta["request"]["url"])
        target = url.path + (f"?{url.query}" if url.query else "")
        responses.append(
            RecordedResponse(
                name=name,
                method=meta["request"]["method"],
                target=target,
                status=meta["status"],
                headers=meta["headers"],
                body=body,
                note=meta.get("note", ""),
            )
        )
    return responses


def read_json(data_dir: str | Path, name: str):
    return json.loads((recordings_dir(data_dir) / f"{name}.json").read_text())


def recorded_dataset(data_dir: str | Path, dataset: Dataset | None = None) -> Dataset:
    """Three organizations built from recorded payloads, so a sync meets GitHub's real (and legacy) shapes.

    - ``octokit-fixture-org`` (recorded org) with ``hello-world`` (recorded repo), holding the 13 issues of
      octokit's paginated-issues recording and octokit's 9 labels;
    - ``PyGithub`` (org object synthesized from the repository's owner) with ``PyGithub`` (recorded repo):
      30 issues of which 9 are pull requests, 30 releases, the 2012-shaped contributors list;
    - ``github3py`` (synthesized org) with the 8 repositories of its recorded listing; ``github3.py`` holds
      github3.py's recorded releases, labels, 102 contributors and (empty) languages.
    """
    dataset = dataset or Dataset()

    octokit_org = read_json(data_dir, "org/01-octokit-fixture-org")
    org = FakeOrg(id=octokit_org["id"], login=octokit_org["login"], raw=octokit_org)
    hello = _raw_repo(read_json(data_dir, "repo/01-octokit-hello-world"))
    for page in range(1, 6):
        hello.issues += [RawItem(item) for item in read_json(data_dir, f"issues/0{page}-octokit-page{page}")]
    hello.labels = {item["id"]: RawItem(item) for item in read_json(data_dir, "labels/01-octokit-labels")}
    org.repos[hello.name] = hello
    dataset.organizations[org.login] = org

    pygithub_repo = read_json(data_dir, "repo/02-pygithub-pygithub")
    org = _synthetic_org(pygithub_repo["owner"])
    repo = _raw_repo(pygithub_repo)
    repo.issues = [RawItem(item) for item in read_json(data_dir, "issues/06-pygithub-issues-with-prs")]
    for page in range(1, 4):
        repo.releases += [
            RawItem(item, updated_key="published_at")
            for item in read_json(data_dir, f"releases/0{page}-pygithub-page{page}")
        ]
    repo.contributors = [RawItem(item) for item in read_json(data_dir, "contributors/03-pygithub-legacy-2012")]
    org.repos[repo.name] = repo
    dataset.organizations[org.login] = org

    listing = read_json(data_dir, "org-repos/01-orgs-github3py-repos")
    org = _synthetic_org(listing[0]["owner"])
    for item in listing:
        org.repos[item["name"]] = _raw_repo(item)
    github3 = org.repos["github3.py"]
    github3.releases = [
        RawItem(item, updated_key="published_at") for item in read_json(data_dir, "releases/06-github3-releases-list")
    ]
    github3.labels = {item["id"]: RawItem(item) for item in read_json(data_dir, "labels/02-github3-labels")}
    github3.contributors = [
        RawItem(item)
        for name in ("contributors/01-github3-page1", "contributors/02-github3-page2")
        for item in read_json(data_dir, name)
    ]
    github3.languages = read_json(data_dir, "repo/05-languages")
    dataset.organizations[org.login] = org
    return dataset


def _raw_repo(data: dict) -> FakeRepo:
    return FakeRepo(
        id=data["id"],
        owner=data["owner"]["login"],
        name=data["name"],
        created=parse_iso(data.get("created_at")) or 0.0,
        updated=parse_iso(data.get("updated_at")) or 0.0,
        pushed=parse_iso(data.get("pushed_at")),
        default_branch=data.get("default_branch") or "main",
        raw=data,
    )


def _synthetic_org(owner: dict) -> FakeOrg:
    return FakeOrg(id=owner["id"], login=owner["login"], raw={"owner": owner}, synthetic=True)
