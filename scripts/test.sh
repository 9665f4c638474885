#!/usr/bin/env bash
# Runs every test project against real PostgreSQL + pgvector, Redis and Chromium (installed if missing), then
# prints one line "N passed, N failed" summed over all test projects from their TRX results.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/prerequisites.sh || exit 1

results=TestResults
rm -rf "$results"
dotnet build ChatBot.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 0 failed (build failed)"; exit 1; }
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
