#!/usr/bin/env bash
# Chat turns at fixed rates, open loop, against one Release Api (JSON or WebSocket; knowledge-base answers or an
# OpenAI-compatible stub, with the stub reached directly as the reference for time to first token): p50,
# p95 and p99 from each turn's scheduled start, and the rate achieved. Starts its own PostgreSQL and Redis.
# Usage: bench/chat-load.sh [--rates 20,50,100] [--seconds 10] [--warmup 5] [--faqs 77] [--transport json|ws] [--sockets 1000]
#                           [--provider local|stub] [--profile DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prerequisites.sh"
dotnet build "$root/ChatBot.sln" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet run --no-build --project "$root/bench/ChatBot.Bench" -c Release -- chat "$@"
