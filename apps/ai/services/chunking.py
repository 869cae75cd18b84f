"""Cut a document's text into passages that each fit the encoder's window, with langchain-text-splitters.

Paragraphs first, then lines, sentences and words (``RecursiveCharacterTextSplitter``), at most
``CHUNK_CHARS`` characters with ``OVERLAP_CHARS`` of overlap. 800 characters of English are about 180
MiniLM tokens, under its 256-token window, so no passage is cut short by the encoder. The first line (the
entity's name) starts every passage after the first, so that each passage says what it is about.
"""

from __future__ import annotations

from functools import cache

CHUNK_CHARS = 800
OVERLAP_CHARS = 100
MAX_CHUNKS = 20  # a document longer than this many passages keeps its start


@cache
def _splitter():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_CHARS,
        chunk_overlap=OVERLAP_CHARS,
        separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )


def split(text: str) -> list[str]:
    """The passages of ``text`` (none for an empty text)."""
    text = (text or "").strip()
    if not text:
        return []
    if len(text) <= CHUNK_CHARS:
        return [text]
    heading = text.split("\n", 1)[0][:120]
    passages = [passage for passage in _splitter().split_text(text) if passage.strip()][:MAX_CHUNKS]
    return [passages[0], *(p if p.startswith(heading) else f"{heading}\n{p}" for p in passages[1:])]
