"""Exercises the CI integrations (see ci-integrations.test).
Usage: check_integrations.py SRC_ROOT ASYNC_TIDY PROJECT_DIR"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import yaml_subset  # noqa: E402

src, tool, proj = sys.argv[1:4]
os.chdir(proj)
env = dict(os.environ, PATH=os.path.dirname(tool) + os.pathsep + os.environ["PATH"])


def load(rel):
    text = open(os.path.join(src, rel)).read()
    return text, yaml_subset.parse(text)


def expect(cond, msg):
    if not cond:
        sys.exit("FAIL: " + msg)


# docs/ci.md shows each integration verbatim.
docs = open(os.path.join(src, "docs", "ci.md")).read()
for rel in ("examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml", ".pre-commit-hooks.yaml"):
    expect(open(os.path.join(src, rel)).read() in docs, "docs/ci.md does not show " + rel)
print("docs/ci.md shows github-actions.yml, gitlab-ci.yml and .pre-commit-hooks.yaml verbatim")

# pre-commit: run the hook the way pre-commit does: entry + args + files.
_, hooks = load(".pre-commit-hooks.yaml")
hook = [h for h in hooks if h["id"] == "async-tidy"][0]
for key in ("id", "name", "entry", "language"):
    expect(key in hook, "hook without " + key)
expect(hook["language"] == "system", "hook language must be system")
expect("c++" in hook.get("types_or", hook.get("types", [])), "hook must select C++ files")
cmd = hook["entry"].split() + hook.get("args", []) + ["app.cpp", "util.hpp"]
r = subprocess.run(cmd, env=env, capture_output=True, text=True)
print("pre-commit: status %d" % r.returncode)
for line in r.stdout.splitlines():
    if "warning:" in line:
        print("pre-commit: " + line)

# GitHub Actions: permissions, the upload step, and the lint step's script.
_, wf = load("examples/ci/github-actions.yml")
expect("pull_request" in wf["on"], "workflow must run on pull requests")
expect(wf["permissions"]["security-events"] == "write", "upload needs security-events: write")
steps = list(wf["jobs"].values())[0]["steps"]
lint = [s for s in steps if "async-tidy" in s.get("run", "") and "--format=sarif" in s["run"]][0]
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")][0]
sarif_file = upload["with"]["sarif_file"]
expect("--output=" + sarif_file in lint["run"], "upload must use the file the lint step writes")
expect(any(s.get("if", "").startswith("steps.%s.outputs.status" % lint["id"]) for s in steps),
       "a step must fail the job on findings")


def run_lint(event):
    script = lint["run"].replace("${{ github.event_name }}", event)
    script = script.replace("${{ github.base_ref }}", "main")
    out = os.path.join(proj, "github_output")
    if os.path.exists(out):
        os.remove(out)
    r = subprocess.run(["bash", "-e", "-c", script], env=dict(env, GITHUB_OUTPUT=out),
                       capture_output=True, text=True)
    expect(r.returncode == 0, "lint step failed: " + r.stderr)
    return open(out).read().strip()


print("github: lint " + run_lint("push"))
log = json.load(open(sarif_file))
results = log["runs"][0]["results"]
print("github: SARIF %s with %d result(s) for %s uploaded from %s" % (
    log["version"], len(results), ",".join(sorted({r["ruleId"] for r in results})), sarif_file))
# On a pull request only the lines it changes count: a branch that changes
# nothing with findings passes.
subprocess.run("git add -A && git commit -qm base && git branch -f main && "
               "git update-ref refs/remotes/origin/main HEAD && "
               "echo '// a comment' >> util.hpp && git commit -qam change",
               shell=True, check=True, env=env)
print("github pull_request: lint " + run_lint("pull_request"))

# GitLab: run the script lines after cmake (the project is configured).
_, gl = load("examples/ci/gitlab-ci.yml")
job = gl["async-tidy"]
expect("async-tidy.json" in job["artifacts"]["paths"], "the report must be an artifact")
expect(job["artifacts"]["when"] == "always", "keep the report on failure")
line = [l for l in job["script"] if l.startswith("async-tidy")][0]
baseline = re.search(r"--baseline=(\S+)", line).group(1)
r = subprocess.run(line.replace("--baseline=" + baseline, ""), shell=True, env=env)
report = json.load(open("async-tidy.json"))
print("gitlab: status %d, %d finding(s) in async-tidy.json" % (r.returncode, report["summary"]["findings"]))
subprocess.run(["async-tidy", "-p", "build", "--quiet", "--write-baseline=" + baseline], env=env, check=True,
               capture_output=True)
r = subprocess.run(line, shell=True, env=env)
print("gitlab with baseline: status %d" % r.returncode)
