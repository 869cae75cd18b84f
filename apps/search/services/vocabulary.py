"""Typo correction from the trigram vocabulary (PERF-FLOOR Q5a), for "did you mean" and the full-text re-query.

The vocabulary is every folded word of the indexed names and aliases (issues left out: their titles would be
most of the words and nobody searches for a misspelt issue title). A misspelt word probes the GIN index of
trigrams for words of length ±2 sharing a trigram other than the padded leading one (which alone matches
thousands), takes the 20 sharing most, and reranks them in Python by Damerau-Levenshtein (OSA) distance, then
by how many documents hold the word: 'djnago' finds 'django' although a transposition breaks most trigrams.
Rebuilt by ``reindex`` and nightly (beat), extended as documents are written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from apps.search.models import SearchTerm

CANDIDATES = 20
MAX_TERM_LENGTH = 100


def allowed_distance(word: str) -> int:
    """Edits tolerated in a word: none below 4 letters, 1 from 4, 2 from 8."""
    return 2 if len(word) >= 8 else 1 if len(word) >= 4 else 0


def trigrams(word: str) -> list[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return sorted({padded[i : i + 3] for i in range(len(padded) - 2)})


def osa_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a transposition is one edit); ``limit`` + 1 once beyond it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


# The words of the entity documents (optionally only some), with how many documents hold each, and their
# trigrams as ``trigrams()`` makes them (padded: two spaces before, one after), all computed in the database.
WORDS_SQL = """
    SELECT word, length(word), count(*),
           ARRAY(SELECT DISTINCT substr('  ' || word || ' ', i, 3) FROM generate_series(1, length(word) + 1) AS i
                 ORDER BY 1)::varchar[]
    FROM (SELECT DISTINCT id, regexp_split_to_table(name_folded || ' ' || alias_folded, ' ') AS word
          FROM search_searchdocument WHERE type <> 'issue' {only}) AS words
    WHERE length(word) BETWEEN 2 AND %s
    GROUP BY word
"""


def rebuild_vocabulary() -> int:
    """Replace the vocabulary with the words of every non-issue document (one statement, in the database)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchterm")
        cursor.execute(
            "INSERT INTO search_searchterm (term, length, frequency, trigrams) " + WORDS_SQL.format(only=""),
            [MAX_TERM_LENGTH],
        )
        return cursor.rowcount


def add_words(document_ids: Iterable[int]) -> None:
    """Add the words of these (new or changed) documents; frequencies are set right by the next rebuild."""
    ids = list(document_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_searchterm (term, length, frequency, trigrams) "
            + WORDS_SQL.format(only="AND id = ANY(%s)")
            + " ON CONFLICT (term) DO NOTHING",
            [ids, MAX_TERM_LENGTH],
        )


def known(words: Iterable[str]) -> set[str]:
    words = list(set(words))
    return set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True)) if words else set()


# Candidates of several misspelt words in one statement: for each, the vocabulary words of length ±2 sharing a
# trigram other than the padded leading one, those sharing most first (then the most frequent), 20 per word.
CANDIDATES_SQL = """
    SELECT probe.word, found.term, found.frequency
    FROM unnest(%s::varchar[], %s::varchar[]) AS probe(word, grams)
    CROSS JOIN LATERAL (
        SELECT term, frequency FROM search_searchterm
        WHERE trigrams && string_to_array(probe.grams, '|')::varchar[]
          AND length BETWEEN length(probe.word) - 2 AND length(probe.word) + 2
        ORDER BY cardinality(ARRAY(SELECT unnest(trigrams) INTERSECT
                                   SELECT unnest(string_to_array(probe.grams, '|')))) DESC,
                 frequency DESC
        LIMIT %s
    ) AS found
"""


def _probe(word: str) -> list[str]:
    return [gram for gram in trigrams(word) if not gram.startswith("  ")]


def candidates(word: str) -> list[tuple[str, int]]:
    """Up to 20 vocabulary words sharing the most trigrams with ``word`` (length ±2), with frequencies."""
    return [(term, frequency) for _, term, frequency in _candidates_of([word])]


def _candidates_of(words: list[str]) -> list[tuple[str, str, int]]:
    """(word, candidate, frequency) for each of ``words``, in one statement."""
    if not words:
        return []
    with connection.cursor() as cursor:
        # Each word's trigrams joined by "|", which no folded word holds ([0-9a-z] and spaces only).
        cursor.execute(CANDIDATES_SQL, [words, ["|".join(_probe(word)) for word in words], CANDIDATES])
        return cursor.fetchall()


def _best(word: str, found: Iterable[tuple[str, int]]) -> str | None:
    """The closest of ``found`` within the allowed distance (fewest edits, then most frequent), or None."""
    limit = allowed_distance(word)
    ranked = []
    for term, frequency in found:
        distance = osa_distance(word, term, limit)
        if 0 < distance <= limit:
            ranked.append((distance, -frequency, term))
    return min(ranked)[2] if ranked else None


def correct(word: str) -> str | None:
    """The closest vocabulary word within the allowed distance (fewest edits, then most frequent), or None."""
    if not allowed_distance(word):
        return None
    return _best(word, candidates(word))


def _unknown(words: list[str], *, last_is_prefix: bool) -> set[str]:
    """The words the vocabulary does not hold (the last one, when typing, not even as the start of a word), in
    one statement. The prefix probe is a range of the primary key in byte order (folded words are [0-9a-z],
    all below "{"): an index range scan where the database collates as C (the embedded one), a correct
    scan elsewhere."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::varchar[]) AS word WHERE NOT EXISTS "
            "(SELECT 1 FROM search_searchterm WHERE term = word) "
            "AND NOT (word = %s AND EXISTS (SELECT 1 FROM search_searchterm "
            """WHERE term COLLATE "C" >= word AND term COLLATE "C" < word || '{'))""",
            [list(dict.fromkeys(words)), words[-1] if last_is_prefix else ""],
        )
        return {row[0] for row in cursor.fetchall()}


def corrections(words: list[str], *, last_is_prefix: bool = False) -> dict[str, str]:
    """For each word the vocabulary does not hold (the last one not even as a prefix, when typing), its
    correction. Two statements whatever the number of words (which words are unknown; the candidates of all
    of them), so that it fits the as-you-type budget: 'djnago', 'melbourn', 'wrongsecrest' as they are typed."""
    if not words:
        return {}
    unknown = [word for word in dict.fromkeys(words) if allowed_distance(word)]
    if not unknown:
        return {}
    absent = _unknown(words, last_is_prefix=last_is_prefix)
    unknown = [word for word in unknown if word in absent]
    if not unknown:
        return {}
    by_word: dict[str, list[tuple[str, int]]] = {word: [] for word in unknown}
    for word, term, frequency in _candidates_of(unknown):
        by_word[word].append((term, frequency))
    found = {}
    for word in unknown:
        fixed = _best(word, by_word[word])
        if fixed:
            found[word] = fixed
    return found
