#!/usr/bin/env bash
# The Debian packages that the tests, the audit and the benchmarks need. Each
# line of NEEDS is what shows that a package is there (a command on PATH or an
# executable file) and the package. Missing ones are installed when we may
# (root with apt-get, as in CI); otherwise this says what to install and fails.
set -euo pipefail
NEEDS=(
  "${CHROMIUM:-/usr/bin/chromium} chromium"  # the browser tests: Playwright drives Debian's Chromium
  "java default-jre-headless"                # the Nu Html Checker (vnu.jar) of tests/test_audit_html.py
  "firefox-esr firefox-esr"                  # tests/engines/firefox.py: puppeteer-core over WebDriver BiDi
  "WebKitWebDriver webkit2gtk-driver"        # tests/engines/webkit.py: Selenium drives WebKitGTK's MiniBrowser
  "Xvfb xvfb"                                # the virtual display that MiniBrowser needs
)

present() {
  [ -x "$1" ] || command -v "$1" >/dev/null 2>&1
}

missing=()
for need in "${NEEDS[@]}"; do
  read -r probe package <<<"$need"
  present "$probe" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing Debian packages for the tests: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the tests need these Debian packages: ${missing[*]}" >&2
echo "       Install them as root: apt-get install ${missing[*]}" >&2
echo "       (CHROMIUM=/path/to/chromium points the browser tests at another Chromium)." >&2
exit 1
