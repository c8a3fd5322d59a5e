#!/usr/bin/env bash
# The tab and Playground tests drive Debian's chromium (the Playwright browser
# download does not work here); the framing test makes a throwaway certificate
# with openssl. Install what is missing when we may; else say how.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) || echo "${missing[*]} could not be installed; browser tests will fail."
else
  echo "${missing[*]} missing: run 'sudo apt-get install ${missing[*]}' for the browser tests."
fi
exit 0
