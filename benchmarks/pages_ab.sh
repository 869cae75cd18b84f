#!/bin/bash
# A/B page benchmark: alternate the two commits' benchmarks/pages.py on one database, twice each.
BEFORE=$1; AFTER=$2; RUNS=${3:-15}
cd "${BENCH_WORKTREE:?a git worktree of this repository, e.g. git worktree add --detach ../bench}"
for round in 1 2; do
  for c in $BEFORE $AFTER; do
    git checkout -q --detach $c
    NEST_PGDATA="${NEST_PGDATA:?the generated database}" .venv/bin/python benchmarks/pages.py --runs $RUNS 2>/dev/null | grep -v INFO > /tmp/ab-${c:0:7}-$round.txt
  done
done
