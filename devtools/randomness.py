"""Seeded distributions and text for the developer tools (the data generator and the fake GitHub): Zipf ranks,
Pareto sizes, dates weighted toward now, and text. The generator's vocabulary is Zipf(1.15) over stop words,
security and tech words and a long tail of pseudo-words (names, identifiers), because real issue text is
distributed that way and full-text search costs depend on it; the fake GitHub draws from a short word list."""

from __future__ import annotations

import bisect
import itertools
import random
from datetime import datetime, timedelta


def _words(text: str) -> list[str]:
    return text.split()


def _unique_words(text: str) -> list[str]:
    return list(dict.fromkeys(text.split()))


STOPWORDS = _words("the a to in of and for is on with when not be from by an it as at can should") + _words(
    "or this that"
)
SECURITY_WORDS = _unique_words("""
security vulnerability injection authentication authorization session token password encryption crypto cipher
certificate tls ssl xss csrf ssrf sqli rce xxe deserialization sandbox privilege escalation exploit payload
scanner scan fuzzing fuzzer static dynamic analysis sast dast iast rasp waf firewall proxy zap burp header csp
cors cookie jwt oauth openid saml sso mfa totp secret secrets vault key keys rotation hash bcrypt argon salt
input validation sanitization encoding output escaping redirect traversal path upload download file parser
xml json yaml graphql rest api endpoint gateway rate limit throttle ddos dos logging monitoring audit alert
incident response threat model modeling risk assessment compliance policy standard asvs samm masvs top ten
cheat sheet guide testing test tests unit integration regression coverage benchmark performance memory leak
crash bug fix feature request enhancement refactor cleanup docs documentation readme typo translation
release version upgrade dependency dependencies update updates vulnerable outdated package library module
container docker kubernetes helm pod image registry cloud aws azure gcp iam bucket storage database sql
nosql mongodb postgres mysql redis cache queue worker job pipeline ci cd github actions workflow build
compile linter lint format style config configuration settings option flag cli command terminal shell
script python java javascript typescript go golang rust ruby php csharp dotnet node npm pip maven gradle
android ios mobile web browser extension plugin addon frontend backend server client ui ux page form button
login logout signup register user users admin role roles permission permissions access control acl rbac
data privacy pii gdpr leak exposure sensitive report reports dashboard chart metric metrics score health
juice shop dependency check track cyclonedx sbom defectdojo amass nettacker wrongsecrets nest threat dragon
pytm crapi webgoat mutillidae modsecurity crs coraza rule rules engine detection false positive negative
challenge ctf training lab labs workshop chapter meeting event conference project leader community
""")
SYLLABLES = _words(
    "ka lo mi ne ra su ti vo ze ba ce di fu ga hi jo ku le ma no pe qui ri sa to un va wi xo yu zo "
    "an ber cor dan el fen gor hal in jar kel lin mor nor or par quen ros sel tor ur vel wen xan yor zel"
)

FIRST_NAMES = _words(
    "Ana Ben Chen Dmitri Elena Fatima Gabriel Hana Ivan Jia Karim Lena Marco Nadia Omar Priya Quentin Rosa "
    "Sven Tariq Uma Victor Wei Ximena Yuki Zara Ahmed Bjorn Carla Deepak Emma Felix Greta Hiro Ines Jonas "
    "Kofi Laura Mateo Nina Olga Pablo Ravi Sara Tomas Ursula Vikram Wen Yara Zoltan Aisha Bruno Clara"
)
LAST_NAMES = _words(
    "Smith Garcia Muller Rossi Kim Nguyen Silva Kowalski Ivanova Haddad Okafor Tanaka Patel Johansson Dubois "
    "Novak Costa Fischer Levi Moreau Petrov Schmidt Wong Yilmaz Andersen Bakker Cohen Diaz Eriksen Fernandes "
    "Gupta Hansen Ito Jensen Khan Lopez Martin Nowak Oliveira Park Quinn Reyes Sato Torres Ueda Vargas Weber"
)


# The fake GitHub's small vocabulary: generated logins, repository names, titles and commit messages.
_SHORT_WORD_LIST = (
    "add fix update remove support handle improve refactor document test check scan report parse validate "
    "login session token cookie header request response cache proxy rule policy filter payload injection xss "
    "csrf sql auth oauth jwt tls cert crypto hash password secret key api endpoint schema config docker build "
    "release ci pipeline lint translation page chapter project leader meeting event docs example guide crash "
    "error warning timeout memory performance dependency upgrade version python java node go rust dotnet"
)
SHORT_WORDS = _SHORT_WORD_LIST.split()


