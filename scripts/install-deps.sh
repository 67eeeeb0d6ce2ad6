#!/usr/bin/env bash
# Installs what building, running and testing Market Data Monitor needs on Debian 12 (as root).
set -euo pipefail

packages=(
    cmake g++ ninja-build pkg-config
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev libqt6opengl6-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libhiredis-dev libsimdjson-dev libyaml-cpp-dev libzstd-dev zlib1g-dev libsystemd-dev
    redis-server
    dpkg-dev file systemd ca-certificates
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
