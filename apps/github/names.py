"""What GitHub accepts as a login or a repository name, so lookups can refuse anything else up front (a NUL
byte or a kilobyte of text in a URL is no account: the page is a 404, the database is never asked)."""

import re

# 1-39 letters, digits or hyphens, not starting with a hyphen; apps' accounts end in "[bot]".
LOGIN_PATTERN = r"[A-Za-z0-9][A-Za-z0-9-]{0,38}"
LOGIN_RE = re.compile(rf"{LOGIN_PATTERN}(?:\[bot\])?")
REPOSITORY_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")


def is_login(value) -> bool:
    return isinstance(value, str) and LOGIN_RE.fullmatch(value) is not None


def is_repository_name(value) -> bool:
    return isinstance(value, str) and REPOSITORY_NAME_RE.fullmatch(value) is not None
