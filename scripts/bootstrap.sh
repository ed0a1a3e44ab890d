#!/usr/bin/env bash
# Installs what concur needs from Debian 12's packages, only when missing, so
# running it again is quick and changes nothing. Run as root (or with sudo).
set -euo pipefail

# --tests: also what only the tests need (a real browser for the advise page).
WITH_TESTS=0
if [ "${1:-}" = "--tests" ]; then WITH_TESTS=1; fi

PACKAGES=(
  # build
  cmake ninja-build g++ ccache python3 git
  # the analyzer: LLVM/Clang 19, lit and FileCheck (llvm-19-tools), clang-apply-replacements
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 clang-tidy-19 clangd-19
  clang-tools-19 llvm-19-tools
  # clangd's libraries link against these
  libgrpc++-dev libprotobuf-dev libabsl-dev
  # JSON, tests and benchmarks
  nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  # the format check and validating SARIF output against its schema in the tests
  clang-format-19
  python3-jsonschema
  # only to benchmark against Boost.Asio
  libboost-dev
)
if [ "$WITH_TESTS" = 1 ]; then
  PACKAGES+=(chromium) # the advise page's layout test renders it headless
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "bootstrap: error: missing packages (${missing[*]}) and not root; run as root or install them" >&2
    exit 2
  fi
fi
echo "bootstrap: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
