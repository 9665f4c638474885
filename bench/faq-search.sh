#!/usr/bin/env bash
# FAQ search at growing knowledge-base sizes (default 1,000 / 10,000 / 100,000 FAQs): starts its own throw-away
# PostgreSQL (pgvector) and Redis, and prints a Markdown table for docs/benchmarks.md.
# Usage: bench/faq-search.sh [--sizes 1000,10000,100000] [--texts 6] [--queries 650] [--concurrency 4]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prerequisites.sh"
dotnet run --project "$root/bench/ChatBot.Bench" -c Release -- "$@"
