#!/usr/bin/env bash
# Installs the speech tools the spoken-digit corpus is generated with (espeak-ng, flite, sox), so its tests run
# rather than fail on a machine that lacks them. Idempotent; needs root or sudo. (The corpus generator installs
# them the same way when it runs as root.)
set -euo pipefail
if command -v espeak-ng >/dev/null && command -v flite >/dev/null && command -v sox >/dev/null; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --no-install-recommends espeak-ng flite sox >/dev/null \
    || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends espeak-ng flite sox >/dev/null; }
