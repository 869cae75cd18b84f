"""Tolerant parsers for OWASP's messy upstream files: YAML with TABs, Jekyll front matter, levels, markdown lists.

Each parser either returns a clean value or raises ``RecordError`` with a reason a human can act on.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urljoin

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from apps.owasp.sources.base import RecordError

# libyaml's parser when PyYAML was built with it (the PyPI wheels are): same results, about ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

OWASP_SITE = "https://owasp.org"
GITHUB_ORG_URL = "https://github.com/OWASP"


# --- YAML and JSON -------------------------------------------------------------------------------------------


def normalise_yaml_text(text: str) -> str:
    """Make OWASP's hand-edited YAML acceptable to PyYAML without changing its meaning.

    corp_members.yml has TABs after values (``sponsor: -1<TAB>``) and between key and value
    (``url: <TAB>https://…``), which PyYAML rejects. Trailing whitespace goes; an inner TAB becomes a space.
    Leading TABs (indentation) are left alone: guessing indentation could change the structure.
    """
    lines = []
    for line in text.splitlines():
        stripped = line.rstrip()
        indent = len(stripped) - len(stripped.lstrip("\t "))
        lines.append(stripped[:indent] + stripped[indent:].replace("\t", " "))
    return "\n".join(lines) + "\n"


def load_yaml(text: str | bytes, *, what: str) -> Any:
    """Parse YAML; on failure retry once on the normalised text; raise RecordError naming ``what``."""
    if isinstance(text, bytes):
        text = decode(text, what=what)
    try:
        return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader (libyaml's SafeLoader)
    except yaml.YAMLError as first_error:
        try:
            return yaml.load(normalise_yaml_text(text), Loader=YAML_LOADER)  # noqa: S506 - as above
        except yaml.YAMLError:
            raise RecordError(f"{what}: invalid YAML ({_short_yaml_error(first_error)})") from first_error


def _short_yaml_error(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"{problem} at line {mark.line + 1}" if mark else problem


def load_json(raw: bytes, *, what: str) -> Any:
    try:
        return json.loads(decode(raw, what=what))
    except json.JSONDecodeError as exc:
        raise RecordError(f"{what}: invalid JSON ({exc.msg} at line {exc.lineno})") from exc


def decode(raw: bytes, *, what: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"{what}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc


FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.S)


def split_front_matter(text: str, *, what: str) -> tuple[dict, str]:
    """Jekyll front matter (YAML between ``---`` lines) and the body; ({}, text) when there is none."""
    match = FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            raise RecordError(f"{what}: front matter is not closed by a '---' line")
        return {}, text
    data = load_yaml(match["yaml"], what=f"{what} front matter")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RecordError(f"{what}: front matter is a {type(data).__name__}, not a mapping of fields")
    return data, match["body"]


# --- Scalars ------------------------------------------------------------------------------------------------

# OWASP's numeric levels. 0 marks an inactive project; -1 (or anything else) means "not known".
LEVELS = {2.0: "incubator", 3.0: "lab", 3.5: "production", 4.0: "flagship"}
INACTIVE_LEVEL = 0.0


def parse_level(value: Any) -> tuple[str | None, bool]:
    """(level choice or None when unknown, whether the level marks the project inactive).

    Levels arrive as "2", 2, 3.5, "3.5", "-1", "0", None or garbage.
    """
    if value is None or isinstance(value, bool):
        return None, False
    try:
        number = float(str(value).strip())
    except ValueError:
        return None, False
    if number == INACTIVE_LEVEL:
        return None, True
    return LEVELS.get(number), False


PROJECT_TYPES = ("code", "documentation", "tool")
TYPE_ALIASES = {"standards": "documentation", "standard": "documentation", "docs": "documentation"}


def parse_project_type(value: Any) -> str | None:
    """Map OWASP's free-text type ('code', 'Documentation', 'code, tool', a sentence…) to a choice.

    The first known word wins; text naming no known type gives 'other'; empty gives None (unknown).
    """
    text = clean_text(value).lower()
    if not text:
        return None
    for word in re.split(r"[\s,/;|]+", text):
        word = TYPE_ALIASES.get(word, word)
        if word in PROJECT_TYPES:
            return word
    return "other"


def clean_text(value: Any) -> str:
    """A single-line string: None → '', numbers → str, inner whitespace collapsed."""
    if value is None or isinstance(value, dict | list):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def parse_tags(value: Any) -> list[str]:
    """Tags from a YAML list, or a string separated by commas or (without commas) by spaces."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [clean_text(item) for item in value]
    else:
        text = clean_text(value)
        items = text.split(",") if "," in text else text.split()
    tags: list[str] = []
    for item in items:
        tag = item.strip().strip("#").strip()[:100]
        if tag and tag.lower() not in (existing.lower() for existing in tags):
            tags.append(tag)
    return tags


def parse_string_list(value: Any, *, limit: int = 100) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,\n]", str(value))
    result = []
    for item in items:
        text = clean_text(item)[:limit]
        if text and text not in result:
            result.append(text)
    return result


