#!/usr/bin/env python3
"""Check-test driver for async-tidy, written to clang-tidy's check_clang_tidy
contract.

Usage:
  check_async_tidy.py [options] <source> <check-name> <temp-file>
                      [-- <tidy args> [-- <compiler args>]]

1. The source is copied to a temp file with every `// CHECK-...:` line blanked,
   so line numbers stay and expectations never match themselves.
2. The check runs alone (`--checks=-*,<check>`), with an empty config unless
   the tidy args give one, with fixes applied, through every front-end: the
   async-tidy binary, stock clang-tidy with the AsyncTidyModule plugin, and
   clang++ compiling with AsyncTidyPlugin.so (`compiler-plugin`; its fix-its
   are read from -fdiagnostics-parseable-fixits and applied here, warnings'
   only, as clang-tidy's --fix does). Alone, the check takes its function
   definitions from the async checks' shared walk (checks/FunctionWalk.h);
   the `finder` front-end runs async-tidy again with a stock check beside it
   that never fires on these tests, so that clang-tidy's MatchFinder drives
   the check, and the same expectations must hold.
3. The output is checked with FileCheck against CHECK-MESSAGES (or CHECK-NOTES,
   which also pins every note) with -implicit-check-not for any other warning.
   A test without expectations must produce no diagnostics at all.
4. The fixed file is checked against CHECK-FIXES; without CHECK-FIXES it must
   be unchanged.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.dirname(HERE)


# A stock check that applies to C++ and never fires on these tests (none calls
# setjmp or longjmp): enabled beside an async check, it makes clang-tidy's
# MatchFinder hand the check its function definitions.
FINDER_PARTNER = "modernize-avoid-setjmp-longjmp"


def fail(message, output=None):
    sys.stderr.write("check_async_tidy: error: {}\n".format(message))
    if output is not None:
        sys.stderr.write("------ output ------\n{}\n--------------------\n".format(output))
    sys.exit(1)


def split_args(rest):
    """Splits `-- tidy args -- compiler args`."""
    if rest and rest[0] == "--":
        rest = rest[1:]
    if "--" in rest:
        index = rest.index("--")
        return rest[:index], rest[index + 1:]
    return rest, []


def run(command):
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return proc.returncode, proc.stdout, proc.stderr


def drop_compiler_notes(output):
    """Drops the notes that belong to expected compiler errors ("candidate
    function not viable" and the like): they are the compiler's, not ours."""
    kept = []
    in_compiler_error = False
    for line in output.splitlines():
        if re.search(r"\b(warning|error):", line):
            in_compiler_error = "[clang-diagnostic-" in line
        elif in_compiler_error and re.search(r"\bnote:", line):
            continue
        kept.append(line)
    return "\n".join(kept)


OUR_TAG = re.compile(r"\[(async-[a-z0-9-]+|clang-tidy-config)(,-warnings-as-errors)?\]$")
DIAG_LINE = re.compile(r"^(?:.*?:\d+:\d+: |)(warning|error|note|remark): ")
FIXIT_LINE = re.compile(r'^fix-it:"(.*)":\{(\d+):(\d+)-(\d+):(\d+)\}:"(.*)"$')


def unescape_fixit(text):
    """Undoes the escaping of -fdiagnostics-parseable-fixits (\\, \", \n,
    and octal for other unprintable bytes)."""
    return re.sub(r'\\([0-7]{3}|.)',
                  lambda m: chr(int(m.group(1), 8)) if len(m.group(1)) == 3 else
                  {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def compiler_plugin_output(stderr):
    """From clang++'s stderr, keeps our diagnostics (tagged [async-...]) and
    their notes, as clang-tidy would print them, and collects the fix-its of
    our warnings and errors. The compiler's own diagnostics (with their notes
    and fix-its), source snippets and the 'N warnings generated' line go."""
    kept, fixes = [], []
    ours = False
    owner = None
    for line in stderr.splitlines():
        match = DIAG_LINE.match(line)
        if match:
            owner = match.group(1)
            if owner != "note":
                ours = bool(OUR_TAG.search(line))
            if ours:
                kept.append(line)
            continue
        fix = FIXIT_LINE.match(line)
        if fix and ours and owner in ("warning", "error"):
            fixes.append((fix.group(1), int(fix.group(2)), int(fix.group(3)),
                          int(fix.group(4)), int(fix.group(5)),
                          unescape_fixit(fix.group(6))))
    return "\n".join(kept), fixes


def apply_fixits(path, fixes):
    """Applies parseable fix-its (1-based line:column byte positions)."""
    with open(path, "rb") as f:
        data = f.read()
    starts = [0]
    for index, byte in enumerate(data):
        if byte == 0x0A:
            starts.append(index + 1)
    edits = []
    for file_name, l1, c1, l2, c2, text in fixes:
        if os.path.abspath(file_name) != os.path.abspath(path):
            fail("fix-it for another file: {}".format(file_name))
        edits.append((starts[l1 - 1] + c1 - 1, starts[l2 - 1] + c2 - 1,
                      text.encode("utf-8")))
    for begin, end, text in sorted(set(edits), reverse=True):
        data = data[:begin] + text + data[end:]
    with open(path, "wb") as f:
        f.write(data)


def compiler_plugin_command(args, temp, tidy_args, compiler_args):
    """clang++ -c with the plugin; clang-tidy flags become plugin arguments."""
    command = [args.clangxx, "-fplugin=" + args.compiler_plugin,
               "-fplugin-arg-asynctidy-checks=-*," + args.check_name]
    for arg in tidy_args:
        name, _, value = arg.lstrip("-").partition("=")
        if name in ("config", "warnings-as-errors"):
            command.append("-fplugin-arg-asynctidy-{}={}".format(name, value))
        else:
            fail("the compiler-plugin front-end has no equivalent of '{}'".format(arg))
    return command + ["-fdiagnostics-parseable-fixits", "-fno-color-diagnostics",
                      "-c", temp, "-o", temp + ".o"] + compiler_args


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--async-tidy", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--compiler-plugin", required=True)
    parser.add_argument("--frontends", default="async-tidy,finder,plugin,compiler-plugin",
                        help="comma-separated: async-tidy, finder, plugin, compiler-plugin")
    parser.add_argument("-check-suffix", "--check-suffix", default="",
                        help="use CHECK-MESSAGES-<suffix> etc.")
    parser.add_argument("--expect-clang-tidy-error", action="store_true",
                        help="the input does not compile; errors are expected")
    parser.add_argument("source")
    parser.add_argument("check_name")
    parser.add_argument("temp_file")
    args, rest = parser.parse_known_args()
    tidy_args, compiler_args = split_args(rest)

    suffix = "-" + args.check_suffix if args.check_suffix else ""
    prefix_messages = "CHECK-MESSAGES" + suffix
    prefix_notes = "CHECK-NOTES" + suffix
    prefix_fixes = "CHECK-FIXES" + suffix

    with open(args.source, encoding="utf-8") as f:
        text = f.read()
    has_messages = prefix_messages + ":" in text or prefix_messages + "-" in text
    has_notes = prefix_notes + ":" in text or prefix_notes + "-" in text
    has_fixes = prefix_fixes + ":" in text or prefix_fixes + "-" in text
    if has_messages and has_notes:
        fail("use either {} or {}, not both".format(prefix_messages, prefix_notes))

    cleaned = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", text)

    if not any(a.startswith("-std=") or a.startswith("--std=") for a in compiler_args):
        compiler_args = ["-std=c++20"] + compiler_args
    compiler_args = compiler_args + [
        "-I" + os.path.join(SRC_ROOT, "runtime", "include"),
        "-I" + os.path.join(HERE, "Inputs"),
    ]
    if not any(a.startswith("-config") or a.startswith("--config") for a in tidy_args):
        tidy_args = ["--config={}"] + tidy_args

    extension = os.path.splitext(args.source)[1] or ".cpp"
    for frontend in args.frontends.split(","):
        checks = "-*," + args.check_name
        if frontend == "async-tidy":
            tool = [args.async_tidy]
        elif frontend == "finder":
            tool = [args.async_tidy]
            checks += "," + FINDER_PARTNER
        elif frontend == "plugin":
            tool = [args.clang_tidy, "--load=" + args.plugin]
        elif frontend == "compiler-plugin":
            tool = None
        else:
            fail("unknown front-end '{}'".format(frontend))
        temp = "{}.{}{}".format(args.temp_file, frontend, extension)
        os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
        with open(temp, "w", encoding="utf-8") as f:
            f.write(cleaned)

        if tool is None:
            command = compiler_plugin_command(args, temp, tidy_args, compiler_args)
        else:
            command = tool + [temp, "--fix", "--checks=" + checks] + tidy_args
            command += ["--"] + compiler_args
        code, out, err = run(command)
        output = out + err
        shown = "[{}] {}".format(frontend, " ".join(shlex.quote(c) for c in command))
        if code != 0 and not args.expect_clang_tidy_error:
            fail("{} exited with {}".format(shown, code), output)
        if tool is None:
            # Compiler errors are untagged lines; the check above caught them.
            out, fixes = compiler_plugin_output(err)
            # clang-tidy --fix applies nothing to a file with compiler errors
            # (that takes --fix-errors); neither does this front-end.
            if code == 0:
                apply_fixits(temp, fixes)
        elif "error:" in out and not args.expect_clang_tidy_error:
            fail("{} reported compiler errors".format(shown), output)

        # clang-tidy reports each applied fix as a note; the fix itself is
        # checked with CHECK-FIXES, so those notes are not expectations.
        out = "\n".join(line for line in out.splitlines()
                         if "note: FIX-IT applied suggested code changes" not in line)
        if args.expect_clang_tidy_error:
            out = drop_compiler_notes(out)
        messages_file = temp + ".msg"
        with open(messages_file, "w", encoding="utf-8") as f:
            f.write(out)

        if has_messages or has_notes:
            prefix = prefix_notes if has_notes else prefix_messages
            implicit = "{{note|warning|error}}:" if has_notes else "{{warning|error}}:"
            if args.expect_clang_tidy_error:
                implicit = "{{note|warning}}:" if has_notes else "{{warning}}:"
            code, fc_out, fc_err = run(["FileCheck", "-input-file=" + messages_file, args.source,
                                        "-check-prefix=" + prefix,
                                        "-implicit-check-not=" + implicit])
            if code != 0:
                fail("{}: messages do not match {}".format(shown, prefix), fc_out + fc_err)
        else:
            unexpected = [line for line in out.splitlines()
                          if re.search(r"\b(warning|error):", line)
                          and not (args.expect_clang_tidy_error and "error:" in line)]
            if unexpected:
                fail("{}: expected no diagnostics".format(shown), out)

        with open(temp, encoding="utf-8") as f:
            fixed = f.read()
        if has_fixes:
            code, fc_out, fc_err = run(["FileCheck", "-input-file=" + temp, args.source,
                                        "-check-prefix=" + prefix_fixes, "-strict-whitespace"])
            if code != 0:
                fail("{}: fixed file does not match {}".format(shown, prefix_fixes),
                     fc_out + fc_err)
        elif fixed != cleaned:
            fail("{}: fixes were applied but the test has no {}".format(shown, prefix_fixes),
                 fixed)


if __name__ == "__main__":
    main()
