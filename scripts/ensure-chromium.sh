#!/usr/bin/env bash
# The tab and Playground tests drive Debian's chromium (the Playwright browser
# download does not work here). Install it when missing and we may; else say how.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed; browser tests will fail."
else
  echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests."
fi
exit 0
