"""Text folding shared by indexing and queries: the database has no ``unaccent``, so both sides fold in Python
with the one function here (Montréal and Montreal, Malmö and Malmo are the same word to every backend)."""

import re
import unicodedata

# Letters NFKD does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",  # noqa: RUF001 - the dotless i folds to i
        "þ": "th",
        "ð": "d",
    }
)
_WORD = re.compile(r"[0-9a-z]+")

# Words too common to narrow a search (a query of only these keeps them).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "what",
        "where",
        "which",
        "who",
        "with",
    ]
)


def fold(text: str) -> str:
    """Lower case, accents dropped, every run of other characters one space: 'Montréal (QC)' -> 'montreal qc'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(_WORD.findall(stripped))


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return fold(text).split()


def query_words(query: str) -> list[str]:
    """The words a query searches for: folded, stopwords left out unless nothing else is left."""
    found = words(query)
    kept = [word for word in found if word not in STOPWORDS]
    return kept or found


def initials(name: str) -> str:
    """A name's acronym from its words' initials ('Software Assurance Maturity Model' -> 'samm'); '' for a
    name of fewer than two words. 'OWASP' and small words are skipped (an acronym never spells them)."""
    parts = [word for word in words(name) if word not in STOPWORDS and word != "owasp"]
    if len(parts) < 2:
        return ""
    return "".join(word[0] for word in parts)
