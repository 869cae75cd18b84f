#!/bin/bash
# A/B of the SQL / Redis / Python split per page (../shared/tools/page_split.py: in-process, page cache off,
# fragment cache warm, DEBUG off, 20 requests per page after 5 warming ones), alternating the commits on one
# database, twice each. Usage: BENCH_WORKTREE=../bench NEST_PGDATA=/tmp/bench1-pgdata benchmarks/split_ab.sh LABEL C1 C2 ...
# Writes /tmp/split-<label>-<commit>-<round>.txt; benchmarks/split_ab_table.py makes the table.
LABEL=$1; shift
TOOL=$(cd "$(dirname "$0")/../.." && pwd)/shared/tools/page_split.py
cd "${BENCH_WORKTREE:?a git worktree of this repository, e.g. git worktree add --detach ../bench}"
PATHS=$(NEST_PGDATA="${NEST_PGDATA:?the generated database}" .venv/bin/python - <<'PY' 2>/dev/null | tail -1
import os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nest.settings"); os.environ.setdefault("DJANGO_CONFIGURATION", "Local")
from nest import embedded_db; embedded_db.ensure_started()
import configurations; configurations.setup()
from cms.models import ChapterPage, EventPage, ProjectPage
typical = ProjectPage.objects.live().order_by("pk")[100]
chapter = ChapterPage.objects.live().filter(latitude__isnull=False).order_by("pk").first()
event = EventPage.objects.live().order_by("pk").first()
print(" ".join(["/", "/projects/", "/chapters/", "/contribute/", "/events/", typical.url, chapter.url, event.url]))
PY
)
echo "pages: $PATHS"
for round in 1 2; do
  for c in "$@"; do
    git checkout -q --detach "$c"
    NEST_PGDATA="$NEST_PGDATA" .venv/bin/python "$TOOL" $PATHS 2>/dev/null | grep -E "^/" > "/tmp/split-$LABEL-${c:0:7}-$round.txt"
  done
done
