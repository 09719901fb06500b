#!/usr/bin/env bash
# PostgreSQL and Chromium from Debian's packages, installed only when missing.
set -euo pipefail
need=()
command -v pg_createcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "system packages present: postgresql $(ls /usr/lib/postgresql | sort -n | tail -1), $(/usr/bin/chromium --version 2>/dev/null | head -1)"
