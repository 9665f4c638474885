#!/usr/bin/env bash
# Runs the whole app: the Aspire AppHost with its dashboard, PostgreSQL (pgvector), Redis, Api, Worker and Web.
# Installs what is missing first (scripts/prerequisites.sh). Stop with Ctrl+C.
# Usage: scripts/run-app.sh [-c|--configuration Debug|Release] [--no-build] [AppHost arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=Debug
build=true
arguments=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -c | --configuration) configuration="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    *) arguments+=("$1"); shift ;;
  esac
done

scripts/prerequisites.sh
if $build; then
  dotnet build ChatBot.AppHost -c "$configuration" -nologo -clp:ErrorsOnly -v quiet
fi

# The AppHost starts from its build output with its launch profile's settings, as `dotnet run --launch-profile http`
# would start it, without leaving `dotnet run` itself resident beside it for as long as the app runs (about 60 MB).
profile=ChatBot.AppHost/Properties/launchSettings.json
ASPNETCORE_URLS="$(sed -n 's/^ *"applicationUrl": *"\([^"]*\)".*/\1/p' "$profile" | head -1)"
export ASPNETCORE_URLS DOTNET_LAUNCH_PROFILE=http
while IFS= read -r setting; do
  export "${setting?}"
done < <(sed -n '/"environmentVariables"/,/}/s/^ *"\([A-Za-z0-9_]*\)": *"\([^"]*\)".*/\1=\2/p' "$profile")

# DCP starts a watchdog process (about 20 MB) beside every process it runs, to stop it should DCP itself be killed.
# Ctrl+C, a closed terminal or a killed AppHost stop everything without them (DCP watches the AppHost), so they are
# left out here (DCP reads the variable's presence, whatever its value). After a killed DCP, what it ran stays:
# pkill -f 'ChatBot\.' stops it. `dotnet run --project ChatBot.AppHost --launch-profile http` runs with them.
export DCP_DISABLE_MONITOR_PROCESS=true

apphost=(ChatBot.AppHost/bin/"$configuration"/net*/ChatBot.AppHost.dll)
exec dotnet "${apphost[0]}" "${arguments[@]}"
