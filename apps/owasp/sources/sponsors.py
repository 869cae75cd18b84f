"""Sponsor records from the site's corp_members.yml.

The file documents its codes in a header comment: ``sponsor`` 1 Diamond, 2 Platinum, 3 Gold, 4 Silver,
5 Supporter, -1 not a sponsor; ``membertype`` 2 Platinum, 3 Gold, 4 or missing Silver (for members).
Real quirks handled: TABs after values (see ``parsing.normalise_yaml_text``) and a misspelt ``sponosr`` key.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.parsing import OWASP_SITE, clean_text, clean_url
from apps.owasp.sources.records import ReadResult, SponsorRecord

SPONSOR_TIERS = {1: "diamond", 2: "platinum", 3: "gold", 4: "silver", 5: "supporter"}
MEMBER_TIERS = {2: "platinum", 3: "gold", 4: "silver"}


def _code(value: Any) -> int | None:
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None


def _is_true(value: Any) -> bool:
    return value is True or clean_text(value).lower() in {"true", "yes", "1"}


def read_sponsors(upstream: Upstream) -> ReadResult:
    result = ReadResult()
    label = upstream.site.label("corp_members.yml")
    for position, entry in enumerate(upstream.site.corp_members, start=1):
        name = clean_text(entry.get("name")) if isinstance(entry, dict) else ""
        if not name:
            result.skip(f"{label}#{position}", f"entry {position} of {label} has no name")
            continue
        key = f"corp-member-{slugify(name)}"[:200]
        if key in result.listed_keys:
            result.skip(key, f"{name!r} is listed twice in {label}; the first entry is used")
            continue
        result.listed_keys.add(key)
        sponsor_code = _code(entry.get("sponsor", entry.get("sponosr")))
        is_member = _is_true(entry.get("member"))
        member_code = _code(entry.get("membertype"))
        result.records.append(
            SponsorRecord(
                key=key,
                name=name[:200],
                sortname=clean_text(entry.get("sortname"))[:200],
                sponsor_tier=SPONSOR_TIERS.get(sponsor_code, "none"),
                member_tier=MEMBER_TIERS.get(member_code, "silver") if is_member else "none",
                image_url=clean_url(entry.get("image"), base=f"{OWASP_SITE}/"),
                url=clean_url(entry.get("url")),
                job_url=clean_url(entry.get("job_url")),
                description=clean_text(entry.get("description")),
                sources=[label],
            )
        )
    result.missing = upstream.site.is_missing("corp_members.yml")
    return result
