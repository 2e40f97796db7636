#!/usr/bin/env python3
"""Checks that the linter finds exactly the marked mistakes in examples/mistakes/.

Each line of an example that ends in `// async-<check>` must get that warning,
and no other line may get any (text after a colon is a comment). Usage: check_examples.py <async-tidy> <src_root>
"""
import glob
import os
import re
import subprocess
import sys

tool, root = sys.argv[1], sys.argv[2]
marker = re.compile(r"//\s*(async-[a-z-]+)(:.*)?\s*$")
warning = re.compile(r"^(.*?):(\d+):\d+: warning: .* \[(async-[a-z-]+)\]$")
failed = 0
files = sorted(glob.glob(os.path.join(root, "examples", "mistakes", "*.cpp")))
for path in files:
    expected = set()
    with open(path) as f:
        for number, line in enumerate(f, 1):
            m = marker.search(line)
            if m:
                expected.add((number, m.group(1)))
    run = subprocess.run(
        [tool, "--quiet", path, "--", "-std=c++20",
         "-I" + os.path.join(root, "runtime", "include")],
        capture_output=True, text=True)
    found = set()
    for line in run.stdout.splitlines():
        m = warning.match(line)
        if m and os.path.samefile(m.group(1), path):
            found.add((int(m.group(2)), m.group(3)))
    name = os.path.basename(path)
    if not expected:
        print(f"FAIL {name}: no '// async-...' marker")
        failed += 1
    elif found != expected:
        print(f"FAIL {name}: expected {sorted(expected)}, found {sorted(found)}")
        failed += 1
    else:
        print(f"ok   {name}: {sorted(expected)}")
print(f"{len(files)} examples, {failed} failed")
sys.exit(1 if failed or not files else 0)
