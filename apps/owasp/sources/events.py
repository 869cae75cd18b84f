"""Event records from every place OWASP lists events.

- the site's ``events.yml``: categories (Global, AppSec Days, …) with their events;
- the site's ``revents.json``: regional event sites (``www-revent-*``);
- the site's ``chapter_events.json``: chapter meetups (a 2021 snapshot);
- chapters' own records: ``_data/events/<year>/<date>.yml`` (one meeting per file, e.g. Netherlands) or
  ``_data/<name>_events.yml`` (a list, e.g. Nagpur).
"""

from __future__ import annotations

import html
import re
from typing import Any

from django.utils.text import slugify

from apps.owasp.sources.base import RecordError, SourceUnavailable
from apps.owasp.sources.common import Upstream, common_fields, repo_for, site_entries
from apps.owasp.sources.markup import markdown_to_html
from apps.owasp.sources.parsing import (
    GITHUB_ORG_URL,
    OWASP_SITE,
    clean_text,
    clean_url,
    load_yaml,
    parse_date,
    parse_date_range,
    www_key,
)
from apps.owasp.sources.records import EventRecord, ReadResult

REVENT_CATEGORY = "Regional event"
CHAPTER_CATEGORY = "Chapter meeting"
MAX_KEY = 200


def read_events(upstream: Upstream) -> ReadResult:
    result = ReadResult()
    _read_revents(upstream, result)
    _read_events_yml(upstream, result)
    _read_chapter_events_json(upstream, result)
    for repo in sorted(upstream.repos.available):
        if repo.startswith("www-chapter-"):
            _read_chapter_repo_events(upstream, repo, result)
    result.missing = upstream.site.is_missing("revents.json", "events.yml", "chapter_events.json")
    return result


def _add(result: ReadResult, record: EventRecord) -> None:
    if record.key in result.listed_keys:
        result.skip(record.key, f"{record.key} is listed twice; the first one is used")
        return
    result.listed_keys.add(record.key)
    result.records.append(record)


def _read_revents(upstream: Upstream, result: ReadResult) -> None:
    label = upstream.site.label("revents.json")
    for key, entry in site_entries(upstream, upstream.site.revents, label, result):
        try:
            fields = common_fields(upstream, key, entry, repo_for(upstream, key), label)
        except RecordError as exc:
            result.skip(key, str(exc))
            continue
        result.listed_keys.discard(key)
        _add(result, EventRecord(**fields, category=REVENT_CATEGORY))


def _read_events_yml(upstream: Upstream, result: ReadResult) -> None:
    label = upstream.site.label("events.yml")
    for position, category in enumerate(upstream.site.events, start=1):
        if not isinstance(category, dict) or not isinstance(category.get("events") or [], list):
            result.skip(f"{label}#{position}", f"category {position} of {label} is not a mapping with an events list")
            continue
        category_name = clean_text(category.get("category"))[:100]
        for number, event in enumerate(category.get("events") or [], start=1):
            where = f"{label} {category_name or position}#{number}"
            name = clean_text(event.get("name")) if isinstance(event, dict) else ""
            if not name:
                result.skip(where, f"event {number} of category {category_name!r} in {label} has no name")
                continue
            key = f"event-{slugify(name)}"[:MAX_KEY]
            start = parse_date(event.get("start-date"))
            dates_text = clean_text(event.get("dates"))[:200]
            _add(
                result,
                EventRecord(
                    key=key,
                    title=name[:255],
                    name=name[:200],
                    pitch=clean_text(event.get("optional-text")),
                    website=clean_url(event.get("url")),
                    category=category_name,
                    start_date=start,
                    end_date=parse_date_range(dates_text, start),
                    dates_text=dates_text,
                    location=_location_from_name(name),
                    sources=[label],
                ),
            )


def _location_from_name(name: str) -> str:
    """'OWASP Global AppSec EU 2026 - Vienna, Austria' → 'Vienna, Austria'."""
    if " - " in name:
        tail = name.rsplit(" - ", 1)[1].strip()
        if "," in tail:
            return tail[:300]
    return ""


def _read_chapter_events_json(upstream: Upstream, result: ReadResult) -> None:
    label = upstream.site.label("chapter_events.json")
    for position, event in enumerate(upstream.site.chapter_events, start=1):
        name = clean_text(event.get("name")) if isinstance(event, dict) else ""
        start = parse_date(event.get("date")) if isinstance(event, dict) else None
        if not name or not start:
            result.skip(f"{label}#{position}", f"entry {position} of {label} lacks a name or a valid date")
            continue
        link = clean_url(event.get("link"))
        meetup_id = re.search(r"/events/(\d+)", link)
        group = clean_text(event.get("group"))
        key = f"meetup-{meetup_id.group(1)}" if meetup_id else f"meetup-{slugify(group)}-{start:%Y%m%d}"
        chapter_repo = clean_text(event.get("repo"))
        _add(
            result,
            EventRecord(
                key=key[:MAX_KEY],
                title=name[:255],
                name=name[:200],
                description_html=markdown_to_html(str(event.get("description") or ""), base_url=f"{OWASP_SITE}/"),
                website=link,
                source_repository=f"{GITHUB_ORG_URL}/{chapter_repo}" if chapter_repo.startswith("www-") else "",
                category=CHAPTER_CATEGORY,
                start_date=start,
                end_date=start,
                location=f"OWASP {group}"[:300] if group else "",
                tags=[group] if group else [],
                sources=[label],
            ),
        )


