"""The issues a pull request's body says it closes, read as GitHub reads them: a closing keyword (close,
closes, closed, fix, fixes, fixed, resolve, resolves, resolved; any case; an optional colon) before ``#N``,
``owner/repo#N`` or ``https://github.com/owner/repo/issues/N``.

Only references to the pull request's own repository are kept: the site links a pull request to issues it
stores for that repository. Pure text parsing (no models), so the backfill migration can use it as is.
"""

from __future__ import annotations

import re

# A number GitHub could have given an issue: the column is a 32-bit integer.
MAX_NUMBER = 2**31 - 1

CLOSING_REFERENCE = re.compile(
    r"(?<![\w/.-])"  # the keyword is a word of its own: not "prefix #3" nor "a/fix #3"
    r"(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)"
    r":?\s+"
    r"(?:"
    r"https?://github\.com/(?P<url_owner>[\w.-]+)/(?P<url_repo>[\w.-]+)/issues/"
    r"|(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)#"
    r"|#"
    r")"
    r"(?P<number>\d+)(?!\w)",
    re.IGNORECASE,
)


def closing_numbers(body: str, full_name: str) -> list[int]:
    """The issue numbers ``body`` closes in the repository ``full_name`` ("owner/name"), in order, once each."""
    own = full_name.lower()
    numbers: dict[int, None] = {}
    for match in CLOSING_REFERENCE.finditer(body or ""):
        owner = match.group("url_owner") or match.group("owner")
        if owner is not None:
            repo = match.group("url_repo") or match.group("repo")
            if f"{owner}/{repo}".lower() != own:
                continue
        number = int(match.group("number"))
        if 0 < number <= MAX_NUMBER:
            numbers[number] = None
    return list(numbers)
