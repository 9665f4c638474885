#!/usr/bin/env bash
# Idle chat sockets on one Release Api: opens N WebSockets (10,000 by default), holds them, pings each one, and prints
# how many were held and the Api's memory per socket. Starts its own PostgreSQL and Redis.
# Usage: bench/ws.sh [--sockets 10000] [--hold 30] [--concurrency 100]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prerequisites.sh"
# Each socket is a file descriptor in this process and in the Api's; raise the soft limit as far as the hard one allows.
ulimit -n "$(ulimit -Hn)"
dotnet build "$root/ChatBot.sln" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet run --no-build --project "$root/bench/ChatBot.Bench" -c Release -- ws "$@"
