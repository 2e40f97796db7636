#!/usr/bin/env python3
"""The robustness suite: no input makes a check crash or hang, and fix-its
stay sound. Every registered check runs (`--checks=-*,async-*`), so a check
added later is covered without touching this file.

Modes:
  invalid  every file of Inputs/invalid/ (code clang rejects: coroutine
           misuse of every kind) through async-tidy, stock clang-tidy with
           the plugin and `async-clangd --check`.
  mutate   a deterministic, seeded mutator over test/checks/*.cpp and
           examples/**/*.cpp (delete or duplicate a line, delete a token,
           truncate, swap co_await/co_return/co_yield, stray braces); each
           mutant runs through the chosen front-ends. The seed is printed;
           `--seed S --count N` reproduces a run exactly.
  fixits   every check test's own configuration, and all checks together,
           with --fix: the fixed file compiles whenever the original does,
           and a second --fix changes nothing.

A crash (a signal, an exit status other than 0/1, or LLVM's crash report)
or a hang (more than --timeout seconds of CPU) fails the run; the input is saved
to --save-dir with a line saying how to reproduce it. A crash that clang++
itself also has on the same input is reported but not counted: it is not
ours to fix.

Used by test/robustness/*.test (lit, bounded for CI) and, for thousands of
mutants before a release, by bench/robustness.sh.
"""

import argparse
import concurrent.futures
import os
import random
import re
import resource
import shlex
import signal
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_DIR = os.path.dirname(HERE)
SRC_ROOT = os.path.dirname(TEST_DIR)
ALL_CHECKS = "-*,async-*"
CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:", "LLVM ERROR:")


def include_flags():
    return ["-I" + os.path.join(SRC_ROOT, "runtime", "include"),
            "-I" + os.path.join(TEST_DIR, "Inputs"),
            "-I" + os.path.join(SRC_ROOT, "examples", "lessons")]


class Outcome:
    def __init__(self, code, output, seconds, timed_out=False):
        self.code = code
        self.output = output
        self.seconds = seconds
        self.timed_out = timed_out
        # clang-tidy and clang++ exit 1 on compiler errors; `clangd --check`
        # exits 3 (its CheckFailed).
        self.normal_codes = (0, 1)

    @property
    def crashed(self):
        return (not self.timed_out and
                (self.code not in self.normal_codes or
                 any(m in self.output for m in CRASH_MARKERS)))


def run(command, timeout, cwd=None):
    """Runs command; a run is a hang when it uses more than `timeout`
    seconds of CPU (the kernel stops it with SIGXCPU), or blocks for ten
    times that. CPU time, not wall time, so that a loaded machine (lit runs
    tests in parallel) does not turn a slow run into a "hang"."""
    def limit_cpu():
        seconds = int(timeout) or 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))

    start = time.monotonic()
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=timeout * 10, cwd=cwd,
                              preexec_fn=limit_cpu)
    except subprocess.TimeoutExpired as e:
        output = (e.output or b"").decode("utf-8", "replace")
        return Outcome(None, output, time.monotonic() - start, timed_out=True)
    output = proc.stdout.decode("utf-8", "replace")
    if proc.returncode == -signal.SIGXCPU:
        return Outcome(None, output, time.monotonic() - start, timed_out=True)
    return Outcome(proc.returncode, output, time.monotonic() - start)


class FrontEnds:
    """The three ways to run the checks, on one file."""

    def __init__(self, args):
        self.args = args

    def command(self, frontend, path, pch=None):
        flags = ["-std=c++20"] + include_flags()
        if pch:
            flags += ["-include-pch", pch]
        # --config={} keeps any .clang-tidy above the work directory out.
        tidy = ["--checks=" + ALL_CHECKS, "--config={}", "--quiet", path, "--"] + flags
        if frontend == "async-tidy":
            return [self.args.async_tidy] + tidy
        if frontend == "plugin":
            return [self.args.clang_tidy, "--load=" + self.args.plugin] + tidy
        if frontend == "clangd":
            # The directory holds compile_flags.txt and a .clang-tidy
            # enabling every async-* check (see prepare_clangd_dir).
            return [self.args.clangd, "--check=" + path, "--check-warnings",
                    "--check-locations=false", "--log=error"]
        raise ValueError(frontend)

    def clang_crashes_too(self, path, pch=None):
        flags = ["-std=c++20"] + include_flags() + (["-include-pch", pch] if pch else [])
        outcome = run([self.args.clangxx, "-fsyntax-only", "-ferror-limit=0"] + flags + [path],
                      self.args.timeout)
        return outcome.crashed or outcome.timed_out


