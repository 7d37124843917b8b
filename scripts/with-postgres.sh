#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Runs CMD with DATABASE_URL pointing at a PostgreSQL database, and exits with CMD's exit code.
#
#   * If a server on 127.0.0.1:5432 accepts a trust login as "postgres" to database "test"
#     (as on CI), CMD runs against postgres://postgres@127.0.0.1:5432/test.
#   * Otherwise a private, throw-away cluster is created in var/pg (installing Debian's
#     postgresql first if no initdb is found), started on 127.0.0.1 on a free port, and
#     stopped again when this script exits, whatever CMD's outcome.
#
# SPOTLIGHT_FORCE_PRIVATE_PG=1 skips the 127.0.0.1:5432 check and always uses a private cluster.
#
# The role is the "postgres" superuser, so pytest-django can create its test_<NAME> database.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED_URL="postgres://postgres@127.0.0.1:5432/test"

say() { printf '  [postgres] %s\n' "$*" >&2; }

# True when the given URL accepts a connection (no password prompt, 3 s timeout).
pg_usable() {
    local url=$1
    if [[ -x "$ROOT/.venv/bin/python" ]] && "$ROOT/.venv/bin/python" -c 'import psycopg' 2>/dev/null; then
        "$ROOT/.venv/bin/python" - "$url" <<'PY' >/dev/null 2>&1
import sys, psycopg
with psycopg.connect(sys.argv[1], connect_timeout=3) as conn:
    conn.execute("select 1")
PY
        return
    fi
    if command -v psql >/dev/null 2>&1 && psql --version >/dev/null 2>&1; then
        PGCONNECT_TIMEOUT=3 psql -w -X -Atq "$url" -c 'select 1' >/dev/null 2>&1
        return
    fi
    # No client available: fall back to pg_isready if present.
    command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -t 3
}

if [[ "${SPOTLIGHT_FORCE_PRIVATE_PG:-0}" != "1" ]] && pg_usable "$SHARED_URL"; then
    say "using the server on 127.0.0.1:5432 (database test, user postgres)"
    export DATABASE_URL="$SHARED_URL"
    exec "$@"
fi

if [[ "${SPOTLIGHT_FORCE_PRIVATE_PG:-0}" == "1" ]]; then
    say "SPOTLIGHT_FORCE_PRIVATE_PG=1: not using 127.0.0.1:5432"
else
    say "no usable server on 127.0.0.1:5432; starting a private cluster"
fi

# --- find (or install) the server binaries ---------------------------------------------------
find_pg_bin() { compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n1 | xargs -r dirname; }
PGBIN="$(find_pg_bin || true)"
if [[ -z "$PGBIN" ]]; then
    say "no initdb under /usr/lib/postgresql/*/bin; installing Debian's postgresql"
    SPOTLIGHT_FORCE_PRIVATE_PG=1 "$ROOT/scripts/ensure-system-packages.sh"
    PGBIN="$(find_pg_bin || true)"
    if [[ -z "$PGBIN" ]]; then
        echo "ERROR: PostgreSQL server binaries still not found under /usr/lib/postgresql/*/bin" >&2
        exit 1
    fi
fi
say "server binaries: $PGBIN"

# --- who runs the server: never root ---------------------------------------------------------
AS_PG=()
if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "ERROR: running as root but there is no 'postgres' system user to run initdb as" >&2
        exit 1
    fi
    AS_PG=(runuser -u postgres --)
fi

PGROOT="$ROOT/var/pg"
# If the cluster directory would not be reachable by the postgres user (e.g. the checkout
# lives under /root), fall back to a directory under /tmp.
mkdir -p "$ROOT/var"
if [[ ${#AS_PG[@]} -gt 0 ]] && ! "${AS_PG[@]}" test -x "$ROOT/var"; then
    PGROOT="$(mktemp -d /tmp/spotlight-pg.XXXXXX)"
    say "$ROOT/var is not reachable by the postgres user; using $PGROOT instead"
fi
PGDATA="$PGROOT/data"
PGLOG="$PGROOT/log"

# Stop a cluster left running by an earlier, killed run, then start from scratch.
if [[ -f "$PGDATA/postmaster.pid" ]]; then
    say "stopping a cluster left over in $PGDATA"
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
fi
rm -rf "$PGROOT"
mkdir -p "$PGROOT"
SOCKDIR="$(mktemp -d /tmp/spotlight-pgsock.XXXXXX)"
if [[ ${#AS_PG[@]} -gt 0 ]]; then
    chown postgres: "$PGROOT" "$SOCKDIR"
fi
chmod 700 "$PGROOT"

STARTED=0
cleanup() {
    local rc=$?
    if [[ $STARTED -eq 1 ]]; then
        say "stopping the private cluster"
        "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 \
            || "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 \
            || say "WARNING: could not stop the cluster in $PGDATA (see $PGLOG)"
    fi
    rm -rf "$SOCKDIR"
    [[ "$PGROOT" == /tmp/spotlight-pg.* ]] && rm -rf "$PGROOT"
    return $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "initdb in $PGDATA"
if ! "${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDATA" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 \
        --no-sync >"$PGROOT/initdb.log" 2>&1; then
    cat "$PGROOT/initdb.log" >&2
    echo "ERROR: initdb failed" >&2
    exit 1
fi

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Start on a free port; retry in the unlikely case that someone grabs the port meanwhile.
for attempt in 1 2 3; do
    PORT="$(free_port)"
    say "starting on 127.0.0.1:$PORT (log: $PGLOG)"
    STARTED=1
    if "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 \
            -o "-k $SOCKDIR -h 127.0.0.1 -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
        break
    fi
    STARTED=0
    if [[ $attempt -eq 3 ]]; then
        tail -n 30 "$PGLOG" >&2 || true
        echo "ERROR: could not start the private PostgreSQL cluster" >&2
        exit 1
    fi
done

"$PGBIN/createdb" -w -h 127.0.0.1 -p "$PORT" -U postgres test
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/test"
say "DATABASE_URL=$DATABASE_URL"

set +e
"$@"
rc=$?
set -e
exit $rc
