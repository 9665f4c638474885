#!/usr/bin/env bash
# Runs the whole app: the Aspire AppHost with its dashboard, PostgreSQL (pgvector), Redis, Api, Worker and Web.
# Installs what is missing first (scripts/prerequisites.sh). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prerequisites.sh
exec dotnet run --project ChatBot.AppHost --launch-profile http "$@"
