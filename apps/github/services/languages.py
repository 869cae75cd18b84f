"""Languages as shares of code: GitHub's bytes per language, for one repository or summed over several."""

from collections.abc import Iterable

MIN_SHARE = 0.001  # languages under 0.1% of the code are noise (a build script, a stray fixture)


def summed_languages(breakdowns: Iterable[dict]) -> dict[str, int]:
    """Bytes per language added up over several breakdowns; values that are not numbers are ignored."""
    total: dict[str, int] = {}
    for languages in breakdowns:
        for name, size in (languages if isinstance(languages, dict) else {}).items():
            if isinstance(size, int | float) and not isinstance(size, bool):
                total[name] = total.get(name, 0) + size
    return total


def language_shares(languages: dict, *, limit: int | None = None) -> list[dict]:
    """``{"name", "percent"}`` per language, largest first (then by name), languages under 0.1% left out;
    the ``limit`` largest when given."""
    sizes = summed_languages([languages])
    total = sum(sizes.values())
    if not total:
        return []
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    shares = [
        {"name": name, "percent": round(100 * size / total, 1)} for name, size in ranked if size / total >= MIN_SHARE
    ]
    return shares[:limit] if limit is not None else shares
