#!/usr/bin/env bash
# Install Debian packages non-interactively: refresh the index, then install.
# Used by the Makefile only when a needed system package is missing.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: scripts/apt_install.sh PACKAGE..." >&2
    exit 2
fi

sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
    sudo_cmd=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" apt-get install -y "$@"
