#!/usr/bin/env bash
# The browser tests drive Debian's Chromium, Firefox ESR and WebKitGTK (through
# WebKitWebDriver, on an Xvfb display). Install whatever is missing when we may
# (root, as in CI); otherwise say what to install.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# Debian package, and the file that shows it is there.
PACKAGES=(
  "chromium $CHROMIUM"
  "firefox-esr /usr/bin/firefox-esr"
  "webkit2gtk-driver /usr/bin/WebKitWebDriver"
  "xvfb /usr/bin/Xvfb"
)
missing=()
for entry in "${PACKAGES[@]}"; do
  read -r package file <<<"$entry"
  [ -x "$file" ] || missing+=("$package")
done
if [ ${#missing[@]} = 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing Debian's ${missing[*]} for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the browser tests need Debian's ${missing[*]}." >&2
echo "       Install them as root: apt-get install ${missing[*]}" >&2
echo "       (or set CHROMIUM=/path/to/chromium)." >&2
exit 1
