#!/usr/bin/env bash
# Memory of the idle local stack: starts the Release AppHost (dashboard, DCP, Api, Worker, Web, PostgreSQL, Redis, mail),
# waits until the Api and the Web answer, lets everything sit idle, then prints the proportional set size (PSS: shared
# pages split between the processes that map them, so the rows add up) of every process the AppHost started, grouped
# by part, as a Markdown table. Stops the stack afterwards.
# Usage: bench/footprint.sh [--idle 60] [--no-build]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
idle=60
build=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --idle) idle="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "usage: bench/footprint.sh [--idle SECONDS] [--no-build]" >&2; exit 2 ;;
  esac
done

for port in 8000 3000 18888; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop the running app first" >&2
    exit 1
  fi
done

"$root/scripts/prerequisites.sh"
if $build; then
  dotnet build "$root/ChatBot.sln" -c Release -nologo -clp:ErrorsOnly >/dev/null
fi
log="$(mktemp)"
"$root/scripts/run-app.sh" -c Release --no-build >"$log" 2>&1 &
apphost=$!

# Every process below the given ones, however deep.
descendants() {
  ps -eo pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) seen[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      for (p in seen) print p
      do {
        grew = 0
        for (p in parent) if (!(p in seen) && (parent[p] in seen)) { seen[p] = 1; print p; grew = 1 }
      } while (grew)
    }'
}

# The whole stack: the AppHost and what it started, plus DCP's API server, which detaches from the AppHost (it watches
# it with --monitor instead) and starts the services, databases and dashboard below it.
stack() {
  local own dcp
  own="$(descendants "$apphost" | tr '\n' ' ')"
  dcp="$(for pid in $own; do pgrep -f -- "dcp start-apiserver --monitor $pid( |$)" || true; done | tr '\n' ' ')"
  # shellcheck disable=SC2086
  descendants "$apphost" $dcp
}

stop() {
  local pids
  pids="$(stack | tr '\n' ' ')"
  kill -TERM "$apphost" 2>/dev/null || true
  for _ in $(seq 30); do
    kill -0 "$apphost" 2>/dev/null || break
    sleep 1
  done
  # DCP cleans up a few seconds after the AppHost; whatever is left after that is stopped here.
  sleep 6
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT

ready() { curl -fsS -o /dev/null --max-time 2 "$1"; }
deadline=$((SECONDS + 300))
until ready http://localhost:8000/health && ready http://localhost:3000/health; do
  if ((SECONDS > deadline)) || ! kill -0 "$apphost" 2>/dev/null; then
    echo "the stack did not become healthy; its log:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  sleep 2
done

echo "healthy; idle for ${idle} s" >&2
sleep "$idle"

# One row per part: the name a person looks for in the dashboard, from each process's command line.
part_of() {
  case "$1" in
    dotnet\ run\ * | */dotnet\ run\ *) echo "dotnet run (launchers)" ;;
    *ChatBot.AppHost*) echo "AppHost" ;;
    *Aspire.Dashboard*) echo "dashboard" ;;
    *dcp*) echo "DCP" ;;
    *ChatBot.Api*) echo "Api" ;;
    *ChatBot.Worker*) echo "Worker" ;;
    *ChatBot.Web*) echo "Web" ;;
    *postgres*) echo "PostgreSQL" ;;
    *redis-server*) echo "Redis" ;;
    *smtp4dev* | *Rnwood*) echo "mail (smtp4dev)" ;;
    *) echo "other: $(basename "${1%% *}")" ;;
  esac
}

declare -A pss_kb count
for pid in $(stack | sort -u); do
  [[ -r /proc/$pid/smaps_rollup ]] || continue
  command="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ -n "$command" ]] || continue
  kb="$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
  part="$(part_of "$command")"
  pss_kb[$part]=$(( ${pss_kb[$part]:-0} + ${kb:-0} ))
  count[$part]=$(( ${count[$part]:-0} + 1 ))
done

total=0
echo "| part | processes | PSS (MB) |"
echo "| --- | ---: | ---: |"
while IFS= read -r part; do
  echo "| $part | ${count[$part]} | $(( pss_kb[$part] / 1024 )) |"
  total=$(( total + pss_kb[$part] ))
done < <(printf '%s\n' "${!pss_kb[@]}" | sort)
echo "| **total** | | **$(( total / 1024 ))** |"
