#!/usr/bin/env python3
"""Benchmark project mode's result cache (docs/ci.md, issue 14).

Generates a project of --tus coroutine translation units on the aio runtime
(each also includes its own small header; three of them share one more),
then measures, as CPU time of all child processes (user+sys, from
getrusage(RUSAGE_CHILDREN): robust against other load on the machine, unlike
wall time), the median over --reps repetitions of:

  compiler   clang++-22 -fsyntax-only over every unit, one after the other
  cold       async-tidy -p <dir> -j1 --cache-dir=<empty dir>
  warm       the same again, every unit unchanged
  touched    after touching the header the three units share: which units
             were linted again (must be exactly those three)

and prints cold/compiler (budget 1.05x) and warm/cold (budget 0.15x).

With --callgrind, instead: the instructions executed (valgrind
--tool=callgrind --trace-children=yes: deterministic, whatever else the shared
machine does) by `compiler` and by `cold` (every process: the children, their
cross-TU summaries, and the parent's join), once each, and their ratio. Slow
(each instruction is simulated): use a small project (--tus 6).

Usage: bench/project_cache_bench.py [--build build] [--tus 40] [--reps 3]
       bench/project_cache_bench.py --callgrind [--build build] [--tus 6]
"""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

UNIT = """#include <aio/aio.hpp>
#include "unit{i}.hpp"
{shared_include}
namespace u{i} {{
aio::task<int> leaf(int x) {{ co_await aio::sleep(0.0); co_return x + {i}; }}
aio::task<int> middle(int x) {{
  int total = 0;
  for (int k = 0; k < 4; ++k)
    total += co_await leaf(x + k);
  co_return total;
}}
aio::task<void> top() {{
  auto a = co_await middle(1);
  auto b = co_await middle(a);
  (void)b;
  middle(3); // discarded: one finding per unit
}}
}} // namespace u{i}
"""


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, cwd):
    before = children_cpu()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return children_cpu() - before


def instructions(cmd, cwd, out_dir):
    """Instructions executed by `cmd` and every process it starts."""
    os.makedirs(out_dir)
    out = os.path.join(out_dir, "callgrind.out.%p")
    subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                    "--callgrind-out-file=" + out] + cmd, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total, processes = 0, 0
    for name in os.listdir(out_dir):
        with open(os.path.join(out_dir, name)) as f:
            for line in f:
                match = re.match(r"(?:summary|totals): (\d+)", line)
                if match:
                    total += int(match.group(1))
                    processes += 1
                    break
    if not processes:
        sys.exit("no callgrind output for: " + " ".join(cmd))
    return total, processes


def callgrind(root, tidy, flags, units):
    """Prints the instruction counts of a cold run and of the compiler."""
    compiler, compilers = 0, 0
    for i, unit in enumerate(units):
        count, processes = instructions(
            ["clang++-22", "-fsyntax-only"] + flags + [unit], root,
            os.path.join(root, "cg-compiler-%d" % i))
        compiler += count
        compilers += processes
    cold, colds = instructions(
        [tidy, "-p", root, "-j1", "--progress=none",
         "--cache-dir=" + os.path.join(root, "cache-callgrind"),
         "--repo-root=" + root], root, os.path.join(root, "cg-cold"))
    print("units: %d (instructions, callgrind, all processes)" % len(units))
    print("clang++-22 -fsyntax-only  %15s  1.000x  (%d processes)"
          % ("{:,}".format(compiler), compilers))
    print("async-tidy cold cache     %15s  %.3fx  (%d processes; budget 1.05x)"
          % ("{:,}".format(cold), cold / compiler, colds))
    return 0 if cold / compiler <= 1.05 else 1


def generate(root, tus):
    flags = ["-std=c++20", "-I" + os.path.join(SRC, "runtime", "include")]
    with open(os.path.join(root, "shared.hpp"), "w") as f:
        f.write("#pragma once\ninline int shared_value() { return 1; }\n")
    cdb = []
    for i in range(tus):
        with open(os.path.join(root, "unit%d.hpp" % i), "w") as f:
            f.write("#pragma once\ninline int unit_value%d() { return %d; }\n"
                    % (i, i))
        shared = '#include "shared.hpp"' if i < 3 else ""
        with open(os.path.join(root, "unit%d.cpp" % i), "w") as f:
            f.write(UNIT.format(i=i, shared_include=shared))
        cdb.append({"directory": root, "file": "unit%d.cpp" % i,
                    "arguments": ["clang++-22"] + flags +
                    ["-c", "unit%d.cpp" % i]})
    with open(os.path.join(root, "compile_commands.json"), "w") as f:
        json.dump(cdb, f, indent=1)
    return flags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--tus", type=int, default=40)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--callgrind", action="store_true",
                    help="count instructions of compiler and cold instead")
    args = ap.parse_args()
    tidy = os.path.join(os.path.abspath(args.build), "bin", "async-tidy")
    root = tempfile.mkdtemp(prefix="async-tidy-cache-bench-")
    try:
        flags = generate(root, args.tus)
        units = ["unit%d.cpp" % i for i in range(args.tus)]
        if args.callgrind:
            return callgrind(root, tidy, flags, units)
        compiler, cold, warm = [], [], []
        relinted = None
        for rep in range(args.reps):
            cache = os.path.join(root, "cache%d" % rep)
            lint = [tidy, "-p", root, "-j1", "--progress=none",
                    "--cache-dir=" + cache, "--repo-root=" + root]
            compiler.append(sum(
                timed(["clang++-22", "-fsyntax-only"] + flags + [u], root)
                for u in units))
            cold.append(timed(lint, root))
            warm.append(timed(lint, root))
            os.utime(os.path.join(root, "shared.hpp"))
            with open(os.path.join(root, "shared.hpp"), "a") as f:
                f.write("// touched %d\n" % rep)
            out = subprocess.run(lint + ["--format=json"], cwd=root,
                                 capture_output=True, text=True).stdout
            relinted = sorted(u["file"] for u in
                              json.loads(out)["translationUnits"]
                              if not u["cached"])
        c, k, w = (statistics.median(x) for x in (compiler, cold, warm))
        print("units: %d, repetitions: %d (CPU seconds, median)"
              % (args.tus, args.reps))
        print("clang++-22 -fsyntax-only  %7.2f s  1.00x" % c)
        print("async-tidy cold cache     %7.2f s  %.3fx  (budget 1.05x)"
              % (k, k / c))
        print("async-tidy warm cache     %7.2f s  %.3fx of cold "
              "(budget 0.15x)" % (w, w / k))
        print("after touching shared.hpp, linted again:", " ".join(relinted))
        ok = k / c <= 1.05 and w / k <= 0.15 and \
            relinted == ["unit0.cpp", "unit1.cpp", "unit2.cpp"]
        return 0 if ok else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
