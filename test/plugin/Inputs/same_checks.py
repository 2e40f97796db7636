#!/usr/bin/env python3
"""Compares the check list in the plugin's unknown-check error (file argv[1])
with `async-tidy --list-checks` on stdin: the plugin has no list of its own,
so the two must be the same set."""
import re
import sys

listed = {line.strip() for line in sys.stdin if line.strip().startswith("async-")}
match = re.search(r"the checks are (.*)$", open(sys.argv[1]).read(), re.M)
if not match:
    sys.exit("no check list in the plugin's message")
plugin = {name.strip() for name in match.group(1).split(",")}
if plugin != listed:
    sys.exit("plugin: {}\nasync-tidy: {}".format(sorted(plugin), sorted(listed)))
print("same {} checks".format(len(plugin)))
