#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test:
# the checks and the CLI (lit + FileCheck), the runtime (GoogleTest) in a
# normal build, under ASan+UBSan and under TSan.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-$(nproc)}"

./scripts/bootstrap.sh --tests

run_preset() {
  local preset=$1
  echo "=== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
  ctest --preset "$preset" -j "$JOBS"
}

run_preset dev
# concur analysing concur: our own checks and front ends must have no findings.
echo "=== dev: concur check over concur's own sources"
mapfile -t OWN_SOURCES < <(find checks tool -name '*.cpp' | sort)
./build/bin/concur check -p build --single-tu --quiet -j "$JOBS" "${OWN_SOURCES[@]}"
run_preset asan
run_preset tsan
echo "=== all tests passed"