def prepare_clangd_dir(directory):
    with open(os.path.join(directory, "compile_flags.txt"), "w") as f:
        f.write("\n".join(["-std=c++20"] + include_flags()) + "\n")
    with open(os.path.join(directory, ".clang-tidy"), "w") as f:
        f.write("Checks: '{}'\n".format(ALL_CHECKS))


class Failures:
    def __init__(self, save_dir):
        self.save_dir = save_dir
        self.count = 0
        self.clang_own = 0

    def record(self, kind, frontend, path, text, command, outcome, note=""):
        self.count += 1
        os.makedirs(self.save_dir, exist_ok=True)
        saved = os.path.join(self.save_dir, os.path.basename(path))
        with open(saved, "w", encoding="utf-8") as f:
            f.write(text)
        print("FAIL: {} in {} on {} ({:.1f} s){}".format(kind, frontend, path, outcome.seconds, note))
        print("  saved as {}".format(saved))
        print("  reproduce: {}".format(" ".join(shlex.quote(c) for c in command).replace(path, saved)))
        tail = "\n".join(outcome.output.splitlines()[-15:])
        print("  " + tail.replace("\n", "\n  "))


def check_one(front, failures, frontend, path, text, pch=None):
    """Runs one front-end on one file; returns the Outcome."""
    command = front.command(frontend, path, pch if frontend != "clangd" else None)
    cwd = os.path.dirname(path) if frontend == "clangd" else None
    outcome = run(command, front.args.timeout, cwd=cwd)
    if frontend == "clangd":
        outcome.normal_codes = (0, 3)
    if outcome.timed_out:
        failures.record("hang (> {} s of CPU)".format(front.args.timeout), frontend, path, text,
                        command, outcome)
    elif outcome.crashed:
        if front.clang_crashes_too(path, pch if frontend != "clangd" else None):
            failures.clang_own += 1
            print("note: clang++ itself crashes on {}; not counted".format(path))
        else:
            failures.record("crash (status {})".format(outcome.code), frontend, path, text,
                            command, outcome)
    return outcome


# --- invalid code ------------------------------------------------------------

def mode_invalid(args, front, failures):
    inputs = os.path.join(HERE, "Inputs", "invalid")
    work = os.path.join(args.work, "invalid")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prepare_clangd_dir(work)
    names = sorted(n for n in os.listdir(inputs) if n.endswith(".cpp"))
    jobs = []
    for name in names:
        with open(os.path.join(inputs, name), encoding="utf-8") as f:
            text = f.read()
        path = os.path.join(work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        for frontend in args.frontends:
            jobs.append((frontend, path, text))
    not_invalid = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(check_one, front, failures, fe, p, t): (fe, p)
                   for fe, p, t in jobs}
        for future in concurrent.futures.as_completed(futures):
            frontend, path = futures[future]
            outcome = future.result()
            # The inputs must stay invalid, or they test nothing.
            if (frontend == "async-tidy" and not outcome.crashed and not outcome.timed_out
                    and "error:" not in outcome.output):
                not_invalid.append(path)
    for path in sorted(not_invalid):
        failures.count += 1
        print("FAIL: {} compiles without errors; an input here must be invalid".format(path))
    print("invalid: {} inputs x {} front-ends".format(len(names), len(args.frontends)))


# --- the mutator ---------------------------------------------------------------

TOKEN = re.compile(r"[A-Za-z_]\w*|\d+|::|->|&&|\|\||<<|>>|[^\s\w]")
COROUTINE_KEYWORD = re.compile(r"\bco_(await|return|yield)\b")


def mutation_sources():
    sources = []
    for directory in (os.path.join(TEST_DIR, "checks"), os.path.join(SRC_ROOT, "examples")):
        for root, _, files in os.walk(directory):
            for name in files:
                if name.endswith(".cpp"):
                    sources.append(os.path.join(root, name))
    return sorted(sources)


def strip_expectations(text):
    """Drops comment-only expectation lines, so mutations hit code."""
    return "\n".join(line for line in text.split("\n")
                     if not re.match(r"\s*// *(CHECK|RUN)", line)) + "\n"