def seeded_words(seed: int, count: int) -> str:
    """``count`` short words, the same for the same seed (a generated item's title or body, never stored)."""
    rng = random.Random(seed)  # noqa: S311 - fake data, not security
    return " ".join(rng.choice(SHORT_WORDS) for _ in range(count))


def pseudo_words(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct made-up words of 2 to 4 syllables (the long tail: names, identifiers)."""
    seen: set[str] = set()
    words = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_weights(count: int, exponent: float) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(count)]


def shuffled_zipf_weights(count: int, exponent: float, rng: random.Random) -> list[float]:
    """Zipf weights in a random order: which item gets the most is left to ``rng``."""
    weights = zipf_weights(count, exponent)
    rng.shuffle(weights)
    return weights


def cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def split_total(total: int, weights: list[float]) -> list[int]:
    """``total`` spread in proportion to ``weights``, exactly (the largest remainders get the rest)."""
    if not weights or total <= 0:
        return [0] * len(weights)
    scale = total / sum(weights)
    shares = [weight * scale for weight in weights]
    counts = [int(share) for share in shares]
    remainder = total - sum(counts)
    by_fraction = sorted(range(len(shares)), key=lambda index: counts[index] - shares[index])
    for index in by_fraction[:remainder]:
        counts[index] += 1
    return counts


class Vocabulary:
    """Words drawn by Zipf(1.15) rank: stop words first, then security and tech words, then pseudo-words."""

    def __init__(self, rng: random.Random, *, tail: int = 20_000, exponent: float = 1.15):
        self.rng = rng
        self.words = STOPWORDS + SECURITY_WORDS + pseudo_words(tail, rng)
        self._cum = cumulative(zipf_weights(len(self.words), exponent))
        self._top = self._cum[-1]

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self._cum, k=k)

    def sentence(self, words: int) -> str:
        text = " ".join(self.draw(words))
        return text[:1].upper() + text[1:]

    def title(self, prefix: str = "") -> str:
        """About 48 characters, like an issue title."""
        text = self.sentence(self.rng.randint(5, 9))
        return f"{prefix}: {text}" if prefix else text

    def paragraph(self, chars: int = 310) -> str:
        sentences, length = [], 0
        while length < chars:
            sentence = self.sentence(self.rng.randint(6, 14)) + "."
            sentences.append(sentence)
            length += len(sentence) + 1
        return " ".join(sentences)

    def security_words(self, k: int) -> list[str]:
        return self.rng.sample(SECURITY_WORDS, k)


class ZipfPicker:
    """Draws items by a Zipf rank over a shuffled order: a few items get most draws (active users)."""

    def __init__(self, items: list, exponent: float, rng: random.Random):
        self.rng = rng
        self.items = list(items)
        rng.shuffle(self.items)
        self._cum = cumulative(zipf_weights(len(self.items), exponent))

    def pick(self):
        return self.items[bisect.bisect_left(self._cum, self.rng.random() * self._cum[-1])]

    def sample(self, k: int) -> list:
        """Up to ``k`` distinct items (fewer when there are fewer)."""
        k = min(k, len(self.items))
        chosen: dict = {}
        attempts = 0
        while len(chosen) < k and attempts < k * 20:
            item = self.pick()
            chosen[item] = None
            attempts += 1
        if len(chosen) < k:
            for item in self.items:
                if len(chosen) >= k:
                    break
                chosen[item] = None
        return list(chosen)


def between(rng: random.Random, start: datetime, end: datetime, *, skew: float = 1.0) -> datetime:
    """A moment between ``start`` and ``end``; ``skew`` > 1 favours ``end``."""
    if end <= start:
        return end
    span = (end - start).total_seconds()
    return end - timedelta(seconds=span * rng.random() ** skew)


def pareto_int(rng: random.Random, alpha: float, scale: float, cap: int) -> int:
    """A Pareto-distributed count starting at 0 (most small, a few huge), capped."""
    return min(int((rng.paretovariate(alpha) - 1) * scale), cap)
