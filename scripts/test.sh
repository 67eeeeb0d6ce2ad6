#!/usr/bin/env bash
# Installs the dependencies, builds, and runs every test (labels: unit, integration, ui, package).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure "$@"
