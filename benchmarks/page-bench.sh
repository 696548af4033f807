#!/usr/bin/env bash
# Event page requests per second beside a static asset of similar size, served by the same app in the
# same run. Publishes a Release build, starts it on loopback with the sample data, and loads it with wrk.
# Usage: benchmarks/page-bench.sh [seconds per run, default 15] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-32}
port=5180
work=$(mktemp -d /tmp/registration-bench.XXXXXX)
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet publish src/Registration.Web -c Release -o "$work/app" --nologo -v quiet >/dev/null
Registration__DataDirectory="$work/data" Logging__LogLevel__Default=Warning \
  "$work/app/Registration.Web" --urls "$base" >"$work/app.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done

page=/events/2026-03-06-conference
static=/app.css
page_bytes=$(curl -s "$base$page" | wc -c)
static_bytes=$(curl -s "$base$static" | wc -c)

# A distinct query string per request misses the page cache, so this measures rendering every time.
cat >"$work/uncached.lua" <<'LUA'
request = function() return wrk.format("GET", wrk.path .. "?r=" .. math.random(1, 1000000000)) end
LUA

run() { # url [wrk options] -> requests/s and latency percentiles
  local url=$1; shift
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" "$base$url" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s %s %s %s\n", rps, p50, p99, bad+0}'
}

wrk -t1 -c"$connections" -d3s "$base$page" >/dev/null
wrk -t1 -c"$connections" -d3s "$base$static" >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "wrk: 1 thread, $connections connections, ${seconds}s a run; runs alternate, three of each"
printf '| run | what | bytes | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|---|---|\n'
for round in 1 2 3; do
  read -r rps p50 p99 bad < <(run "$static")
  printf '| %s | static asset `%s` (baseline) | %s | %s | %s | %s | %s |\n' "$round" "$static" "$static_bytes" "$rps" "$p50" "$p99" "$bad"
  read -r rps p50 p99 bad < <(run "$page")
  printf '| %s | event page `%s` | %s | %s | %s | %s | %s |\n' "$round" "$page" "$page_bytes" "$rps" "$p50" "$p99" "$bad"
  read -r rps p50 p99 bad < <(run "$page" -s "$work/uncached.lua")
  printf '| %s | event page, rendered every time (cache missed on purpose) | %s | %s | %s | %s | %s |\n' "$round" "$page_bytes" "$rps" "$p50" "$p99" "$bad"
done
