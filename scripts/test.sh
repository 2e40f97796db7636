#!/usr/bin/env bash
# Quick start, step 2: runs every test and ends with "N passed, N failed".
#
#  1. installs what is missing and builds (scripts/bootstrap.sh);
#  2. the lit suites in test/ (checks through async-tidy and through stock
#     clang-tidy-22 with the plugin, async-clangd over JSON-RPC, the
#     command-line driver, install and packaging);
#  3. the aio runtime's unit tests and examples, three times: plain, under
#     AddressSanitizer+UndefinedBehaviorSanitizer, and under ThreadSanitizer.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}

scripts/bootstrap.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
summary=()

# --- lit ---------------------------------------------------------------------
echo
echo "== lit: test/"
results=build/lit-results.json
rm -f "$results"
/usr/lib/llvm-22/bin/lit -v -j "$JOBS" -o "$results" build/test
read -r p f < <(python3 - "$results" <<'PY'
import json, sys
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except Exception:
    print(0, 1); sys.exit()
ok = {"PASS", "XFAIL", "UNSUPPORTED"}
p = sum(1 for t in tests if t["code"] in ok)
print(p, len(tests) - p)
PY
)
passed=$((passed + p)); failed=$((failed + f))
summary+=("lit: $p passed, $f failed")

# --- aio runtime: plain, ASan+UBSan, TSan -------------------------------------
run_runtime() {
  local name=$1 dir=$2 sanitize=$3
  echo
  echo "== aio runtime tests ($name)"
  if ! cmake -S test/runtime -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++-22 \
        -DAIO_SANITIZE="$sanitize" >/dev/null || ! ninja -C "$dir" -j "$JOBS"; then
    failed=$((failed + 1)); summary+=("runtime ($name): build failed"); return
  fi
  local log="$dir/ctest.log"
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS" --timeout 300 2>&1 | tee "$log"
  local line total bad
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [[ -z "$line" ]]; then
    failed=$((failed + 1)); summary+=("runtime ($name): no result"); return
  fi
  bad=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + total - bad)); failed=$((failed + bad))
  summary+=("runtime ($name): $((total - bad)) passed, $bad failed")
}
run_runtime plain build-rt ""
run_runtime "asan+ubsan" build-rt-asan "address,undefined"
run_runtime tsan build-rt-tsan "thread"

echo
echo "== summary"
printf '  %s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
