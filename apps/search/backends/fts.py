"""PostgreSQL full-text backend: the weighted ``search_vector`` (name A, aliases B, body C; GIN), the last word
as a prefix (``:*``), ``ts_rank_cd`` blended with popularity; typos corrected in the application from the
trigram vocabulary and re-queried (``apps.search.services.vocabulary``). Works on any PostgreSQL."""

from apps.search.backends import register
from apps.search.backends.postgres import Match, PostgresBackend
from apps.search.models.document import FTS_CONFIG


def tsquery(words: list[str], *, prefix_last: bool, names_only: bool = False) -> str:
    """Every word required; the last one as a prefix while typing; in names only (weight A) when asked.
    Words are folded to [0-9a-z]+, so they carry no tsquery syntax."""
    weight = "A" if names_only else ""
    terms = []
    for i, word in enumerate(words):
        prefix = "*" if prefix_last and i == len(words) - 1 else ""
        terms.append(f"{word}:{prefix}{weight}" if prefix or weight else word)
    return " & ".join(terms)


@register
class FtsBackend(PostgresBackend):
    name = "fts"
    corrects_typos_itself = False

    def match(self, words, *, prefix_last, fields="all", as_you_type=False):
        query = tsquery(words, prefix_last=prefix_last, names_only=fields == "name")
        return Match(
            condition=f"search_vector @@ to_tsquery('{FTS_CONFIG}', %s)",
            params=[query],
            score=f"ts_rank_cd(search_vector, to_tsquery('{FTS_CONFIG}', %s))",
            score_params=[query],
        )
