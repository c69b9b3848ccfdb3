#!/usr/bin/env bash
# Runs the whole suite on SQLite, then again on PostgreSQL when one is reachable, and says
# which databases it ran on. pytest's exit 5 (no test ran) counts as a failure.
set -u
cd "$(dirname "$0")/.."
BIN=.venv/bin
export NOTALONE_ENV=development
export NOTALONE_DATA_DIR="${NOTALONE_DATA_DIR:-$(mktemp -d -t notalone-test-XXXX)}"
export PYTHONDONTWRITEBYTECODE=1

run_suite() {
  local label=$1
  shift
  echo "=== Running every test on ${label} ==="
  "$BIN/python" -m pytest "$@"
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "!!! No test ran on ${label}: that is a failure." >&2
    return 1
  fi
  return "$status"
}

pg_url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_reachable() {
  "$BIN/python" - "$pg_url" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
PY
}

ran=()
failed=()
if (unset DATABASE_URL; run_suite "SQLite" "$@"); then ran+=("SQLite: passed"); else failed+=("SQLite"); fi

if [[ "$pg_url" == postgres* ]] && pg_reachable; then
  if DATABASE_URL="$pg_url" run_suite "PostgreSQL ($pg_url)" "$@"; then
    ran+=("PostgreSQL: passed")
  else
    failed+=("PostgreSQL")
  fi
else
  echo "PostgreSQL is not reachable at $pg_url: the suite ran on SQLite only."
  if [ "${CI:-}" = "true" ]; then
    echo "!!! CI must run on PostgreSQL too." >&2
    failed+=("PostgreSQL (unreachable)")
  fi
fi

echo "=== Databases: ${ran[*]:-none passed}${failed:+; FAILED: ${failed[*]}} ==="
[ ${#failed[@]} -eq 0 ]
