"""Staff records from the site's staff.yml: ``{image, name, title, location, email, description}`` per row.

Real quirks handled: CRLF line endings and trailing spaces after names and titles (``clean_text``); a folded
description (``>-``) left empty; rows whose name is "POSITION VACANT", two of them with the same title, each
a position of its own (keyed by its title and, from the second on, its rank among the vacancies of that title).
A row that is not a mapping or has no name is skipped and reported.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

from apps.owasp.sources.common import Upstream
from apps.owasp.sources.parsing import OWASP_SITE, clean_email, clean_text, clean_url
from apps.owasp.sources.records import ReadResult, StaffRecord

FILE = "staff.yml"
# The rows' image paths start at people/ (/people/staff_andrew.jpg); the site keeps its images under
# /assets/images/ (as corp_members.yml's logos show).
IMAGE_BASE = f"{OWASP_SITE}/assets/images/"
_VACANT = re.compile(r"^position\s+vacant$", re.IGNORECASE)


def is_vacancy(name: str) -> bool:
    return bool(_VACANT.match(name))


def read_staff(upstream: Upstream) -> ReadResult:
    result = ReadResult()
    label = upstream.site.label(FILE)
    for position, entry in enumerate(upstream.site.staff, start=1):
        if not isinstance(entry, dict):
            result.skip(f"{label}#{position}", f"entry {position} of {label} is not a mapping")
            continue
        name = clean_text(entry.get("name"))
        title = clean_text(entry.get("title"))
        if not name:
            result.skip(f"{label}#{position}", f"entry {position} of {label} has no name")
            continue
        vacant = is_vacancy(name)
        if vacant and not title:
            result.skip(f"{label}#{position}", f"entry {position} of {label} is a vacancy without a title")
            continue
        key = _key(result, f"staff-vacant-{slugify(title)}" if vacant else f"staff-{slugify(name)}", vacant)
        if key in result.listed_keys:
            result.skip(key, f"{name!r} is listed twice in {label}; the first entry is used")
            continue
        result.listed_keys.add(key)
        image = clean_text(entry.get("image")).lstrip("/")
        result.records.append(
            StaffRecord(
                key=key,
                name=name[:200],
                title=title[:200],
                location=clean_text(entry.get("location"))[:200],
                email=clean_email(entry.get("email")),
                image_url=clean_url(image, base=IMAGE_BASE) if image else "",
                description=clean_text(entry.get("description")),
                position=position,
                is_vacant=vacant,
                sources=[label],
            )
        )
    result.missing = upstream.site.is_missing(FILE)
    return result


def _key(result: ReadResult, base: str, vacant: bool) -> str:
    """``base``, or for a vacancy whose title an earlier vacancy has, ``base-2``, ``base-3``…"""
    base = base[:190]
    if not vacant or base not in result.listed_keys:
        return base
    number = 2
    while f"{base}-{number}" in result.listed_keys:
        number += 1
    return f"{base}-{number}"
