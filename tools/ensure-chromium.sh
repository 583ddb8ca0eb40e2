#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when it is missing and
# we may (root, as in CI); otherwise say what to install.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "error: the browser tests need Chromium at $CHROMIUM." >&2
echo "       Install Debian's package as root: apt-get install chromium" >&2
echo "       (or set CHROMIUM=/path/to/chromium)." >&2
exit 1
