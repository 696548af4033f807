#!/usr/bin/env bash
# Runs every test. First installs what the tests need when it is missing, so it works on a fresh
# machine with only the .NET SDK and apt: Debian's Chromium (browser tests), python3-icalendar (a real
# iCalendar parser), python3-aiosmtpd (the SMTP server the mail tests start on loopback), zbar-tools
# (reads the check-in QR codes), and axe-core from npm (accessibility checks).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import icalendar' 2>/dev/null || missing+=(python3-icalendar)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f tests/Registration.Tests/node_modules/axe-core/axe.min.js ]; then
  echo "Installing axe-core from npm"
  npm ci --prefix tests/Registration.Tests --no-audit --no-fund --loglevel=error
fi

dotnet test Registration.sln "$@"
