"""What projects, chapters and committees share: the site entry, its repository, its leaders.

Precedence (documented in apps/owasp/README.md): for scalar fields the repository's ``index.md`` front matter
wins (it is what the project maintains and what owasp.org renders), then ``*.owasp.yaml``, then the site's
generated ``_data`` lists. For tags, licenses and repositories ``*.owasp.yaml`` wins, then ``index.md``.
Leaders are those of ``leaders.md``, then ``leaders.json`` (see ``leaders_for``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property
from typing import Any

from apps.owasp.sources.base import DataSource, RecordError
from apps.owasp.sources.parsing import (
    GITHUB_ORG_URL,
    clean_email,
    clean_text,
    clean_url,
    fold,
    parse_date,
    parse_tags,
    www_key,
)
from apps.owasp.sources.placeholders import (
    PITCH,
    TAG,
    TITLE,
    is_placeholder_pitch,
    is_placeholder_tag,
    is_repository_name,
    name_from_key,
)
from apps.owasp.sources.records import LeaderRecord, ReadResult
from apps.owasp.sources.repositories import RepoContent, RepositoryCache
from apps.owasp.sources.site import SiteData


def first(*values: Any) -> Any:
    """The first value that is not empty (None, '', [], {})."""
    for value in values:
        if isinstance(value, str):
            if value.strip():
                return value
        elif value not in (None, [], {}):
            return value
    return None


class Upstream:
    """One source's site data and repositories, read lazily and shared by every reader of a sync run."""

    def __init__(self, source: DataSource):
        self.source = source
        self.site = SiteData(source)
        self.repos = RepositoryCache(source)

    @cached_property
    def listed_names(self) -> dict[str, str]:
        """Project names as project_levels.json spells them ("AIBOM"), by www-* key; the first row wins."""
        names: dict[str, str] = {}
        for row in self.site.project_levels:
            if isinstance(row, dict):
                key, name = www_key(row.get("repo")), clean_text(row.get("name"))
                if key and name and key not in names:
                    names[key] = name
        return names

    @cached_property
    def leaders_by_key(self) -> dict[str, list[LeaderRecord]]:
        """leaders.json grouped by www-* key, in file order; broken e-mails dropped, GitHub URLs kept as logins."""
        grouped: dict[str, list[LeaderRecord]] = defaultdict(list)
        for row in self.site.leaders:
            if not isinstance(row, dict):
                continue
            key = www_key(row.get("group_url"))
            name = clean_text(row.get("name"))[:200]
            if not key or not name:
                continue
            raw_email = clean_text(row.get("email"))
            login = _github_login(raw_email)
            grouped[key].append(LeaderRecord(name=name, email=clean_email(raw_email), github_login=login))
        return grouped


def _github_login(text: str) -> str:
    prefix = "https://github.com/"
    if text.lower().startswith(prefix):
        login = text[len(prefix) :].strip("/").split("/")[0]
        return login[:100]
    return ""


def site_entries(upstream: Upstream, entries: list[Any], label: str, result: ReadResult) -> Iterator[tuple[str, dict]]:
    """(www-* key, entry) of each usable site entry; malformed or duplicate entries are skipped with a reason."""
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            result.skip(f"{label}#{position}", f"entry {position} of {label} is not an object")
            continue
        key = www_key(entry.get("url"))
        if not key:
            result.skip(f"{label}#{position}", f"entry {position} of {label} has no www-* url: {entry.get('url')!r}")
            continue
        if key in seen:
            result.skip(key, f"{key} is listed twice in {label}; the first entry is used")
            continue
        seen.add(key)
        result.listed_keys.add(key)
        yield key, entry


def repo_for(upstream: Upstream, key: str) -> RepoContent | None:
    """The repository's content (None when the source lacks it); RecordError when one of its files is bad."""
    return upstream.repos.get(key)


def leaders_for(upstream: Upstream, key: str, repo: RepoContent | None) -> tuple[list[LeaderRecord], str]:
    """Leaders as owasp.org shows them, and the file that listed them.

    leaders.md is what the page renders, so it decides who leads and in which order; leaders.json (the site's
    list made from those files) stands in when the repository has none. ``*.owasp.yaml`` never adds or drops a
    leader (it is often outdated): it only fills in GitHub logins and e-mails of the people listed, and lists
    the leaders itself only when neither file names anyone.
    """
    meta_leaders = _metadata_leaders(repo.metadata.get("leaders") if repo else None, key)
    if repo and repo.leaders:
        listed = [LeaderRecord(name=name, email=email, role=role) for name, email, role in repo.leaders]
        listed, source = _dedupe(listed), "leaders.md"
    else:
        listed, source = _dedupe(upstream.leaders_by_key.get(key, [])), "leaders.json"
    if not listed:
        return (meta_leaders, "owasp.yaml") if meta_leaders else ([], source)
    return _fill_in(listed, [*meta_leaders, *upstream.leaders_by_key.get(key, [])]), source


