#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test (unit and real-server).
# Arguments (e.g. --filter X) go to `swift test` and then run everything in one go.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
# Integration tests run the real maild binary, so it is built first.
swift build --build-tests
if [ $# -gt 0 ]; then exec swift test --skip-build "$@"; fi
# Two runs: the integration tests wait on processes they spawned (blocking calls on Swift's cooperative
# pool, two threads on a 2-core machine); beside them, async unit tests that need the pool would starve
# and hit their time limits. Each run is parallel within itself.
swift test --skip-build --skip IntegrationTests
swift test --skip-build --filter IntegrationTests
