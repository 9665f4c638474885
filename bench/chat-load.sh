#!/usr/bin/env bash
# Chat turns at fixed rates, open loop, against one Release Api with the local provider and the banking77 FAQs: p50,
# p95 and p99 from each turn's scheduled start, and the rate achieved. Starts its own PostgreSQL and Redis.
# Usage: bench/chat-load.sh [--rates 20,50,100] [--seconds 10] [--warmup 5] [--faqs 77]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prerequisites.sh"
dotnet build "$root/ChatBot.sln" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet run --no-build --project "$root/bench/ChatBot.Bench" -c Release -- chat "$@"