def _chapter_title(upstream: Upstream, repo: str) -> str:
    """The chapter's title from chapters.json, else one made from the repository name."""
    try:
        entries = upstream.site.chapters
    except SourceUnavailable:  # reported by the chapters sync; events only need a title
        entries = []
    for entry in entries:
        if isinstance(entry, dict) and www_key(entry.get("url")) == repo:
            return clean_text(entry.get("title") or entry.get("name"))
    return "OWASP " + repo.removeprefix("www-chapter-").replace("-", " ").title()


def _read_chapter_repo_events(upstream: Upstream, repo: str, result: ReadResult) -> None:
    source = upstream.source
    chapter = _chapter_title(upstream, repo)
    for path in source.repo_files(repo, "_data"):
        if not path.endswith((".yml", ".yaml")):
            continue
        if path.startswith("_data/events/"):
            _read_meeting_file(upstream, repo, path, chapter, result)
        elif re.search(r"events?\.ya?ml$", path.rsplit("/", 1)[-1]):
            _read_event_list(upstream, repo, path, chapter, result)


def _yaml(upstream: Upstream, repo: str, path: str, result: ReadResult, key: str) -> Any:
    try:
        return load_yaml(upstream.source.repo_file(repo, path) or b"", what=f"{repo}/{path}")
    except RecordError as exc:
        result.listed_keys.add(key)  # listed upstream, only unreadable: never inactivate it for that
        result.skip(key, str(exc))
        return None


def _read_meeting_file(upstream: Upstream, repo: str, path: str, chapter: str, result: ReadResult) -> None:
    """One chapter meeting per file (www-chapter-netherlands/_data/events/2026/20260416.yml)."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    key = f"{repo}-event-{slugify(stem)}"[:MAX_KEY]
    data = _yaml(upstream, repo, path, result, key)
    if data is None:
        return
    where = f"{repo}/{path}"
    if not isinstance(data, dict):
        result.listed_keys.add(key)
        result.skip(key, f"{where}: not a mapping of fields")
        return
    start = parse_date(data.get("date"))
    if not start:
        result.listed_keys.add(key)
        result.skip(key, f"{where}: no valid date ({data.get('date')!r})")
        return
    items = [item for item in data.get("items") or [] if isinstance(item, dict)]
    talks = [_unescape(item.get("title")) for item in items if clean_text(item.get("type")).lower() == "talk"]
    place = ", ".join(part for part in (_unescape(data.get("location")), _unescape(data.get("address"))) if part)
    _add(
        result,
        EventRecord(
            key=key,
            title=f"{chapter} meeting {start:%Y-%m-%d}"[:255],
            name=f"{chapter} meeting"[:200],
            pitch="; ".join(talk for talk in talks if talk),
            description_html=_agenda_html(items, data),
            website=clean_url(data.get("meetupUrl")),
            source_repository=f"{GITHUB_ORG_URL}/{repo}",
            category=CHAPTER_CATEGORY,
            start_date=start,
            end_date=start,
            location=place[:300],
            tags=[chapter.removeprefix("OWASP ").strip()],
            sources=[f"{upstream.source.describe_repo(repo)} ({path})"],
        ),
    )


def _unescape(value: Any) -> str:
    return clean_text(html.unescape(clean_text(value)))


def _agenda_html(items: list[dict], data: dict) -> str:
    lines = []
    info = _unescape(data.get("information"))
    if info:
        lines.append(info)
        lines.append("")
    for item in items:
        title = _unescape(item.get("title"))
        if not title:
            continue
        when = "\u2013".join(part for part in (clean_text(item.get("start")), clean_text(item.get("end"))) if part)
        speakers = ", ".join(
            _unescape(s.get("name")) for s in item.get("speakers") or [] if isinstance(s, dict) and s.get("name")
        )
        line = f"- {when + ' ' if when else ''}**{title}**{' (' + speakers + ')' if speakers else ''}"
        abstract = _unescape(item.get("abstract"))
        if abstract:
            line += f": {abstract}"
        lines.append(line)
    return markdown_to_html("\n".join(lines), base_url=f"{OWASP_SITE}/")


def _read_event_list(upstream: Upstream, repo: str, path: str, chapter: str, result: ReadResult) -> None:
    """A list of events in one file (www-chapter-nagpur/_data/nagpur_events.yml)."""
    data = _yaml(upstream, repo, path, result, f"{repo}/{path}")
    if data is None:
        return
    if not isinstance(data, list):
        result.skip(f"{repo}/{path}", f"{repo}/{path}: not a list of events")
        return
    for position, event in enumerate(data, start=1):
        title = clean_text(event.get("title")) if isinstance(event, dict) else ""
        start = parse_date(event.get("date")) if isinstance(event, dict) else None
        if not title or not start:
            result.skip(f"{repo}/{path}#{position}", f"{repo}/{path} entry {position} lacks a title or a valid date")
            continue
        _add(
            result,
            EventRecord(
                key=f"{repo}-event-{start:%Y%m%d}-{slugify(title)}"[:MAX_KEY],
                title=title[:255],
                name=title[:200],
                pitch=clean_text(event.get("description")),
                website=clean_url(event.get("meetup")) or clean_url(event.get("details")),
                source_repository=f"{GITHUB_ORG_URL}/{repo}",
                category=CHAPTER_CATEGORY,
                start_date=start,
                end_date=start,
                location=clean_text(event.get("format"))[:300],
                tags=[chapter.removeprefix("OWASP ").strip()],
                sources=[f"{upstream.source.describe_repo(repo)} ({path})"],
            ),
        )
