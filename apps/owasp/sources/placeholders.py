"""Text OWASP's page templates ship for maintainers to replace, left in place upstream: never shown as content.

Each rule names a kind ("pitch", "title", "tag"), so the sync can count what it dropped per kind.
"""

from __future__ import annotations

import re

from apps.owasp.sources.parsing import fold

# The pitch of the site's generated lists and of the www-* repository template.
PLACEHOLDER_PITCHES = {
    "more info soon...",
    "more info soon",
    "a very brief, one-line description of your project",
    "a very brief, one-line description of your project.",
}
# index.md's template says `tags: example-tag`; *.owasp.yaml's lists custom-tag-1, custom-tag-2.
PLACEHOLDER_TAG = re.compile(r"^(?:example-tag|custom-tag-\d+)$", re.I)
# The site's generated lists title a page that has none yet with its repository name ("www-project-aibom").
REPOSITORY_NAME = re.compile(r"^www-(?:project|chapter|committee|revent|event)-", re.I)

PITCH, TITLE, TAG = "pitch", "title", "tag"


def is_placeholder_pitch(text: str) -> bool:
    return fold(text) in PLACEHOLDER_PITCHES


def is_placeholder_tag(tag: str) -> bool:
    return bool(PLACEHOLDER_TAG.match(tag.strip()))


def is_repository_name(title: str) -> bool:
    """A title that is only the www-* repository's name, not a name a person gave the page."""
    return bool(REPOSITORY_NAME.match(title.strip())) and " " not in title.strip()


def name_from_key(key: str) -> str:
    """A readable name from a www-* key when nothing better is known: www-project-api-top-10 → 'Api Top 10'."""
    words = REPOSITORY_NAME.sub("", key).replace("_", "-").split("-")
    return " ".join(word[:1].upper() + word[1:] for word in words if word)
