#!/usr/bin/env bash
# Messages per second through the outbox and dispatcher to a local SMTP server (Debian's aiosmtpd on
# loopback, storing into a maildir), beside a plain SmtpClient loop of the same messages to the same
# server in the same run. Usage: benchmarks/mail-bench.sh [messages, default 500]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-500}
work=$(mktemp -d /tmp/registration-mail-bench.XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-aiosmtpd >/dev/null; }
dotnet build benchmarks/Registration.Benchmarks -c Release --nologo -v quiet -o "$work/bench" >/dev/null

/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$work/maildir" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $count messages each way"
"$work/bench/Registration.Benchmarks" mail "$port" "$count"
echo "delivered to the maildir: $(find "$work/maildir/new" -type f | wc -l) (expected $((count * 2)))"
