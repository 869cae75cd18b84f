"""Put synced HTML in the exact form the admin's rich text editor saves, so an untouched save is not an edit.

The Draftail editor converts stored HTML to its own model and back when an editor saves a page. If sync stored
HTML in any other form, that round trip would change the description and look like an editor's override.
A few round trips reach a fixed point; that is what sync stores. The editor gives each block a random
``data-block-key``; sync numbers them instead, so the same upstream text always gives the same HTML.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache

from django.utils.html import escape, strip_tags

logger = logging.getLogger(__name__)
MAX_PASSES = 5
BLOCK_KEY = re.compile(r'data-block-key="[^"]*"')


@cache
def _converter():
    from wagtail.admin.rich_text import get_rich_text_editor_widget  # needs the models loaded

    return get_rich_text_editor_widget().converter


def _round_trip(html: str) -> str:
    converter = _converter()
    html = re.sub(r"<br\s*/?>", "<br/>", html)
    # The editor keeps no link without text (an image badge's, say): nor does sync, so none reaches the page,
    # where it would be a link nobody can read.
    return EMPTY_LINK.sub("", converter.to_database_format(converter.from_database_format(html))).strip()


def _number_blocks(html: str) -> str:
    counter = iter(range(1_000_000))
    return BLOCK_KEY.sub(lambda _match: f'data-block-key="b{next(counter):04d}"', html)


def to_editor_html(html: str) -> str:
    """The editor's fixed point of ``html``; plain paragraphs if the converter cannot read it."""
    if not html:
        return ""
    try:
        current = _number_blocks(_round_trip(html))
        for _ in range(MAX_PASSES):
            following = _number_blocks(_round_trip(current))
            if following == current:
                return current
            current = following
    except Exception:  # the converter asserts on HTML it cannot nest: fall back to plain text
        logger.warning("rich text conversion failed; storing the description as plain paragraphs", exc_info=True)
    paragraphs = [p.strip() for p in strip_tags(html).split("\n\n") if p.strip()]
    plain = "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in paragraphs)
    return _number_blocks(_round_trip(plain)) if plain else ""


EMPTY_BLOCK = re.compile(r"<p>\s*(?:<br/>\s*)*</p>")
EMPTY_LINK = re.compile(r"<a\b[^>]*>\s*</a>")  # Draftail drops a link without text (an image badge's, say)
BLOCK_KEY_ATTRIBUTE = re.compile(r'\s+data-block-key="[^"]*"')


@lru_cache(maxsize=4096)
def comparable(html: str) -> str:
    """``html`` as the editor would save it, without its block keys: equal for rich text an editor's untouched
    save merely re-encoded (new block keys, links without text dropped, empty paragraphs, an empty document saved
    as one empty paragraph). Empty is ''."""
    if not html or not html.strip():
        return ""
    try:
        current = _round_trip(html)
    except Exception:  # noqa: BLE001 - HTML the converter cannot read compares as it is
        current = html.strip()
    return EMPTY_BLOCK.sub("", EMPTY_LINK.sub("", BLOCK_KEY_ATTRIBUTE.sub("", current))).strip()
