#!/usr/bin/env bash
# Runs a private PostgreSQL 15 (with pgvector available) in the foreground, for the AppHost's local-process mode,
# the tests and the evaluation tool. Initialises DATA_DIR on first use, keeps it afterwards.
#
#   local-postgres.sh DATA_DIR PORT DATABASE      (password in $POSTGRES_PASSWORD)
#
# $PG_SHARED_BUFFERS sizes PostgreSQL's cache: its own default of 128MB unless set. Much of it is set up at start, so a
# larger cache costs memory even idle (1GB: about 30 MB more); the FAQ-search benchmark's 100,000 FAQs want 1GB.
#
# Listens on 127.0.0.1 only; the superuser is `postgres`. Stops fast on SIGTERM/SIGINT.
set -euo pipefail
exec 2>&1 # Postgres logs everything to stderr; keep it as ordinary output in the dashboard.

data_dir=$(realpath -m "$1")
port=$2
database=$3
password=${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

if [ ! -x "$pg_bin/postgres" ]; then
  echo "PostgreSQL 15 is not installed at $pg_bin: run scripts/prerequisites.sh" >&2
  exit 1
fi

# Postgres refuses to run as root: drop to the `postgres` user when we are root.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

mkdir -p "$data_dir"
socket_dir=$(mktemp -d /tmp/chatbot-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$data_dir" "$socket_dir"
  if ! "${as_pg[@]}" test -w "$data_dir"; then
    echo "The postgres user cannot write $data_dir (a parent folder is private?). Set LocalServers__DataDirectory to a folder it can reach." >&2
    exit 1
  fi
fi
chmod 700 "$data_dir" "$socket_dir"

if [ ! -s "$data_dir/PG_VERSION" ]; then
  echo "Initialising a new PostgreSQL cluster in $data_dir"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$data_dir" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

"${as_pg[@]}" "$pg_bin/postgres" -D "$data_dir" -p "$port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$socket_dir" -c max_connections=300 -c fsync="${PG_FSYNC:-on}" \
  -c shared_buffers="${PG_SHARED_BUFFERS:-128MB}" &
pg_pid=$!

stop() {
  # SIGINT = "fast" shutdown: disconnect clients, checkpoint, exit.
  kill -INT "$pg_pid" 2>/dev/null || true
  wait "$pg_pid" 2>/dev/null || true
  rm -rf "$socket_dir"
  exit 0
}
trap stop TERM INT

psql_local() { "${as_pg[@]}" "$pg_bin/psql" -X -q -h "$socket_dir" -p "$port" -U postgres "$@"; }

for _ in $(seq 1 200); do
  "$pg_bin/pg_isready" -q -h "$socket_dir" -p "$port" -U postgres -d postgres && break
  kill -0 "$pg_pid" 2>/dev/null || { echo "PostgreSQL exited during start" >&2; exit 1; }
  sleep 0.05
done

# The password follows configuration on every start, so a re-generated secret never locks us out of old data.
PGPASSWORD_SQL=${password//\'/\'\'}
psql_local -d postgres -v ON_ERROR_STOP=1 <<SQL
ALTER ROLE postgres PASSWORD '$PGPASSWORD_SQL';
SELECT 'CREATE DATABASE "$database"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')\gexec
SQL
psql_local -d "$database" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS vector;'
echo "PostgreSQL ready on 127.0.0.1:$port, database $database"

wait "$pg_pid"
