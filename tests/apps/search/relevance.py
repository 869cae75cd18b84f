"""The relevance set: real queries on OWASP's real data (``../shared/data``) with the results they must find,
and the measures the tests and ``benchmarks/search.py`` report (MRR@10, recall@5).

Each case: the query, the documents that answer it ("type:key", any of them counts), how high the first of
them must rank (1: first), and what it exercises.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]
    within: int = 1
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.query}"


def _cases(kind: str, rows) -> list[Case]:
    return [Case(query, tuple(expected.split()), within, kind) for query, expected, within in rows]


CASES = [
    *_cases(
        "typo",
        [
            ("melbourn", "chapter:melbourne", 1),
            ("wrongsecrest", "project:wrongsecrets", 1),
            ("juise shop", "project:juice-shop", 1),
            ("cyclondx", "project:cyclonedx", 1),
            ("defectdjo", "project:defectdojo", 1),
            ("dependncy check", "project:dependency-check", 1),
            ("londn", "chapter:london", 1),
            ("threat dragn", "project:threat-dragon", 1),
            ("cheat sheats", "project:cheat-sheets", 1),
            ("secuirty shepherd", "project:security-shepherd", 1),
            ("webgoaat", "project:webgoat", 1),
            ("nettaker", "project:nettacker", 1),
            ("bangalor", "chapter:bangalore", 1),
            ("stockhlm", "chapter:stockholm", 1),
        ],
    ),
    *_cases(
        "prefix",
        [
            ("cyclo", "project:cyclonedx", 1),
            ("juic", "project:juice-shop", 1),
            ("defect", "project:defectdojo", 1),
            ("wrongs", "project:wrongsecrets", 1),
            ("netta", "project:nettacker", 1),
            ("melb", "chapter:melbourne", 1),
            ("dependency tr", "project:dependency-track", 1),
            ("threat drag", "project:threat-dragon", 1),
            ("secure head", "project:secure-headers", 1),
            ("bay ar", "chapter:bay-area", 1),
        ],
    ),
    *_cases(
        "acronym",
        [
            ("asvs", "project:application-security-verification-standard", 1),
            ("wstg", "project:web-security-testing-guide", 1),
            ("skf", "project:security-knowledge-framework", 1),
            ("esapi", "project:enterprise-security-api", 1),
            ("samm", "project:samm", 1),
            ("crs", "project:modsecurity-core-rule-set", 1),
            ("scvs", "project:software-component-verification-standard", 1),
            ("masvs", "project:mobile-app-security", 1),
            ("owtf", "project:owtf", 1),
        ],
    ),
    *_cases(
        "synonym",
        [
            ("zap", "project:zap", 1),
            ("zed attack proxy", "project:zap", 1),
            ("opencre", "project:integration-standards", 1),
            ("software assurance maturity model", "project:samm", 1),
            ("core rule set", "project:modsecurity-core-rule-set", 1),
            ("top 10 for llm", "project:top-10-for-large-language-model-applications", 1),
            ("application security verification standard", "project:application-security-verification-standard", 1),
        ],
    ),
    *_cases(
        "accent",
        [
            ("Montréal", "chapter:montreal", 1),
            ("montreal", "chapter:montreal", 1),
            ("goiania", "chapter:goiania", 1),
            ("Goiânia", "chapter:goiania", 1),
            ("São Paulo", "chapter:sao-paulo", 1),
            ("sao jose dos campos", "chapter:sao-jose-dos-campos", 1),
            ("queretaro", "chapter:queretaro", 1),
            ("logrono", "chapter:logrono", 1),
            ("diyarbakir", "chapter:diyarbakir", 1),
            ("Paraiba", "chapter:paraiba", 1),
            ("Malmö", "chapter:malmo", 1),
            ("malmo", "chapter:malmo", 1),
            ("Bogotá", "chapter:bogota", 1),
            ("bogota", "chapter:bogota", 1),
        ],
    ),
    *_cases(
        "other language",
        [
            ("genf", "chapter:geneva", 1),
            ("Genève", "chapter:geneva", 1),
            ("wien", "chapter:vienna", 1),
            ("köln", "chapter:cologne", 1),
            ("göteborg", "chapter:gothenburg", 1),
            ("københavn", "chapter:copenhagen", 1),
            ("moskau", "chapter:moscow", 1),
            ("bukarest", "chapter:bucharest", 1),
            ("helsingfors", "chapter:helsinki", 1),
        ],
    ),
    *_cases(
        "name",
        [
            ("juice shop", "project:juice-shop", 1),
            ("dependency", "project:dependency-check project:dependency-track", 1),
            ("top ten", "project:top-ten", 1),
            ("cheat sheets", "project:cheat-sheets", 1),
            ("london", "chapter:london", 1),
            ("threat modeling", "project:threat-modeling", 1),
            ("nest", "project:nest", 1),
        ],
    ),
]


# Plain-language questions with none of their answer's name words (``test_semantic`` checks it): found by the
# hybrid step, from the embeddings of the real pages (the session's AI fixture); lexically they match nothing
# useful.
SEMANTIC_CASES = _cases(
    "semantic",
    [
        ("tool to find vulnerable dependencies in my project", "project:dependency-check project:dependency-track", 3),
        ("intentionally insecure web app for practising attacks", "project:juice-shop", 3),
        ("standard format for a software bill of materials", "project:cyclonedx", 3),
        ("signatures that block common attacks at a web application firewall", "project:modsecurity-core-rule-set", 3),
        ("measure how mature our secure development practices are", "project:samm", 3),
        ("map the external attack surface of an organisation with DNS enumeration", "project:amass", 3),
        ("manage findings from many security scanners in one place", "project:defectdojo", 3),
        # Other card games (the Top 10's, GameSec) come close.
        ("card game for identifying security requirements", "project:cornucopia", 5),
        ("hands-on challenges about storing credentials badly in apps", "project:wrongsecrets", 3),
        ("file integrity monitoring for kubernetes", "project:kubefim", 3),
        ("python framework that automates penetration testing and information gathering", "project:nettacker", 3),
        ("library against cross-site request forgery in java web apps", "project:csrfguard", 3),
    ],
)
CASES += SEMANTIC_CASES


def rank(hits, case: Case) -> int | None:
    """1-based rank of the first expected document among ``hits`` (``type``/``key`` attributes), or None."""
    for position, hit in enumerate(hits, start=1):
        if f"{hit.type}:{hit.key}" in case.expected:
            return position
    return None


def measures(ranks: list[int | None]) -> dict[str, float]:
    """MRR@10 (reciprocal rank, 0 beyond 10) and recall@5 (share found in the top 5) over the cases."""
    if not ranks:
        return {"mrr@10": 0.0, "recall@5": 0.0}
    mrr = sum(1 / r for r in ranks if r and r <= 10) / len(ranks)
    recall = sum(1 for r in ranks if r and r <= 5) / len(ranks)
    return {"mrr@10": round(mrr, 4), "recall@5": round(recall, 4)}
