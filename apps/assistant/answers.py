"""``ask(question)``: hybrid retrieval, then ``apps.ai.services.answers`` writes the answer with its sources.

Hybrid: the embeddings' entities nearest in meaning (``apps.ai.services.retrieval.similar``) and the search
service's lexical hits (``apps.search.services.search``) over the same kinds; an entity only the lexical
search found is scored by its own nearest chunk (``best_chunks``), so every candidate has a cosine
similarity and the lexical score adds to it (``Passage.rank``). Each source is named as the search service
names it (its ``SearchDocument``: title, URL, type, key), so an answer's links are the pages' own.
"""

from __future__ import annotations

import itertools
import logging

from apps.ai.models import EntityType
from apps.ai.services import answers
from apps.ai.services.answers import Answer, Passage, Source
from apps.ai.services.retrieval import best_chunks, has_embeddings, similar
from apps.search.models import SearchDocument
from apps.search.services import MAX_QUERY_LENGTH, InvalidSearch, search

logger = logging.getLogger(__name__)

SEMANTIC_CANDIDATES = 8
LEXICAL_CANDIDATES = 8
MAX_PAIRS = 3
TYPES = tuple(EntityType.values)  # what is embedded (members are not)


def _search(text: str) -> list:
    try:
        return search(text[:MAX_QUERY_LENGTH], types=list(TYPES), limit=LEXICAL_CANDIDATES).hits
    except InvalidSearch:
        return []
    except Exception:  # the lexical half failing leaves the semantic half
        logger.warning("ask: the lexical search failed", exc_info=True)
        return []


def _lexical(question: str) -> list:
    """The search service's hits for the question's keywords. Every word of a search must match, which a
    whole question rarely does: without hits, its adjacent pairs of keywords are searched (names are often
    two words: "juice shop", "dependency check"), at most ``MAX_PAIRS``, each hit keeping its best score."""
    words = answers.keywords(question)
    if not words:
        return []
    hits = _search(" ".join(words))
    if hits or len(words) < 3:
        return hits
    best: dict[tuple[str, str], object] = {}
    for first, second in list(itertools.pairwise(words))[:MAX_PAIRS]:
        for hit in _search(f"{first} {second}"):
            if (hit.type, hit.key) not in best or best[(hit.type, hit.key)].score < hit.score:
                best[(hit.type, hit.key)] = hit
    return sorted(best.values(), key=lambda hit: hit.score, reverse=True)[:LEXICAL_CANDIDATES]


def retrieve(question: str) -> list[Passage]:
    """The candidate passages for ``question``, best first (see the module docstring)."""
    matches = {(m.entity_type, m.object_id): m for m in similar(question, limit=SEMANTIC_CANDIDATES)}
    hits = _lexical(question)
    top = max((hit.score for hit in hits), default=0.0) or 1.0
    lexical_by_key = {(hit.type, hit.key): hit.score / top for hit in hits}

    documents = list(
        SearchDocument.objects.filter(type__in=TYPES, object_id__in=[pk for _, pk in matches]).only(
            "type", "object_id", "key", "title", "url"
        )
    )
    by_entity = {(d.type, d.object_id): d for d in documents if (d.type, d.object_id) in matches}
    missing = [(t, k) for t, k in lexical_by_key if not any(d.type == t and d.key == k for d in by_entity.values())]
    if missing:
        extra = SearchDocument.objects.filter(type__in={t for t, _ in missing}, key__in={k for _, k in missing})
        extra = [d for d in extra.only("type", "object_id", "key", "title", "url") if (d.type, d.key) in missing]
        by_entity.update({(d.type, d.object_id): d for d in extra})
        unscored = [(d.type, d.object_id) for d in extra if (d.type, d.object_id) not in matches]
        matches.update(best_chunks(question, unscored))

    passages = []
    for entity, match in matches.items():
        document = by_entity.get(entity)
        if document is None:  # embedded but not shown (anymore) by the site
            continue
        source = Source(document.title, document.url, document.type, document.key)
        passages.append(
            Passage(source, match.chunk.text, match.score, lexical_by_key.get((document.type, document.key), 0.0))
        )
    return sorted(passages, key=lambda p: p.rank, reverse=True)


def ask(question) -> Answer:
    """The answer to ``question`` with its sources (:class:`~apps.ai.services.answers.InvalidQuestion` for a
    question that cannot be asked); while nothing is embedded, a decline that says so (``not_indexed``)."""
    text = answers.clean_question(question)
    passages = retrieve(text)
    if not passages and not has_embeddings():
        return answers.not_indexed(text)
    return answers.answer(text, passages)
