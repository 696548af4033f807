#!/usr/bin/env bash
# Sign-ups per second through the real form path (the form page's antiforgery cookie and token, then
# posts of the form) at 1, 16 and 64 concurrent clients, beside SQLite's own single-row transaction
# rate on the same machine in the same run. Each level signs up to its own event of 500 places, so
# both the confirmed and the waiting-list paths run; afterwards the database is checked for oversell.
# Usage: benchmarks/signup-bench.sh [seconds per level, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=5181
capacity=500
work=$(mktemp -d /tmp/registration-signup-bench.XXXXXX)
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet publish src/Registration.Web -c Release -o "$work/app" --nologo -v quiet >/dev/null
dotnet build benchmarks/Registration.Benchmarks -c Release --nologo -v quiet -o "$work/baseline" >/dev/null

mkdir -p "$work/events"
for level in warmup 1 16 64; do
  cat >"$work/events/bench-$level.md" <<PAGE
---
title: Benchmark event for $level clients
slug: bench-$level
starts: 2099-01-01T10:00
ends: 2099-01-01T12:00
location: Online
capacity: $capacity
---
A benchmark event.
PAGE
done

export Registration__DataDirectory="$work/data" Registration__SeedSampleData=false RateLimits__Enabled=false Logging__LogLevel__Default=Warning
"$work/app/Registration.Web" import "$work/events" >/dev/null
"$work/app/Registration.Web" --urls "$base" >"$work/app.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done

cat >"$work/post.lua" <<'LUA'
-- Posts the sign-up form with a fresh address each time; prints percentiles in milliseconds.
local counter = 0
local token = os.getenv("FORM_TOKEN")
local cookie = os.getenv("FORM_COOKIE")
local prefix = os.getenv("EMAIL_PREFIX")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = cookie
request = function()
  counter = counter + 1
  local body = "_handler=sign-up&__RequestVerificationToken=" .. token ..
    "&Form.Name=Person+" .. counter .. "&Form.Email=" .. prefix .. counter .. "%40example.org&Form.Consent=true"
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d\n", summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, bad))
end
LUA

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $seconds s per level"
"$work/baseline/Registration.Benchmarks" sqlite "$work/baseline.db" "$seconds"
sign_up_load() { # slug clients seconds -> wrk's RESULT line
  local headers form token cookie
  headers=$(mktemp)
  form=$(curl -s -D "$headers" "$base/events/$1/register")
  token=$(grep -o 'name="__RequestVerificationToken" value="[^"]*"' <<<"$form" | sed 's/.*value="//; s/"$//')
  cookie=$(grep -i '^set-cookie:' "$headers" | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r')
  FORM_TOKEN=$token FORM_COOKIE=$cookie EMAIL_PREFIX="$1-" \
    wrk -t1 -c"$2" -d"$3s" -s "$work/post.lua" "$base/events/$1/register" | grep '^RESULT'
}

# The first seconds of a new process run unoptimised code; warm it before measuring.
sign_up_load bench-warmup 16 5 >/dev/null
printf '| clients | sign-ups | sign-ups/s | p50 ms | p95 ms | p99 ms | errors or non-2xx |\n|---|---|---|---|---|---|---|\n'
for level in 1 16 64; do
  read -r _ requests rate p50 p95 p99 bad < <(sign_up_load "bench-$level" "$level" "$seconds")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$level" "$requests" "$rate" "$p50" "$p95" "$p99" "$bad"
done

kill $server; wait $server 2>/dev/null || true
/usr/bin/python3 - "$work/data/registration.db" "$capacity" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); capacity = int(sys.argv[2])
for slug, event_id in db.execute("SELECT Slug, Id FROM Events ORDER BY Id"):
    counts = dict(db.execute("SELECT Status, COUNT(*) FROM Registrations WHERE EventId = ? GROUP BY Status", (event_id,)).fetchall())
    confirmed, waiting = counts.get("Confirmed", 0), counts.get("Waitlisted", 0)
    ids = [r[0] for r in db.execute("SELECT Id FROM Registrations WHERE EventId = ? ORDER BY Id", (event_id,))]
    first_confirmed = all(s == "Confirmed" for (s,) in db.execute("SELECT Status FROM Registrations WHERE EventId = ? ORDER BY Id LIMIT ?", (event_id, capacity)))
    oversold = confirmed > capacity
    print(f"{slug}: {confirmed} confirmed of {capacity} places, {waiting} waiting; oversold: {'YES' if oversold else 'no'}; first {capacity} by sign-up order all confirmed: {first_confirmed}")
PY
