"""Reader of one OWASP www-* repository: index.md front matter and body, leaders.md, info.md, *.owasp.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apps.owasp.sources.base import DataSource, RecordError
from apps.owasp.sources.markup import leaders_markdown, markdown_links, markdown_to_html
from apps.owasp.sources.parsing import OWASP_SITE, decode, load_yaml, split_front_matter

METADATA_FILES = ("project.owasp.yaml", "chapter.owasp.yaml", "committee.owasp.yaml", "event.owasp.yaml")


@dataclass
class RepoContent:
    """What a www-* repository says about its entity. Absent files leave their parts empty."""

    repo: str
    label: str
    front: dict[str, Any] = field(default_factory=dict)
    body_html: str = ""
    body_links: list[tuple[str, str, str]] = field(default_factory=list)
    leaders: list[tuple[str, str, str]] = field(default_factory=list)  # (name, email, role)
    info_links: list[tuple[str, str, str]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def page_url(self) -> str:
        return f"{OWASP_SITE}/{self.repo}/"

    @property
    def source_label(self) -> str:
        return f"{self.label} ({', '.join(self.files)})" if self.files else self.label


def read_repository(source: DataSource, repo: str) -> RepoContent:
    """Parse a repository's files; RecordError when one of them is malformed (the record is then skipped)."""
    content = RepoContent(repo=repo, label=source.describe_repo(repo))
    base_url = content.page_url

    raw_index = source.repo_file(repo, "index.md")
    if raw_index is not None:
        what = f"{repo}/index.md"
        content.front, body = split_front_matter(decode(raw_index, what=what), what=what)
        content.body_html = markdown_to_html(body, base_url=base_url)
        content.body_links = markdown_links(body, base_url=base_url)
        content.files.append("index.md")

    raw_leaders = source.repo_file(repo, "leaders.md")
    if raw_leaders is not None:
        what = f"{repo}/leaders.md"
        _, body = split_front_matter(decode(raw_leaders, what=what), what=what)
        content.leaders = leaders_markdown(body)
        content.files.append("leaders.md")

    raw_info = source.repo_file(repo, "info.md")
    if raw_info is not None:
        what = f"{repo}/info.md"
        _, body = split_front_matter(decode(raw_info, what=what), what=what)
        content.info_links = markdown_links(body, base_url=base_url)
        content.files.append("info.md")

    for name in METADATA_FILES:
        raw = source.repo_file(repo, name)
        if raw is None:
            continue
        data = load_yaml(raw, what=f"{repo}/{name}")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise RecordError(f"{repo}/{name}: a {type(data).__name__}, not a mapping of fields")
        content.metadata = data
        content.files.append(name)
        break
    return content


class RepositoryCache:
    """Reads each available repository at most once per run; remembers which ones exist in the source."""

    def __init__(self, source: DataSource):
        self.source = source
        self.available = set(source.repositories())
        self._cache: dict[str, RepoContent | None] = {}

    def get(self, repo: str) -> RepoContent | None:
        """The repository's content, None when the source does not have it; RecordError when malformed."""
        if repo not in self.available:
            return None
        if repo not in self._cache:
            content = read_repository(self.source, repo)
            self._cache[repo] = content if content.files else None  # nothing readable: as if absent
        return self._cache[repo]
