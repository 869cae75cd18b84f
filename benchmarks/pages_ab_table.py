"""Markdown table of an A/B page benchmark (benchmarks/pages_ab.sh): the better of two rounds per cell.

python benchmarks/pages_ab_table.py <before-commit> <after-commit>
"""

import re
import sys
from pathlib import Path

ROW = re.compile(r"^(.+?)\s+(\d{3})\s+(\d+)" + r"\s+([\d.]+)" * 6 + r"\s*$")
HEADER = (
    "| page | queries before → after | uncached p50 / p95 before | after "
    "| fragments p50 / p95 before | after | cached p50 / p95 before | after |"
)


def load(commit: str) -> dict[str, tuple[int, list[float]]]:
    rows: dict[str, tuple[int, list[float]]] = {}
    for round_ in (1, 2):
        for line in Path(f"/tmp/ab-{commit[:7]}-{round_}.txt").read_text().splitlines():
            match = ROW.match(line)
            if not match:
                continue
            name, queries = match.group(1).strip(), int(match.group(3))
            values = [float(value) for value in match.groups()[3:]]
            if name in rows:
                values = [min(a, b) for a, b in zip(rows[name][1], values, strict=True)]
            rows[name] = (queries, values)
    return rows


def pair(values: list[float], i: int) -> str:
    digits = 1 if i < 4 else 2
    return f"{values[i]:.{digits}f} / {values[i + 1]:.{digits}f}"


def main(before: str, after: str) -> None:
    old, new = load(before), load(after)
    print(HEADER)
    print("|---|---|---|---|---|---|---|---|")
    for name, (queries, values) in old.items():
        new_queries, new_values = new.get(name, (None, [0.0] * 6))
        cells = [f"{queries} → {new_queries}"]
        for i in (0, 2, 4):
            cells += [pair(values, i), pair(new_values, i)]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
