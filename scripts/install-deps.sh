#!/usr/bin/env bash
# Installs the Debian packages maild builds, tests and benchmarks against, only when missing.
set -euo pipefail
need=()
for pkg in libcurl4-openssl-dev libssl-dev libsqlite3-dev dovecot-imapd python3-aiosmtpd openssl isync python3 procps notmuch time; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The Debian package enables a system-wide Dovecot; maild's scripts run their own, so keep the system one off.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet dovecot 2>/dev/null; then
  $SUDO systemctl stop dovecot || true
fi
