#!/usr/bin/env bash
# Installs the Debian packages the tests feed our output to: promtool (prometheus) and
# systemd-analyze (systemd). Idempotent; needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail
need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: promtool and systemd-analyze are present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The prometheus package starts a service where an init system runs; the tests need only promtool.
