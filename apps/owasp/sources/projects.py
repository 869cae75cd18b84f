"""Project records: projects.json (+ project_levels.json) merged with each www-project-* repository."""

from __future__ import annotations

from typing import Any

from apps.owasp.sources.base import RecordError
from apps.owasp.sources.common import Upstream, common_fields, first, repo_for, site_entries
from apps.owasp.sources.parsing import (
    clean_text,
    clean_url,
    is_repository_url,
    parse_level,
    parse_project_type,
    parse_string_list,
    split_urls,
    www_key,
)
from apps.owasp.sources.records import LinkRecord, ProjectRecord, ReadResult
from apps.owasp.sources.repositories import RepoContent


def read_projects(upstream: Upstream) -> ReadResult:
    """One ProjectRecord per project listed in projects.json; bad ones skipped with their reason."""
    result = ReadResult()
    label = upstream.site.label("projects.json")
    levels = _levels_by_key(upstream)
    for key, entry in site_entries(upstream, upstream.site.projects, label, result):
        try:
            result.records.append(_project(upstream, key, entry, levels.get(key), label))
        except RecordError as exc:
            result.skip(key, str(exc))
    return result


def _levels_by_key(upstream: Upstream) -> dict[str, Any]:
    levels: dict[str, Any] = {}
    for row in upstream.site.project_levels:
        if isinstance(row, dict):
            key = www_key(row.get("repo"))
            if key and key not in levels:
                levels[key] = row.get("level")
    return levels


def _project(upstream: Upstream, key: str, entry: dict, listed_level: Any, label: str) -> ProjectRecord:
    repo = repo_for(upstream, key)
    front = repo.front if repo else {}
    meta = repo.metadata if repo else {}
    level, inactive = _level(front.get("level"), meta.get("level"), listed_level, entry.get("level"))
    project_type = parse_project_type(first(front.get("type"), meta.get("type"), entry.get("type"))) or "other"
    return ProjectRecord(
        **common_fields(upstream, key, entry, repo, label),
        level=level,
        project_type=project_type,
        licenses=parse_string_list(meta.get("license")),
        links=_links(entry, repo),
        is_active=not inactive,
    )


def _level(*candidates: Any) -> tuple[str, bool]:
    """The first candidate that gives a known level (or 0 = inactive), in precedence order."""
    for candidate in candidates:
        level, inactive = parse_level(candidate)
        if inactive:
            return "unknown", True
        if level:
            return level, False
    return "unknown", False


def _links(entry: dict, repo: RepoContent | None) -> list[LinkRecord]:
    """Code repositories and links: *.owasp.yaml repositories, projects.json codeurl, info.md, index.md."""
    links: list[LinkRecord] = []
    seen: set[str] = set()

    def add(url: str, title: str, kind: str, section: str) -> None:
        marker = url.rstrip("/").lower()
        if url and marker not in seen:
            seen.add(marker)
            links.append(LinkRecord(url=url, title=title[:300], kind=kind, section=section[:100]))

    meta_repos = repo.metadata.get("repositories") if repo else None
    for item in meta_repos if isinstance(meta_repos, list) else []:
        if isinstance(item, dict):
            add(clean_url(item.get("url")), clean_text(item.get("name")), "repository", "Repositories")
    for url in split_urls(entry.get("codeurl")):
        add(url, url.rstrip("/").rsplit("/", 1)[-1], "repository", "Code")
    if repo:
        for section, title, url in repo.info_links:
            add(url, title, "repository" if is_repository_url(url) else "link", section)
        for _section, title, url in repo.body_links:
            if is_repository_url(url):
                add(url, title, "repository", "")
    return links
