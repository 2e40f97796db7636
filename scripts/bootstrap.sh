#!/usr/bin/env bash
# Installs what async-tidy needs on Debian 12 (only what is missing; needs
# root for that), then configures and builds it in build/.
#
# Used by scripts/setup.sh and scripts/test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(
  # The Clang 22 toolchain and the libraries the tools link against.
  clang-22 llvm-22-dev llvm-22-tools libclang-22-dev clang-tidy-22 clangd-22
  libclang-rt-22-dev lld-22
  # clangd's remote index pulls in gRPC and protobuf.
  libgrpc++-dev libprotobuf-dev protobuf-compiler-grpc
  # Build and test tools.
  cmake ninja-build python3 g++ libgtest-dev dpkg-dev file git
  # clang-apply-replacements, for the --export-fixes tests.
  clang-tools-22
  # The compiler plugin's tests: compile cache, build farm, and another
  # Clang major version (Debian 12's own) that must refuse the plugin.
  ccache distcc clang-14
)
if [[ -f runtime/PACKAGES ]]; then
  while read -r pkg; do
    [[ -n "$pkg" && "$pkg" != \#* ]] && PACKAGES+=("$pkg")
  done < runtime/PACKAGES
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "== installing: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: missing packages and not root; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

JOBS=${JOBS:-$(nproc)}
echo "== building async-tidy (build/, -j$JOBS)"
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j "$JOBS"