def _fill_in(leaders: list[LeaderRecord], known: list[LeaderRecord]) -> list[LeaderRecord]:
    """Each leader with the GitHub login and e-mail another list gives the same person (same e-mail or name)."""
    filled = []
    for leader in leaders:
        same = [
            other
            for other in known
            if (leader.email and other.email == leader.email) or fold(other.name) == fold(leader.name)
        ]
        login = leader.github_login or next((o.github_login for o in same if o.github_login), "")
        email = leader.email or next((o.email for o in same if o.email), "")
        filled.append(replace(leader, github_login=login, email=email))
    return filled


def _metadata_leaders(value: Any, key: str) -> list[LeaderRecord]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{key}: leaders in its owasp.yaml are not a list")
    leaders = []
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not clean_text(item.get("name")):
            continue
        leaders.append(
            LeaderRecord(
                name=clean_text(item.get("name"))[:200],
                email=clean_email(item.get("email")),
                github_login=clean_text(item.get("github")).lstrip("@")[:100],
            )
        )
    return _dedupe(leaders)


def _dedupe(leaders: list[LeaderRecord]) -> list[LeaderRecord]:
    seen, unique = set(), []
    for leader in leaders:
        marker = (leader.name.lower(), leader.email)
        if marker not in seen:
            seen.add(marker)
            unique.append(leader)
    return unique


def common_fields(upstream: Upstream, key: str, entry: dict, repo: RepoContent | None, label: str) -> dict[str, Any]:
    """Keyword arguments of EntityRecord from the site entry and the repository, by the precedence above."""
    front = repo.front if repo else {}
    meta = repo.metadata if repo else {}
    dropped: list[str] = []
    title, name = _title_and_name(upstream, key, entry, front, meta, dropped)
    if not title:
        raise RecordError(f"{key}: no title or name in {label} nor in its repository")
    pitch = _kept(PITCH, is_placeholder_pitch, [front.get("pitch"), meta.get("pitch"), entry.get("pitch")], dropped)
    tags = parse_tags(first(meta.get("tags"), front.get("tags")))
    dropped.extend(TAG for tag in tags if is_placeholder_tag(tag))
    tags = [tag for tag in tags if not is_placeholder_tag(tag)]
    leaders, leaders_file = leaders_for(upstream, key, repo)
    sources = [label]
    if repo:
        sources.append(repo.source_label)
    elif leaders and leaders_file == "leaders.json":
        sources.append(upstream.site.label("leaders.json"))
    return {
        "key": key,
        "title": title,
        "name": name,
        "pitch": pitch,
        "description_html": repo.body_html if repo else "",
        "tags": tags,
        "website": clean_url(first(meta.get("website"), entry.get("url"))),
        "source_repository": f"{GITHUB_ORG_URL}/{key}",
        "created_on": parse_date(entry.get("created")),
        "updated_on": parse_date(entry.get("updated")),
        "leaders": leaders,
        "sources": sources,
        "placeholders": dropped,
    }


def _kept(kind: str, is_placeholder, candidates: list[Any], dropped: list[str]) -> str:
    """The first candidate that is neither empty nor a template placeholder; each placeholder passed is noted."""
    for candidate in candidates:
        text = clean_text(candidate)
        if not text:
            continue
        if is_placeholder(text):
            if kind not in dropped:
                dropped.append(kind)
            continue
        return text
    return ""


def _title_and_name(
    upstream: Upstream, key: str, entry: dict, front: dict, meta: dict, dropped: list[str]
) -> tuple[str, str]:
    """(page title, short name). A title that is only the repository's name gives way to a readable one:
    project_levels.json's name ("AIBOM"), the site entry's name, or words from the key."""
    title = _kept(TITLE, is_repository_name, [front.get("title"), meta.get("name"), entry.get("title")], dropped)
    entry_name = clean_text(entry.get("name"))
    if is_repository_name(entry_name):
        entry_name = ""
    if not title and TITLE in dropped:
        readable = first(upstream.listed_names.get(key), entry_name) or name_from_key(key)
        return f"OWASP {readable}"[:255], readable[:200]
    title = (title or entry_name)[:255]
    return title, clean_text(first(entry_name, title.removeprefix("OWASP ").strip()))[:200]
