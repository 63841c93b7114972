#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test (unit and real-server).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
# Integration tests run the real maild binary, so it is built first.
swift build --build-tests
swift test --skip-build "$@"
