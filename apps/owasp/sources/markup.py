"""Markdown of www-* pages read as owasp.org renders it: Jekyll's kramdown in GFM mode.

markdown-it-py's CommonMark parser (with GFM tables and strikethrough) agrees with kramdown-GFM where
Python-Markdown did not: a list may follow a paragraph without a blank line, and a link may wrap an image
(``[![badge](img)](href)``). Bodies are rendered to HTML and sanitised with nh3; sidebars and leaders.md are
read from the same parse tree, so links and list items are found exactly where a reader sees them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from apps.owasp.sources.parsing import clean_email, clean_text, clean_url

LIQUID = re.compile(r"{%-?.*?-?%}|{{.*?}}", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_LINK = re.compile(r"<a\b[^>]*href=[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<title>.*?)</a>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
BROKEN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p",
    "pre", "s", "strong", "ul",
}  # fmt: skip


@cache
def _parser() -> MarkdownIt:
    # Raw HTML is kept for the sanitiser to judge (OWASP pages mix HTML into markdown); linkify stays off, as in
    # kramdown: a bare URL in text is not a link.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _source(text: str) -> str:
    """The markdown a reader sees: Liquid tags and HTML comments removed."""
    return HTML_COMMENT.sub("", LIQUID.sub("", text or ""))


def parse(text: str) -> list[Token]:
    return _parser().parse(_source(text))


def markdown_to_html(text: str, *, base_url: str) -> str:
    """Sanitised HTML of a Jekyll markdown body: Liquid tags and comments dropped, links made absolute."""
    rendered = _parser().render(_source(text))
    # h1 is the page's title; shift headings down so the body starts at h2.
    rendered = re.sub(r"<(/?)h1\b", r"<\1h2", rendered)

    def absolute(tag: str, name: str, value: str) -> str | None:
        if tag == "a" and name == "href":
            return clean_url(html.unescape(value), base=base_url) or None
        return value

    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=absolute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.strip()


def inline_text(token: Token) -> str:
    """The visible text of an inline token: text, code and images' alt text, markup and HTML tags left out."""
    parts = []
    for child in token.children or ():
        if child.type == "text":
            # An image CommonMark could not read (spaces in its path) stays text: keep only its alt text.
            parts.append(BROKEN_IMAGE.sub(r"\g<alt>", child.content))
        elif child.type in ("code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return clean_text(html.unescape("".join(parts)))


def section_title(tokens: list[Token], position: int) -> str | None:
    """The section a block starts, or None: a heading, or a paragraph that is only bold text ("**Links**:")."""
    token = tokens[position]
    if token.type == "heading_open":
        return inline_text(tokens[position + 1])[:100]
    if token.type == "paragraph_open" and position + 1 < len(tokens) and tokens[position + 1].type == "inline":
        children = [c for c in tokens[position + 1].children or () if not (c.type == "text" and not c.content.strip())]
        if children and children[-1].type == "text" and children[-1].content.strip() == ":":
            children = children[:-1]
        bold = len(children) >= 3 and children[0].type == "strong_open" and children[-1].type == "strong_close"
        if bold and all(c.type == "text" for c in children[1:-1]):  # bold text only: a bold link is a link
            return inline_text(tokens[position + 1])[:100].rstrip(":").strip()
    return None


def links_in(token: Token) -> Iterator[tuple[str, str]]:
    """(title, raw href) of each link in an inline or HTML block token, in reading order."""
    if token.type == "html_block":
        for match in HTML_LINK.finditer(token.content):
            yield clean_text(TAG.sub("", html.unescape(match["title"]))), match["url"]
        return
    children = token.children or []
    position = 0
    while position < len(children):
        child = children[position]
        if child.type == "link_open":
            end = next((i for i in range(position + 1, len(children)) if children[i].type == "link_close"), None)
            end = len(children) if end is None else end
            inner = Token("inline", "", 0, children=children[position + 1 : end])
            yield inline_text(inner), str(child.attrGet("href") or "")
            position = end + 1
            continue
        if child.type == "html_inline" and child.content.lower().startswith("<a"):
            end = next((i for i in range(position + 1, len(children)) if children[i].content.lower() == "</a>"), None)
            if end is not None:
                raw = "".join(c.content for c in children[position : end + 1])
                match = HTML_LINK.match(raw)
                if match:
                    yield clean_text(TAG.sub("", html.unescape(match["title"]))), match["url"]
                position = end + 1
                continue
        position += 1


def markdown_links(text: str, *, base_url: str) -> list[tuple[str, str, str]]:
    """(section heading, title, absolute URL) of every link in a markdown sidebar such as info.md."""
    tokens = parse(text)
    section = ""
    links: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for position, token in enumerate(tokens):
        title = section_title(tokens, position)
        if title is not None:
            section = title
            continue
        if token.type not in ("inline", "html_block") or (position and tokens[position - 1].type == "heading_open"):
            continue
        for link_title, href in links_in(token):
            url = clean_url(html.unescape(href), base=base_url)
            if not url or url in seen or url.startswith("mailto:"):
                continue
            seen.add(url)
            links.append((section, link_title[:300], url))
    return links


# Words that make a parenthesis after a plain leader name a role ("Jane Doe (Chair)"), not a nickname.
ROLE_WORDS = re.compile(
    r"\b(?:chair|co-chair|vice|secretary|treasurer|lead|leader|co-lead|co-leader|founder|board|member|staff|"
    r"liaison|coordinator|organi[sz]er|maintainer|president)\b",
    re.I,
)
ROLE_SEPARATOR = re.compile(r"^\s*[-\u2013\u2014:|]\s*")
NAME_AND_ROLE = re.compile(r"^(?P<name>.+?)\s+[-\u2013\u2014]\s+(?P<role>.+)$")
TRAILING_PARENS = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$")


def leaders_markdown(text: str) -> list[tuple[str, str, str]]:
    """(name, email, role) of each leader listed in a leaders.md, in order.

    Formats vary: '* [Name](mailto:a@b)', '- [Name](mailto:a@b) - Chair', '* Plain Name (Chair)'. Only list items
    before any heading or under a heading (or bold line) that mentions leaders count: committees list members and
    liaisons below. A parenthesis inside the link is part of the name ("Simon Bennetts (psiinon)").
    """
    tokens = parse(text)
    leaders: list[tuple[str, str, str]] = []
    in_leaders, depth = True, 0
    for position, token in enumerate(tokens):
        title = section_title(tokens, position) if depth == 0 else None
        if title is not None:
            in_leaders = "leader" in title.lower()
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "inline" and depth == 1 and in_leaders and tokens[position - 2].type == "list_item_open":
            leader = _leader_item(token)
            if leader:
                leaders.append(leader)
    return leaders


def _leader_item(token: Token) -> tuple[str, str, str] | None:
    children = token.children or []
    if children and all(c.type in ("image", "softbreak") for c in children):
        return None  # a picture, not a person
    opening = next((i for i, c in enumerate(children) if c.type == "link_open"), None)
    if opening is not None and not inline_text(Token("inline", "", 0, children=children[:opening])):
        closing = next((i for i in range(opening, len(children)) if children[i].type == "link_close"), len(children))
        name = inline_text(Token("inline", "", 0, children=children[opening + 1 : closing]))
        href = str(children[opening].attrGet("href") or "")
        email = clean_email(href.replace("mailto://", "mailto:")) if href.lower().startswith("mailto:") else ""
        rest = children[closing + 1 :]
        role = "" if any(c.type == "link_open" for c in rest) else inline_text(Token("inline", "", 0, children=rest))
        role = ROLE_SEPARATOR.sub("", role.strip())
        if role.startswith("(") and role.endswith(")"):
            role = role[1:-1]
    else:
        name, email, role = TAG.sub("", inline_text(token)), "", ""
        match = NAME_AND_ROLE.match(name) or TRAILING_PARENS.match(name)
        if match and (match.re is NAME_AND_ROLE or ROLE_WORDS.search(match["role"])):
            name, role = match["name"], match["role"]
    name = clean_text(name).strip("*_ ")
    if not name:
        return None
    return name[:200], email, clean_text(role).strip("*_ ")[:100]


def parse_leaders_markdown(text: str) -> list[tuple[str, str]]:
    """(name, email) of each leader listed in a leaders.md, in order (roles left out)."""
    return [(name, email) for name, email, _role in leaders_markdown(text)]
