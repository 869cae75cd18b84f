"""Readers of the owasp.org site's ``_data`` files (projects.json, chapters.json, leaders.json, …)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from apps.owasp.sources.base import DataSource, RecordError, SourceUnavailable
from apps.owasp.sources.parsing import load_json, load_yaml


class SiteData:
    """The site's data files of one source, each parsed once."""

    def __init__(self, source: DataSource):
        self.source = source
        self.missing: set[str] = set()  # optional files the source does not have

    def is_missing(self, *names: str) -> list[str]:
        """Which of ``names`` (already read) the source lacked, as provenance labels."""
        return [self.label(name) for name in names if name in self.missing]

    def _raw(self, name: str, *, required: bool) -> bytes | None:
        raw = self.source.site_file(name)
        if raw is None:
            if required:
                raise SourceUnavailable(f"{self.source.describe_site_file(name)} is missing")
            self.missing.add(name)
        return raw

    def json_list(self, name: str, *, required: bool = True) -> list[Any]:
        """A JSON array file; SourceUnavailable when a required file is missing or unreadable as a whole."""
        raw = self._raw(name, required=required)
        if raw is None:
            return []
        try:
            data = load_json(raw, what=self.source.describe_site_file(name))
        except RecordError as exc:
            raise SourceUnavailable(str(exc)) from exc
        if not isinstance(data, list):
            raise SourceUnavailable(f"{self.source.describe_site_file(name)} is not a JSON array")
        return data

    def yaml_list(self, name: str, *, required: bool = True) -> list[Any]:
        raw = self._raw(name, required=required)
        if raw is None:
            return []
        try:
            data = load_yaml(raw, what=self.source.describe_site_file(name))
        except RecordError as exc:
            raise SourceUnavailable(str(exc)) from exc
        if data is None:
            return []
        if not isinstance(data, list):
            raise SourceUnavailable(f"{self.source.describe_site_file(name)} is not a YAML list")
        return data

    def label(self, name: str) -> str:
        return self.source.describe_site_file(name)

    @cached_property
    def projects(self) -> list[Any]:
        return self.json_list("projects.json")

    @cached_property
    def chapters(self) -> list[Any]:
        return self.json_list("chapters.json")

    @cached_property
    def committees(self) -> list[Any]:
        return self.json_list("committees.json")

    @cached_property
    def revents(self) -> list[Any]:
        return self.json_list("revents.json", required=False)

    @cached_property
    def leaders(self) -> list[Any]:
        # Required: without it the leaders of entities that have no repository in the source would be wiped.
        return self.json_list("leaders.json")

    @cached_property
    def project_levels(self) -> list[Any]:
        return self.json_list("project_levels.json", required=False)

    @cached_property
    def chapter_events(self) -> list[Any]:
        return self.json_list("chapter_events.json", required=False)

    @cached_property
    def events(self) -> list[Any]:
        return self.yaml_list("events.yml", required=False)

    @cached_property
    def corp_members(self) -> list[Any]:
        return self.yaml_list("corp_members.yml", required=False)

    @cached_property
    def staff(self) -> list[Any]:
        return self.yaml_list("staff.yml", required=False)
