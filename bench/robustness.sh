#!/usr/bin/env bash
# The long robustness run, before each release: thousands of mutants of the
# check tests and examples through every front-end (async-tidy, stock
# clang-tidy with the plugin, async-clangd --check), every registered check
# enabled, plus the invalid-code inputs and the fix-it soundness pass. It is
# the same driver as the lit suite (test/robustness/robustness.py), with a
# larger count and a fresh seed; see bench/README.md.
#
#   bench/robustness.sh                 # 3000 mutants, seed from the clock
#   SEED=1234 COUNT=5000 bench/robustness.sh
#   BUILD=build-release JOBS=8 bench/robustness.sh
#
# A crash or a hang (more than 30 s of CPU) fails the run; each failing
# input is saved under $WORK/failures with the command that reproduces it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${BUILD:-build}
COUNT=${COUNT:-3000}
SEED=${SEED:-$(date +%s)}
JOBS=${JOBS:-$(nproc)}
WORK=${WORK:-$(mktemp -d /tmp/async-tidy-robustness.XXXXXX)}
DRIVER=(python3 test/robustness/robustness.py --bin "$BUILD/bin"
        --plugin "$BUILD/lib/AsyncTidyModule.so" --work "$WORK" -j "$JOBS")

echo "== robustness: seed $SEED, $COUNT mutants, work directory $WORK"
status=0
"${DRIVER[@]}" invalid --frontends async-tidy,plugin,clangd || status=1
"${DRIVER[@]}" fixits || status=1
"${DRIVER[@]}" mutate --seed "$SEED" --count "$COUNT" \
  --frontends async-tidy,plugin,clangd || status=1
if [[ $status -ne 0 ]]; then
  echo "== robustness: FAILED; inputs in $WORK/failures"
else
  echo "== robustness: passed (seed $SEED)"
fi
exit $status
