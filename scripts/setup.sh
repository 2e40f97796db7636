#!/usr/bin/env bash
# Quick start, step 1: installs what is missing (Debian 12, as root), builds
# async-tidy, and runs it over the bundled examples of classic coroutine
# mistakes, printing the warnings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh

echo
echo "== async-tidy over examples/mistakes/"
for file in examples/mistakes/*.cpp; do
  build/bin/async-tidy --quiet "$file" -- -std=c++20 -Iruntime/include || true
done
