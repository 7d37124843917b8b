#!/usr/bin/env bash
# Run ruff, lint-imports and mypy, then the whole test suite twice, side by side: on SQLite and on PostgreSQL
# (scripts/with-postgres.sh).
# Every step always runs; the script exits non-zero if any of them failed.
#
# Extra arguments are passed to both pytest runs (e.g. scripts/run-tests.sh -x -k login).
# SPOTLIGHT_SUITE_TIMEOUT (seconds, default 1200) caps each pytest run, so the whole thing
# stays well under 30 minutes even if something hangs.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PY="$ROOT/.venv/bin/python"
if [[ ! -x "$PY" ]]; then
    echo "ERROR: $PY not found; run 'make setup' first" >&2
    exit 1
fi

SUITE_TIMEOUT="${SPOTLIGHT_SUITE_TIMEOUT:-1200}"
RESULTS_DIR="$ROOT/var/test-results"
rm -rf "$RESULTS_DIR" "$ROOT/var/test-sqlite" "$ROOT/var/test-postgres"
mkdir -p "$RESULTS_DIR" "$ROOT/var/test-sqlite" "$ROOT/var/test-postgres"

header() {
    echo
    echo "=================================================================="
    echo "== $*"
    echo "=================================================================="
}

# describe_rc RC -> human text for a pytest exit code
describe_rc() {
    case "$1" in
        0) echo "ok" ;;
        1) echo "FAILED (some tests failed)" ;;
        2) echo "FAILED (interrupted)" ;;
        3) echo "FAILED (pytest internal error)" ;;
        4) echo "FAILED (pytest usage error)" ;;
        5) echo "FAILED (no tests were collected)" ;;
        124) echo "FAILED (timed out after ${SUITE_TIMEOUT}s)" ;;
        *) echo "FAILED (exit code $1)" ;;
    esac
}

overall=0

# --- ruff ------------------------------------------------------------------------------------
header "Lint: ruff check ."
"$ROOT/.venv/bin/ruff" check --output-format=concise .
ruff_rc=$?
if [[ $ruff_rc -eq 0 ]]; then ruff_status="ok"; else ruff_status="FAILED"; overall=1; fi

# --- imports and types -------------------------------------------------------------------
header "Layers: lint-imports (.importlinter)"
"$ROOT/.venv/bin/lint-imports" --no-cache --no-logo
imports_rc=$?
if [[ $imports_rc -eq 0 ]]; then imports_status="ok"; else imports_status="FAILED"; overall=1; fi

header "Types: mypy spotlight (strict)"
"$ROOT/.venv/bin/mypy" spotlight
mypy_rc=$?
if [[ $mypy_rc -eq 0 ]]; then mypy_status="ok"; else mypy_status="FAILED"; overall=1; fi

# --- SQLite and PostgreSQL, side by side ------------------------------------------------------
# The two suites share nothing (each has its own SPOTLIGHT_VAR_DIR and database), so they run at
# once, one per core; each writes to its own log, shown in full once both have finished.
header "Test suites on SQLite and on PostgreSQL, side by side"
sqlite_var="$(mktemp -d "$ROOT/var/test-sqlite/run.XXXXXX")"
pg_var="$(mktemp -d "$ROOT/var/test-postgres/run.XXXXXX")"
sqlite_log="$RESULTS_DIR/sqlite.log"
pg_log="$RESULTS_DIR/postgresql.log"
echo "  SQLite:     SPOTLIGHT_VAR_DIR=$sqlite_var (DATABASE_URL unset), log $sqlite_log"
echo "  PostgreSQL: SPOTLIGHT_VAR_DIR=$pg_var, log $pg_log"
(
    env -u DATABASE_URL SPOTLIGHT_VAR_DIR="$sqlite_var" \
        timeout --signal=INT --kill-after=30 "$SUITE_TIMEOUT" \
        "$PY" -m pytest -p no:cacheprovider --junitxml="$RESULTS_DIR/sqlite.xml" "$@" >"$sqlite_log" 2>&1
) &
sqlite_pid=$!
SPOTLIGHT_VAR_DIR="$pg_var" "$ROOT/scripts/with-postgres.sh" \
    timeout --signal=INT --kill-after=30 "$SUITE_TIMEOUT" \
    "$PY" -m pytest -p no:cacheprovider --junitxml="$RESULTS_DIR/postgresql.xml" "$@" >"$pg_log" 2>&1
pg_rc=$?
wait "$sqlite_pid"
sqlite_rc=$?

header "Test suite on SQLite"
cat "$sqlite_log"
if [[ $sqlite_rc -eq 5 ]]; then
    echo "ERROR: pytest collected no tests on SQLite (exit code 5); treating that as a failure." >&2
fi
[[ $sqlite_rc -ne 0 ]] && overall=1

header "Test suite on PostgreSQL"
cat "$pg_log"
if [[ $pg_rc -eq 5 ]]; then
    echo "ERROR: pytest collected no tests on PostgreSQL (exit code 5); treating that as a failure." >&2
fi
[[ $pg_rc -ne 0 ]] && overall=1

# --- summary ---------------------------------------------------------------------------------
# Count tests from the JUnit XML files (both runs together). A run that failed without a
# failing test in its report (no tests collected, crash, timeout) counts as one failure.
read -r n_passed n_failed n_skipped < <(
    "$PY" - "$RESULTS_DIR/sqlite.xml" "$sqlite_rc" "$RESULTS_DIR/postgresql.xml" "$pg_rc" <<'PY'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
args = sys.argv[1:]
for path, rc in zip(args[::2], args[1::2]):
    run_failed = 0
    try:
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    except (OSError, ET.ParseError):
        suites = []
    for s in suites:
        tests = int(s.get("tests", 0))
        fail = int(s.get("failures", 0)) + int(s.get("errors", 0))
        skip = int(s.get("skipped", 0))
        passed += tests - fail - skip
        run_failed += fail
        skipped += skip
    if int(rc) != 0 and run_failed == 0:
        run_failed = 1
    failed += run_failed
print(passed, failed, skipped)
PY
)
n_passed=${n_passed:-0}
n_failed=${n_failed:-0}
n_skipped=${n_skipped:-0}

echo
echo "ruff: $ruff_status | layers: $imports_status | mypy: $mypy_status | SQLite: $(describe_rc "$sqlite_rc") | PostgreSQL: $(describe_rc "$pg_rc") | junit: var/test-results/"
echo "Summary: $n_passed passed, $n_failed failed, $n_skipped skipped"
exit $overall