def mutate_once(rng, text):
    lines = text.split("\n")
    operation = rng.choice(["delete-line", "duplicate-line", "delete-token", "delete-token",
                            "truncate", "swap-keyword", "swap-keyword", "stray-brace",
                            "swap-lines"])
    if operation == "truncate":
        return text[:rng.randrange(len(text) + 1)], operation
    if operation == "swap-keyword":
        spots = list(COROUTINE_KEYWORD.finditer(text))
        if spots:
            spot = rng.choice(spots)
            other = rng.choice([k for k in ("co_await", "co_return", "co_yield")
                                if k != spot.group(0)])
            return text[:spot.start()] + other + text[spot.end():], operation
        operation = "delete-token"
    i = rng.randrange(len(lines))
    if operation == "delete-line":
        del lines[i]
    elif operation == "duplicate-line":
        lines.insert(i, lines[i])
    elif operation == "swap-lines" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif operation in ("delete-token", "stray-brace"):
        tokens = list(TOKEN.finditer(lines[i]))
        if tokens:
            token = rng.choice(tokens)
            line = lines[i]
            if operation == "delete-token":
                lines[i] = line[:token.start()] + line[token.end():]
            else:
                lines[i] = line[:token.start()] + rng.choice("{}") + line[token.start():]
    return "\n".join(lines), operation


def make_mutants(seed, count, sources):
    """The same seed always gives the same mutants, in the same order."""
    rng = random.Random(seed)
    texts = {}
    mutants = []
    for index in range(count):
        source = rng.choice(sources)
        if source not in texts:
            with open(source, encoding="utf-8") as f:
                texts[source] = strip_expectations(f.read())
        text = texts[source]
        operations = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            text, operation = mutate_once(rng, text)
            operations.append(operation)
        header = "// mutant {} of seed {}: {} ({})\n".format(
            index, seed, os.path.relpath(source, SRC_ROOT), ", ".join(operations))
        mutants.append(("mutant-{}-{}.cpp".format(seed, index), header + text))
    return mutants


def build_pch(args, work):
    """Every header the sources use, precompiled once (Inputs/prelude.hpp)."""
    pch = os.path.join(work, "prelude.pch")
    command = [args.clangxx, "-x", "c++-header", "-std=c++20"] + include_flags() + [
        os.path.join(HERE, "Inputs", "prelude.hpp"), "-o", pch]
    outcome = run(command, 600)
    if outcome.code != 0:
        print("error: cannot build the precompiled prelude:\n" + outcome.output)
        sys.exit(2)
    return pch


