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

Usage: bench/project_cache_bench.py [--build build] [--tus 40] [--reps 3]
"""
import argparse
import json
import os
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
    args = ap.parse_args()
    tidy = os.path.join(os.path.abspath(args.build), "bin", "async-tidy")
    root = tempfile.mkdtemp(prefix="async-tidy-cache-bench-")
    try:
        flags = generate(root, args.tus)
        units = ["unit%d.cpp" % i for i in range(args.tus)]
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
