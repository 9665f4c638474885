#!/usr/bin/env bash
# Runs a private Redis in the foreground for the AppHost's local-process mode and the tests.
#
#   local-redis.sh DATA_DIR PORT      (password in $REDIS_PASSWORD; DATA_DIR "-" means no persistence)
set -euo pipefail
data_dir=$1
port=$2
password=${REDIS_PASSWORD:?set REDIS_PASSWORD}

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is not installed: run scripts/prerequisites.sh" >&2
  exit 1
fi

# The configuration goes in on stdin so the password never shows in the process list.
config="port $port
bind 127.0.0.1
protected-mode yes
requirepass $password
daemonize no
loglevel notice
logfile \"\""
if [ "$data_dir" = "-" ]; then
  config="$config
save \"\"
appendonly no"
else
  mkdir -p "$data_dir"
  config="$config
dir $(realpath "$data_dir")
save 60 1
appendonly no"
fi

exec redis-server - <<<"$config"
