#!/usr/bin/env bash
# Install the Debian packages that the test suite needs, but only those that are missing:
#   - chromium           (headless browser tests; /usr/bin/chromium)
#   - fonts-dejavu-core  (so screenshots render text)
#   - postgresql         (only when no usable server answers on 127.0.0.1:5432 AND no
#                         initdb exists under /usr/lib/postgresql/*/bin; scripts/with-postgres.sh
#                         then starts a private cluster from it)
#
# Set SPOTLIGHT_FORCE_PRIVATE_PG=1 to ignore the server on 127.0.0.1:5432 (as with-postgres.sh does).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '  [system] %s\n' "$*"; }

# True when a PostgreSQL server on 127.0.0.1:5432 accepts a trust login as postgres to db "test".
shared_pg_usable() {
    [[ "${SPOTLIGHT_FORCE_PRIVATE_PG:-0}" == "1" ]] && return 1
    local url="postgres://postgres@127.0.0.1:5432/test"
    if [[ -x .venv/bin/python ]] && .venv/bin/python -c 'import psycopg' 2>/dev/null; then
        .venv/bin/python - "$url" <<'PY' >/dev/null 2>&1
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
    # No client at all: settle for "something listens on the port".
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
}

have_initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()

if [[ -x /usr/bin/chromium ]]; then
    say "chromium: present (/usr/bin/chromium)"
else
    say "chromium: missing"
    missing+=(chromium)
fi

if have_deb fonts-dejavu-core; then
    say "fonts-dejavu-core: present"
else
    say "fonts-dejavu-core: missing"
    missing+=(fonts-dejavu-core)
fi

if shared_pg_usable; then
    say "postgresql: server on 127.0.0.1:5432 is usable, nothing to install"
elif have_initdb; then
    say "postgresql: no usable server on 127.0.0.1:5432, but initdb is installed ($(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n1))"
else
    say "postgresql: no usable server on 127.0.0.1:5432 and no initdb under /usr/lib/postgresql/*/bin"
    missing+=(postgresql)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    say "all system packages present"
    exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        if [[ -t 0 ]]; then SUDO=(sudo); else SUDO=(sudo -n); fi
    else
        echo "ERROR: these Debian packages are missing and I am not root (and sudo is not available):" >&2
        echo "         ${missing[*]}" >&2
        echo "       Install them as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
if ! "${SUDO[@]}" apt-get update -qq; then
    echo "ERROR: apt-get update failed; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
say "apt-get install ${missing[*]}"
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "ERROR: apt-get install failed; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
say "installed: ${missing[*]}"