DATE_FORMATS = ("%Y-%m-%d", "%a %b %d %H:%M:%S %Y", "%Y/%m/%d", "%d-%m-%Y", "%Y%m%d")


def parse_date(value: Any) -> datetime.date | None:
    """A date from YAML dates, '2021-04-20', 'Tue Nov 30 20:45:59 2021' or '20260416'; None when unparsable."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value)
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        return None


MONTHS = {name.lower(): number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}  # fmt: skip
DATES_RANGE = re.compile(
    r"^(?P<m1>[A-Za-z]+)\.?\s+(?P<d1>\d{1,2})(?:\s*[-\u2013]\s*(?:(?P<m2>[A-Za-z]+)\.?\s+)?(?P<d2>\d{1,2}))?,?\s+(?P<y>\d{4})$"
)


def parse_date_range(text: Any, start: datetime.date | None) -> datetime.date | None:
    """The end date of 'June 22-26, 2026', 'October 30 - November 2, 2026' or 'September 22, 2026'."""
    match = DATES_RANGE.match(clean_text(text))
    if not match:
        return start
    month = MONTHS.get(match["m2"].lower() if match["m2"] else match["m1"].lower())
    day = match["d2"] or match["d1"]
    if not month:
        return start
    try:
        end = datetime.date(int(match["y"]), month, int(day))
    except ValueError:
        return start
    return end if start is None or end >= start else start


_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def clean_url(value: Any, *, base: str | None = None) -> str:
    """A valid absolute http(s) URL, or ''. Relative URLs are resolved against ``base`` when given."""
    text = clean_text(value)
    if not text:
        return ""
    if base and not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I):
        text = urljoin(base, text)
    try:
        _url_validator(text)
    except ValidationError:
        return ""
    return text[:500]


def split_urls(value: Any) -> list[str]:
    """projects.json ``codeurl`` holds zero, one or several URLs separated by TABs (or spaces)."""
    urls = []
    for part in re.split(r"[\t\s,]+", str(value or "")):
        url = clean_url(part)
        if url and url not in urls:
            urls.append(url)
    return urls


def clean_email(value: Any) -> str:
    text = clean_text(value).removeprefix("mailto:")
    try:
        _email_validator(text)
    except ValidationError:
        return ""
    return text.lower()


def fold(text: str) -> str:
    """Lower-case ASCII form for matching names: 'São Paulo' → 'sao paulo'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"\s+", " ", "".join(ch for ch in decomposed if not unicodedata.combining(ch))).strip().lower()


def www_key(url_or_name: Any) -> str:
    """The www-* key from 'https://owasp.org/www-project-juice-shop/' or 'www-project-juice-shop'; '' if none."""
    match = re.search(r"(www-[A-Za-z0-9._-]+)", str(url_or_name or ""))
    return match.group(1).rstrip("./").lower() if match else ""


REPO_URL = re.compile(r"^https://(?:www\.)?(?:github\.com|gitlab\.com)/[^/\s]+/[^/\s#?]+/?$", re.I)


def is_repository_url(url: str) -> bool:
    return bool(REPO_URL.match(url))
