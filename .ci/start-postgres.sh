#!/usr/bin/env bash
# Provision PostgreSQL 15 + pgvector and run a throwaway cluster on 127.0.0.1.
#
# Local use (developers):
#   bash .ci/start-postgres.sh         # install if needed, start on 127.0.0.1:${PGPORT:-55432},
#                                      # leave it running, print DATABASE_URL
#   bash .ci/start-postgres.sh stop    # stop that cluster and delete its data dir
#   eval "$(bash .ci/start-postgres.sh | grep '^export ')"   # start + set DATABASE_URL
#
# .ci/run sources this file and uses the functions below (and stops the cluster on exit).
#
# Env overrides: PG_MAJOR (15), PG_BIN (/usr/lib/postgresql/$PG_MAJOR/bin), PGPORT (55432),
#                PG_DB (depin_test), PG_DATA_DIR (local mode: /tmp/depin-pg-$PGPORT).
# Installing anything (apt) needs root; once installed, the cluster part works as any user.

PG_MAJOR="${PG_MAJOR:-15}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/${PG_MAJOR}/bin}"
PG_DB="${PG_DB:-depin_test}"
PG_USER=postgres

pg_log() { echo "== $*"; }

_pg_apt_updated=0
_pg_apt_update() {
  if [ "$_pg_apt_updated" = 0 ]; then
    pg_log "apt-get update"
    apt-get update -q >/dev/null
    _pg_apt_updated=1
  fi
}
_pg_apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}
_pg_need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "error: $1 needs root (run as root or install it yourself)" >&2
    return 1
  fi
}

# Run a command as the (non-root) cluster owner. Postgres refuses to run as root.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u "$PG_USER" -- "$@")
  else
    "$@"
  fi
}

pg_ensure_owner_user() {
  [ "$(id -u)" = 0 ] || return 0
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    pg_log "creating system user $PG_USER"
    useradd --system --no-create-home --home-dir /var/lib/postgresql \
      --shell /usr/sbin/nologin "$PG_USER"
  fi
}

pg_ensure_server() {
  if [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] &&
    command -v psql >/dev/null 2>&1; then
    return 0
  fi
  _pg_need_root "installing postgresql-$PG_MAJOR"
  pg_log "installing postgresql-$PG_MAJOR"
  _pg_apt_update
  # Don't let the package create/start its own 'main' cluster on 5432: we run our own.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/50-no-main.conf
  fi
  _pg_apt_install "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR"
}

_pg_vector_installed() {
  local share lib
  share="$("$PG_BIN/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$PG_MAJOR")"
  lib="$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null || echo "/usr/lib/postgresql/$PG_MAJOR/lib")"
  [ -f "$share/extension/vector.control" ] && [ -f "$lib/vector.so" ]
}

pg_ensure_pgvector() {
  # Fallback check that needs no pg_config (server-dev may not be installed).
  if [ -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ] &&
    [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ]; then
    return 0
  fi
  _pg_need_root "installing pgvector"
  pg_log "installing pgvector"
  _pg_apt_update
  # 1) A binary package, if the configured mirrors offer one.
  if apt-cache policy "postgresql-$PG_MAJOR-pgvector" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    pg_log "apt-get install postgresql-$PG_MAJOR-pgvector"
    _pg_apt_install "postgresql-$PG_MAJOR-pgvector"
    _pg_vector_installed && return 0
  fi
  # 2) Build from Debian trixie's source package (bookworm has no pgvector).
  pg_log "building pgvector from Debian trixie source"
  local pgver
  pgver="$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR" 2>/dev/null || true)"
  # Prefer server headers matching the installed server (avoids upgrading the server).
  if ! { [ -n "$pgver" ] && _pg_apt_install "postgresql-server-dev-$PG_MAJOR=$pgver" dpkg-dev build-essential; }; then
    _pg_apt_install "postgresql-server-dev-$PG_MAJOR" dpkg-dev build-essential
  fi
  local src=/etc/apt/sources.list.d/trixie-src.sources
  if [ ! -f "$src" ]; then
    cat >"$src" <<'EOF'
