#!/usr/bin/env bash
# The HTTP path against the machine's own limit: a bare Kestrel JSON endpoint (the reference) and the Release Api's
# /alive and authenticated GETs, each loaded by wrk with the same settings in one run; prints a Markdown table of
# requests per second as a share of bare, latency, and the Api's CPU per request. Starts its own PostgreSQL and Redis.
# Usage: bench/http.sh [--seconds 10] [--warmup 10] [--connections 64] [--telemetry]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prerequisites.sh"
dotnet build "$root/ChatBot.sln" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet run --no-build --project "$root/bench/ChatBot.Bench" -c Release -- http "$@"
