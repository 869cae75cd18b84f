"""Committee records: committees.json merged with each www-committee-* repository."""

from __future__ import annotations

from apps.owasp.sources.base import RecordError
from apps.owasp.sources.common import Upstream, common_fields, repo_for, site_entries
from apps.owasp.sources.records import CommitteeRecord, ReadResult


def read_committees(upstream: Upstream) -> ReadResult:
    result = ReadResult()
    label = upstream.site.label("committees.json")
    for key, entry in site_entries(upstream, upstream.site.committees, label, result):
        try:
            result.records.append(
                CommitteeRecord(**common_fields(upstream, key, entry, repo_for(upstream, key), label))
            )
        except RecordError as exc:
            result.skip(key, str(exc))
    return result
