#!/usr/bin/env bash
# Installs the PyTorch reference's dependencies: Debian's python3-torch with a threaded OpenBLAS
# (without it torch falls back to a very slow reference BLAS). Idempotent; needs root or sudo.
set -euo pipefail
PY=/usr/bin/python3
if "$PY" -c 'import torch, numpy' 2>/dev/null && dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3-torch python3-numpy libopenblas0-pthread >/dev/null
"$PY" -c 'import torch; print("reference: torch", torch.__version__, "threads", torch.get_num_threads())'
