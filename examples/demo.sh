#!/bin/sh
# colretire's main job on the example app, on SQLite, with no server: the column from the
# outage walks its whole way out, and every premature drop is refused on the way.
# Runs in a throwaway copy; the example in the repository is left untouched.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/colretire-demo.XXXXXX")
app="$work/workflow_tracker"
cp -R "$here/workflow_tracker" "$app"
cd "$app"
find . -name '__pycache__' -o -name '*.db' -o -name '.*_cache' | xargs rm -rf
rm -rf state

export DATABASE_URL="sqlite:///$app/backend/workflow.db"
export GIT_AUTHOR_NAME="Demo" GIT_AUTHOR_EMAIL="demo@example.com"
export GIT_COMMITTER_NAME="Demo" GIT_COMMITTER_EMAIL="demo@example.com"
export COLRETIRE_USER="Demo <demo@example.com>"
COLUMN=tasks.expected_completion_time

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { step "$@"; "$@"; }
refused() { step "$@"; if "$@"; then echo "demo: expected a refusal" >&2; exit 1; else echo "(refused, as it should be)"; fi; }

git init -q -b main . && git add -A && git commit -qm "workflow tracker"
(cd backend && alembic upgrade head >/dev/null 2>&1)
echo "example app copied to $app, schema created on SQLite"

run colretire deprecate "$COLUMN" --reason "replaced by eta_minutes"
run colretire refs "$COLUMN"
run colretire status
run colretire checklist
step colretire rewrite "$COLUMN" "(the diff, first lines; --write applies it)"
colretire rewrite "$COLUMN" | head -n 30

# Nobody can drop it early: not colretire, not a hand-written migration.
refused colretire drop "$COLUMN"
cat > backend/migrations/versions/0004_drop_eta.py <<'PY'
"""drop tasks.expected_completion_time (hand-written, too early)"""
from alembic import op

revision = "0004_drop_eta"
down_revision = "0003"


def upgrade() -> None:
    op.drop_column("tasks", "expected_completion_time")


def downgrade() -> None:
    raise NotImplementedError
PY
refused colretire check
refused sh -c "cd backend && alembic upgrade head"
rm backend/migrations/versions/0004_drop_eta.py

# The outage itself: the column dropped by hand behind everyone's back.
step "ALTER TABLE tasks DROP COLUMN expected_completion_time  (by hand, as in the outage)"
python -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('ALTER TABLE tasks DROP COLUMN expected_completion_time'); c.commit()" backend/workflow.db
refused colretire check --db "$DATABASE_URL"
run colretire restore "$COLUMN"
run sh -c "cd backend && alembic upgrade head"
run colretire check --db "$DATABASE_URL"
printf '\nThe demo project is in %s\n' "$app"
