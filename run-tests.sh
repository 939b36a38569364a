#!/usr/bin/env bash
# The test command (README, CI): the control page's browser tests drive Debian's chromium, so install it when it is
# missing, then run every test project.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "chromium is missing: installing it with apt-get (for the control page's browser tests)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium > /dev/null
fi
exec dotnet test RiffusionVst.sln -c Release "$@"
