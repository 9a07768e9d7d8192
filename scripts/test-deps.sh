#!/usr/bin/env bash
# System packages the test suite drives for real (a browser with Chinese fonts, a mail server).
# Installed only when missing, and only where we may (root with apt-get);
# elsewhere the tests that need them skip and say so.
set -euo pipefail
missing=()
for pair in "chromium:chromium" "dovecot:dovecot-imapd"; do
  cmd=${pair%%:*}; pkg=${pair##*:}
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
done
# Without a CJK font Chromium draws Chinese as empty boxes in screenshots.
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK || missing+=("fonts-noto-cjk")
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing test dependencies: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "note: ${missing[*]} not installed and cannot be installed here; tests that need them will skip"
fi
