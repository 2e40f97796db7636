#!/usr/bin/env python3
"""What all the async checks cost on the dense coroutine file (issue 10).

Counts the instructions (valgrind --tool=callgrind --trace-children=yes:
deterministic for the same binaries and input, whatever else the shared
machine is doing) of, one after the other, on run_bench.py's dense.cpp
(about 10,000 lines where nearly every function is a coroutine that keeps
tasks in local variables, a mistake every few functions):

  clang++-22 -fsyntax-only dense.cpp                        the baseline
  async-tidy --checks=-*,async-* dense.cpp                  budget: 1.05x
  clang++-22 -fsyntax-only -fplugin=AsyncTidyPlugin.so      (with --plugin)
  async-tidy --checks=-*,async-*,<a stock check>            (with --finder)

The last one makes clang-tidy's MatchFinder drive the checks instead of their
shared walk (checks/FunctionWalk.h); it includes that stock check's matching.
Each run takes several minutes under callgrind. Exits 1 when async-tidy is
over the budget or when the runs disagree on the number of findings.

Usage: bench/dense_bench.py [--build build] [--units 270] [--plugin]
                            [--finder] [--json out.json] [--keep]
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plugin_bench  # noqa: E402  (callgrind)
import run_bench  # noqa: E402  (the input generator)

BUDGET = 1.05
# Applies to C++ and never fires on the generated file.
FINDER_PARTNER = "modernize-avoid-setjmp-longjmp"


def instructions(command, workdir):
    """Instructions executed by `command` (all its processes), and the number
    of async-* findings it printed (async-tidy prints them on stdout, the
    compiler on stderr)."""
    total, stdout, stderr = plugin_bench.callgrind(command, workdir)
    return total, len(re.findall(r"warning: .*\[async-[a-z-]+\]", stdout + stderr))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(run_bench.SRC_ROOT, "build"))
    ap.add_argument("--units", type=int, default=270,
                    help="units of the dense file (270: about 10,000 lines)")
    ap.add_argument("--plugin", action="store_true",
                    help="also the compiler plugin under -fsyntax-only")
    ap.add_argument("--finder", action="store_true",
                    help="also async-tidy with a stock check beside the async ones")
    ap.add_argument("--json", help="write the results here as JSON")
    ap.add_argument("--keep", action="store_true", help="keep dense.cpp")
    args = ap.parse_args()

    build = os.path.abspath(args.build)
    async_tidy = os.path.join(build, "bin", "async-tidy")
    plugin = os.path.join(build, "lib", "AsyncTidyPlugin.so")
    clangxx = "clang++-{}".format(run_bench.LLVM_MAJOR)
    flags = ["-std=c++20", "-I" + os.path.join(run_bench.SRC_ROOT, "runtime", "include")]

    work = tempfile.mkdtemp(prefix="async-tidy-dense-")
    dense = os.path.join(work, "dense.cpp")
    run_bench.generate_dense(dense, max(1, args.units))
    with open(dense) as f:
        lines = f.read().count("\n")

    runs = [("clang++ -fsyntax-only", [clangxx, "-fsyntax-only", *flags, dense]),
            ("async-tidy -*,async-*",
             [async_tidy, "--checks=-*,async-*", dense, "--", *flags])]
    if args.plugin:
        runs.append(("clang++ -fsyntax-only -fplugin",
                     [clangxx, "-fsyntax-only", *flags, "-fplugin=" + plugin, dense]))
    if args.finder:
        runs.append(("async-tidy -*,async-*," + FINDER_PARTNER,
                     [async_tidy, "--checks=-*,async-*," + FINDER_PARTNER, dense,
                      "--", *flags]))

    results = {"lines": lines, "budget": BUDGET, "runs": {}}
    print("dense.cpp: {} lines, in {}".format(lines, work))
    base = None
    for label, command in runs:
        count, findings = instructions(command, work)
        base = base or count
        results["runs"][label] = {"instructions": count, "findings": findings,
                                  "ratio": count / base}
        print("  {:56s} {:>15,d} {:7.3f}x {:5d} findings".format(
            label, count, count / base, findings), flush=True)

    tidy = results["runs"]["async-tidy -*,async-*"]
    counts = {r["findings"] for l, r in results["runs"].items()
              if not l.startswith("clang++ -fsyntax-only") or "fplugin" in l}
    ok = tidy["ratio"] <= BUDGET and len(counts) == 1
    print("budget {:.2f}x: {}".format(BUDGET, "met" if ok else "NOT met"
                                      if len(counts) == 1 else
                                      "runs disagree on the findings"))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
