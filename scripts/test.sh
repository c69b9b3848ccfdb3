#!/usr/bin/env bash
# Runs the suite on SQLite, then the whole of it on PostgreSQL when one is reachable, and says
# which databases it ran on. Browser and fault tests (real chromium, real processes started and
# stopped) do not depend on the database engine: they run once, in the PostgreSQL pass, or in
# the SQLite pass when no PostgreSQL is reachable. Tests run on every core (pytest-xdist), a
# module per worker so a module's shared cast is built once. pytest's exit 5 (no test ran)
# counts as a failure.
set -u
cd "$(dirname "$0")/.."
BIN=.venv/bin
export NOTALONE_ENV=development
export NOTALONE_DATA_DIR="${NOTALONE_DATA_DIR:-$(mktemp -d -t notalone-test-XXXX)}"
export PYTHONDONTWRITEBYTECODE=1
# The Redis the Redis-dependent tests use (login limits, the shared page cache, two web
# processes): each test process keeps its keys under a prefix of its own (tests/conftest.py).
export NOTALONE_TEST_REDIS_URL="${NOTALONE_TEST_REDIS_URL:-redis://127.0.0.1:6379/10}"

run_suite() {
  local label=$1
  shift
  echo "=== Running the tests on ${label} ==="
  "$BIN/python" -m pytest -n "${TEST_WORKERS:-auto}" --dist loadfile "$@"
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
once=()
if [[ "$pg_url" == postgres* ]] && pg_reachable; then
  once=(-m "not browser and not fault and not models")
fi
if (unset DATABASE_URL; run_suite "SQLite" "${once[@]}" "$@"); then
  ran+=("SQLite: passed")
else
  failed+=("SQLite")
fi

if [ ${#once[@]} -gt 0 ]; then
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
