#!/usr/bin/env python3
"""What the compiler plugin costs on top of the compile it rides on.

Counts the instructions (valgrind --tool=callgrind: deterministic for the same
binary and input, whatever else the shared machine is doing) of

  clang++-22 -c -O0 file.cpp             and with -fplugin=AsyncTidyPlugin.so
  clang++-22 -c -O2 file.cpp             and with -fplugin=AsyncTidyPlugin.so

on the generated coroutine file (coro.cpp, aio coroutines, a few real
mistakes) and the file of the same shape without coroutines (plain.cpp), both
from bench/run_bench.py's generator. Goal: the plugin at most 1.03x.

Usage: bench/plugin_bench.py [--build build] [--units 60] [--json out.json]
                             [--files coro.cpp,plain.cpp] [--opts -O0,-O2]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402  (the input generator)


def callgrind(command, workdir):
    """Instructions executed by `command` (all its processes) under callgrind,
    and its standard output and error."""
    out_file = os.path.join(workdir, "callgrind.out.%p")
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                           "--callgrind-out-file=" + out_file, *command],
                          cwd=workdir, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    if proc.returncode != 0:
        sys.exit("failed: {}\n{}".format(" ".join(command), proc.stderr[-3000:]))
    total = 0
    for name in os.listdir(workdir):
        if not name.startswith("callgrind.out."):
            continue
        path = os.path.join(workdir, name)
        with open(path) as f:
            for line in f:
                match = re.match(r"(?:summary|totals): (\d+)", line)
                if match:
                    total += int(match.group(1))
                    break
        os.remove(path)
    return total, proc.stdout, proc.stderr


def instructions(command, workdir):
    """Instructions executed by `command`, and the async-* findings the
    compiler printed."""
    total, _, stderr = callgrind(command, workdir)
    return total, stderr.count("[async-")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(run_bench.SRC_ROOT, "build"))
    ap.add_argument("--units", type=int, default=60,
                    help="generated units per file (3 coroutines each in coro.cpp)")
    ap.add_argument("--json", help="write the results here as JSON")
    ap.add_argument("--files", default="coro.cpp,plain.cpp",
                    help="which generated files to measure")
    ap.add_argument("--opts", default="-O0,-O2",
                    help="which optimisation levels to measure")
    args = ap.parse_args()

    plugin = os.path.join(os.path.abspath(args.build), "lib", "AsyncTidyPlugin.so")
    clangxx = shutil.which("clang++-22") or "/usr/lib/llvm-22/bin/clang++"
    for tool in (plugin, clangxx, shutil.which("valgrind") or "valgrind"):
        if not os.path.exists(tool):
            sys.exit("not found: " + tool)

    work = tempfile.mkdtemp(prefix="async-tidy-plugin-bench-")
    flags = ["-std=c++20", "-I" + os.path.join(run_bench.SRC_ROOT, "runtime", "include")]
    results = []
    for name, coroutines in (("coro.cpp", True), ("plain.cpp", False)):
        if name not in args.files.split(","):
            continue
        src = os.path.join(work, name)
        run_bench.generate_tu(src, args.units, coroutines)
        lines = open(src).read().count("\n")
        for opt in args.opts.split(","):
            base = [clangxx, *flags, opt, "-c", src, "-o", src + ".o"]
            plain_count, _ = instructions(base, work)
            with_count, found = instructions(
                base[:1] + ["-fplugin=" + plugin] + base[1:], work)
            row = {"file": name, "lines": lines, "opt": opt,
                   "clang": plain_count, "plugin": with_count,
                   "ratio": with_count / plain_count, "findings": found}
            results.append(row)
            print("{file:9} {lines:6} lines {opt}  clang++ {clang:>15,}  "
                  "+plugin {plugin:>15,}  {ratio:.4f}x  ({findings} findings)"
                  .format(**row), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
