#!/usr/bin/env bash
# Attendee CSV export at 10,000 and 100,000 registrations: in process, streamed from the database
# beside CsvHelper writing the same rows from a list in memory (time and peak managed heap), then over
# HTTP from the published app, signed in as an organiser, timed by curl.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/registration-export-bench.XXXXXX)
port=5182
base="http://127.0.0.1:$port"
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
server=""

dotnet build benchmarks/Registration.Benchmarks -c Release --nologo -v quiet -o "$work/bench" >/dev/null
dotnet publish src/Registration.Web -c Release -o "$work/app" --nologo -v quiet >/dev/null
export Registration__DataDirectory="$work/data" Registration__SeedSampleData=false Logging__LogLevel__Default=Warning

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for rows in 10000 100000; do
  "$work/bench/Registration.Benchmarks" export "$work/data" "$rows" "export-$rows" | grep rows
done

printf 'a long benchmark passphrase\n' | "$work/app/Registration.Web" organiser add bench@example.org >/dev/null
"$work/app/Registration.Web" --urls "$base" >"$work/app.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done
jar="$work/cookies"
form=$(curl -s -c "$jar" -b "$jar" "$base/organiser/sign-in")
token=$(grep -o 'name="__RequestVerificationToken" value="[^"]*"' <<<"$form" | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_handler=sign-in" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Form.Email=bench@example.org" --data-urlencode "Form.Password=a long benchmark passphrase" "$base/organiser/sign-in"
for rows in 10000 100000; do
  curl -s -o /dev/null -b "$jar" "$base/organiser/events/export-$rows/attendees.csv"
  for run in 1 2 3; do
    curl -s -o "$work/out.csv" -b "$jar" -w "over HTTP, $rows rows, run $run: %{http_code} %{size_download} bytes in %{time_total} s (first byte %{time_starttransfer} s)\n" "$base/organiser/events/export-$rows/attendees.csv"
  done
done
echo "server peak resident memory: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
