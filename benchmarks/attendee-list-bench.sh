#!/usr/bin/env bash
# The organiser's attendee list with 10,000 registrations and 200,000 outbox rows (issue 8). Builds a
# database through the app's model and migrations (Registration.Benchmarks attendees), then times in
# process each grid load the page runs (count and page of rows, latest email per row) and the figures
# refresh: the app's queries beside main's queries on a copy of the same file without the outbox index.
# Prints median and p95 of each load, checks both sides return the same rows, and SQLite's plan for
# every statement. Usage: benchmarks/attendee-list-bench.sh [REPEATS] (default 20 after 3 warm-ups).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/registration-attendee-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build benchmarks/Registration.Benchmarks -c Release --nologo -v quiet -o "$work/bench" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/bench/Registration.Benchmarks" attendees "$work/data" "${1:-20}"
