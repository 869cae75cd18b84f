"""Markdown table of benchmarks/split_ab.sh: per page and commit, the better round's p50 / p95 and its split.

python benchmarks/split_ab_table.py LABEL C1 C2 ...
"""

import re
import sys
from pathlib import Path

ROW = re.compile(
    r"^(\S+)\s+p50\s+([\d.]+)\s+p95\s+([\d.]+) ms \| SQL\s+([\d.]+) ms \((\d+) q\) \| Redis\s+([\d.]+) ms"
    r" \| Python\+templates\s+([\d.]+) ms"
)


def load(label: str, commit: str) -> dict[str, tuple]:
    best: dict[str, tuple] = {}
    for round_ in (1, 2):
        path = Path(f"/tmp/split-{label}-{commit[:7]}-{round_}.txt")
        for line in path.read_text().splitlines() if path.exists() else []:
            match = ROW.match(line)
            if match:
                page, *numbers = match.groups()
                row = tuple(float(n) for n in numbers)
                if page not in best or row[0] < best[page][0]:
                    best[page] = row
    return best


def main(label: str, commits: list[str]) -> None:
    runs = [load(label, commit) for commit in commits]
    print("| page | commit | p50 | p95 | SQL ms (queries) | Redis ms | Python + templates ms |")
    print("|---|---|---|---|---|---|---|")
    for page in runs[-1]:
        for commit, rows in zip(commits, runs, strict=True):
            if page in rows:
                p50, p95, sql, queries, redis, python = rows[page]
                cells = [page, commit[:7], f"{p50:.1f}", f"{p95:.1f}", f"{sql:.1f} ({queries:.0f})"]
                print("| " + " | ".join([*cells, f"{redis:.1f}", f"{python:.1f}"]) + " |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