# Added by .ci/start-postgres.sh: source packages only (used to build pgvector).
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    _pg_apt_updated=0
  fi
  _pg_apt_update
  local tmp
  tmp="$(mktemp -d)"
  (
    cd "$tmp"
    apt-get source -q pgvector >/dev/null 2>&1 || apt-get source -q pgvector
    cd "$(find . -mindepth 1 -maxdepth 1 -type d -name 'pgvector*' | head -n1)"
    # OPTFLAGS="" : portable build (no -march=native), as Debian's own package does.
    make -s -j"$(nproc)" PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" >/dev/null
    make -s install PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" >/dev/null
  )
  rm -rf "$tmp"
  _pg_vector_installed || { echo "error: pgvector install failed" >&2; return 1; }
}

# pg_port_free PORT -> 0 if nothing listens on 127.0.0.1:PORT
pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pg_find_free_port START -> prints the first free port >= START
pg_find_free_port() {
  local p="$1"
  while ! pg_port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

# pg_start DATADIR PORT : initdb (if empty) + start, trust auth, listens on 127.0.0.1 only.
pg_start() {
  local dir="$1" port="$2"
  pg_ensure_owner_user
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown "$PG_USER": "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_log "initdb $dir/data"
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U "$PG_USER" --auth=trust \
      -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; return 1; }
  fi
  pg_log "starting postgres on 127.0.0.1:$port"
  # fsync etc. off: throwaway test cluster, speed over durability.
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { cat "$dir/postgres.log" >&2; return 1; }
}

# pg_setup_db PORT : create $PG_DB and prove pgvector works.
pg_setup_db() {
  local port="$1"
  local psql=(env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$PG_USER")
  if [ -x "$PG_BIN/psql" ]; then psql[2]="$PG_BIN/psql"; fi
  if [ -z "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" ]; then
    pg_log "creating database $PG_DB"
    "${psql[@]}" -d postgres -c "CREATE DATABASE $PG_DB"
  fi
  pg_log "CREATE EXTENSION vector"
  "${psql[@]}" -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS vector"
  "${psql[@]}" -d "$PG_DB" -tAc "SELECT 'pgvector ' || extversion || ' ok: ' || ('[1,2,3]'::vector <-> '[1,2,4]'::vector) FROM pg_extension WHERE extname='vector'"
}

pg_stop() {
  local dir="$1"
  if [ -f "$dir/data/postmaster.pid" ]; then
    pg_log "stopping postgres"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

pg_provision() {
  pg_ensure_server
  pg_ensure_pgvector
}

# ---- executed directly: local developer mode -------------------------------------------
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  PGPORT="${PGPORT:-55432}"
  PG_DATA_DIR="${PG_DATA_DIR:-/tmp/depin-pg-$PGPORT}"
  if [ "${1:-start}" = stop ]; then
    pg_stop "$PG_DATA_DIR"
    rm -rf "$PG_DATA_DIR"
    exit 0
  fi
  SECONDS=0
  pg_provision
  if [ -f "$PG_DATA_DIR/data/postmaster.pid" ] &&
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR/data" status >/dev/null 2>&1; then
    pg_log "postgres already running in $PG_DATA_DIR"
  else
    if ! pg_port_free "$PGPORT"; then
      echo "error: 127.0.0.1:$PGPORT is in use by something else (set PGPORT)" >&2
      exit 1
    fi
    pg_start "$PG_DATA_DIR" "$PGPORT"
  fi
  pg_setup_db "$PGPORT"
  pg_log "ready in ${SECONDS}s (stop: bash .ci/start-postgres.sh stop)"
  echo "export DATABASE_URL=postgres://$PG_USER@127.0.0.1:$PGPORT/$PG_DB"
fi