def mode_mutate(args, front, failures):
    seed = args.seed if args.seed is not None else int(time.time()) % 1000000
    print("mutate: seed {} ({} mutants, front-ends {}, timeout {} s); reproduce with "
          "--seed {} --count {}".format(seed, args.count, ",".join(args.frontends),
                                        args.timeout, seed, args.count))
    sys.stdout.flush()
    work = os.path.join(args.work, "mutate")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prepare_clangd_dir(work)
    pch = build_pch(args, work) if any(f != "clangd" for f in args.frontends) else None
    mutants = make_mutants(seed, args.count, mutation_sources())
    start = time.monotonic()
    slowest = (0.0, "")

    def one(name, text):
        path = os.path.join(work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        worst = 0.0
        for frontend in args.frontends:
            worst = max(worst, check_one(front, failures, frontend, path, text, pch).seconds)
        os.remove(path)
        return worst, name

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seconds, name in pool.map(lambda m: one(*m), mutants):
            slowest = max(slowest, (seconds, name))
    print("mutate: {} mutants in {:.0f} s, slowest {:.1f} s ({})".format(
        len(mutants), time.monotonic() - start, slowest[0], slowest[1]))


# --- fix-its -------------------------------------------------------------------

def check_test_runs(path):
    """The (check, tidy args, compiler args) of each %check_async_tidy line."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    joined = re.sub(r"\\\n// RUN:", " ", text)
    runs = []
    for match in re.finditer(r"// RUN: *%check_async_tidy(.*)", joined):
        words = shlex.split(match.group(1))
        if "--expect-clang-tidy-error" in words:
            continue
        positional = [w for w in words[:words.index("--")] if not w.startswith("-")] \
            if "--" in words else [w for w in words if not w.startswith("-")]
        rest = words[words.index("--") + 1:] if "--" in words else []
        tidy, compiler = (rest[:rest.index("--")], rest[rest.index("--") + 1:]) \
            if "--" in rest else (rest, [])
        runs.append((positional[1], tidy, compiler))
    return runs


def mode_fixits(args, front, failures):
    work = os.path.join(args.work, "fixits")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    pch = build_pch(args, work)
    checks_dir = os.path.join(TEST_DIR, "checks")
    cases = []
    for name in sorted(os.listdir(checks_dir)):
        if not name.endswith(".cpp"):
            continue
        source = os.path.join(checks_dir, name)
        runs = check_test_runs(source)
        # The test's own configurations, then every check at once.
        configs = [(check, tidy, compiler) for check, tidy, compiler in runs]
        configs.append(("async-*", ["--config={}"], []))
        for index, (check, tidy, compiler) in enumerate(configs):
            cases.append((source, index, check, tidy, compiler))

    compiled = {}
    lock = threading.Lock()

    def compiles(source, flags):
        key = (source, tuple(flags))
        with lock:
            if key in compiled:
                return compiled[key]
        result = run([args.clangxx, "-fsyntax-only"] + flags + [source], args.timeout).code == 0
        with lock:
            compiled[key] = result
        return result

    def one(case):
        source, index, check, tidy, compiler = case
        stem = os.path.splitext(os.path.basename(source))[0]
        path = os.path.join(work, "{}.{}.cpp".format(stem, index))
        with open(source, encoding="utf-8") as f:
            original = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        flags = ["-std=c++20"] + compiler + include_flags() + ["-include-pch", pch]
        if not any(t.startswith("--config") or t.startswith("-config") for t in tidy):
            tidy = ["--config={}"] + tidy
        fix = [args.async_tidy, "--checks=-*," + check, "--fix", "--quiet"] + tidy + \
            [path, "--"] + flags
        if not compiles(source, flags):
            return "{} ({}): skipped, the test itself does not compile".format(stem, check)
        first = run(fix, args.timeout)
        if first.crashed or first.timed_out:
            failures.record("crash or hang under --fix", "async-tidy", path, original, fix,
                            first)
            return None
        with open(path, encoding="utf-8") as f:
            fixed = f.read()
        after = run([args.clangxx, "-fsyntax-only"] + flags + [path], args.timeout)
        if after.code != 0:
            failures.record("fixed file does not compile", "async-tidy", path, fixed, fix,
                            after, note=" (check {})".format(check))
            return None
        second = run(fix, args.timeout)
        with open(path, encoding="utf-8") as f:
            again = f.read()
        if again != fixed:
            failures.record("a second --fix changed the file", "async-tidy", path, fixed,
                            fix, second, note=" (check {})".format(check))
            return None
        changed = sum(1 for a, b in zip(original.split("\n"), fixed.split("\n")) if a != b)
        return "{} ({}): {} line(s) fixed".format(stem, check, changed)

    fixed_lines = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for line in pool.map(one, cases):
            if line:
                print(line)
                match = re.search(r": (\d+) line", line)
                fixed_lines += int(match.group(1)) if match else 0
    print("fixits: {} configurations, {} fixed lines in all".format(len(cases), fixed_lines))
    if fixed_lines == 0:
        failures.count += 1
        print("FAIL: no fix was applied at all; the fix-it tests test nothing")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["invalid", "mutate", "fixits"])
    parser.add_argument("--bin", help="build/bin (async-tidy, async-clangd)")
    parser.add_argument("--plugin", help="AsyncTidyModule.so")
    parser.add_argument("--clang-tidy", default=shutil.which("clang-tidy-22") or "clang-tidy")
    parser.add_argument("--clangxx", default=shutil.which("clang++-22") or "clang++")
    parser.add_argument("--frontends", default="async-tidy",
                        help="comma-separated: async-tidy, plugin, clangd")
    parser.add_argument("--work", required=True, help="scratch directory")
    parser.add_argument("--save-dir", help="where failing inputs are saved "
                        "(default: <work>/failures)")
    parser.add_argument("--seed", type=int, help="mutation seed (default: from the clock)")
    parser.add_argument("--count", type=int, default=200, help="mutants")
    parser.add_argument("--timeout", type=float, default=30,
                        help="CPU seconds per run before it counts as a hang")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.async_tidy = os.path.join(args.bin, "async-tidy")
    args.clangd = os.path.join(args.bin, "async-clangd")
    args.frontends = args.frontends.split(",")
    for frontend in args.frontends:
        if frontend not in ("async-tidy", "plugin", "clangd"):
            parser.error("unknown front-end '{}'".format(frontend))
    save_dir = args.save_dir or os.path.join(args.work, "failures")
    failures = Failures(save_dir)
    front = FrontEnds(args)
    {"invalid": mode_invalid, "mutate": mode_mutate, "fixits": mode_fixits}[args.mode](
        args, front, failures)
    if failures.clang_own:
        print("{} input(s) crash clang++ itself (not counted)".format(failures.clang_own))
    if failures.count:
        print("{} failure(s); inputs saved in {}".format(failures.count, save_dir))
        return 1
    print("robustness {}: no crash, no hang".format(args.mode) if args.mode != "fixits"
          else "robustness fixits: every fixed file compiles, and a second --fix changes nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
