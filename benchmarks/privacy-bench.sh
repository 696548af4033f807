#!/usr/bin/env bash
# Removing personal data on the attendee-list benchmark's database (30,000 registrations, 200,000 outbox
# rows; issue 13): VACUUM and checkpoint alone as the baseline, erasing one address five times with the
# longest wait of a sign-up-sized write meanwhile, then the retention run over every event at once.
# Usage: benchmarks/privacy-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/registration-privacy-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build benchmarks/Registration.Benchmarks -c Release --nologo -v quiet -o "$work/bench" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/bench/Registration.Benchmarks" privacy "$work/data"
