#!/usr/bin/env bash
# Installs what is missing, builds the concur CLI and runs it on the bundled
# example service: findings with call chains and fix-its, then the fixes
# applied to a copy that is compiled to show the rewritten code still builds.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-$(nproc)}"

./scripts/bootstrap.sh

echo "=== building concur"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$JOBS" --target concur

echo "=== configuring examples/service (exports compile_commands.json)"
cmake -S examples/service -B examples/service/build -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null

echo "=== concur check -p examples/service/build"
status=0
build/bin/concur check -p examples/service/build || status=$?
echo "=== exit code $status (0 clean, 1 findings, 2 error)"

echo "=== applying the fix-its to a copy and compiling it"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/service "$work/service"
rm -rf "$work/service/build"
cmake -S "$work/service" -B "$work/service/build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 \
  -DCONCUR_RUNTIME_DIR="$PWD/runtime" >/dev/null
build/bin/concur check --quiet --fix --fail-on=never -p "$work/service/build" >/dev/null
diff -ru examples/service "$work/service" --exclude=build || true
cmake --build "$work/service/build" -j "$JOBS"
echo "=== the fixed service compiles"
