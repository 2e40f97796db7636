"""Structural checks of a SARIF 2.1.0 log as GitHub code scanning accepts it.
Usage: check_sarif.py LOG  (prints one line per result, exits 1 on a problem)."""
import json
import sys


def fail(msg):
    sys.exit("invalid SARIF: " + msg)


log = json.load(open(sys.argv[1]))
if log.get("version") != "2.1.0":
    fail("version must be 2.1.0")
if "sarif-2.1.0" not in log.get("$schema", ""):
    fail("$schema must name SARIF 2.1.0")
runs = log.get("runs")
if not isinstance(runs, list) or len(runs) != 1:
    fail("exactly one run expected")
run = runs[0]
driver = run["tool"]["driver"]
if not driver.get("name") or not driver.get("version"):
    fail("tool.driver needs name and version")
rules = driver.get("rules", [])
ids = [r["id"] for r in rules]
if len(set(ids)) != len(ids):
    fail("duplicate rule ids")
for r in rules:
    if not r.get("shortDescription", {}).get("text"):
        fail("rule %s without shortDescription.text" % r["id"])
    if "helpUri" in r and not r["helpUri"].startswith(("http://", "https://")):
        fail("rule %s: helpUri must be an absolute URL" % r["id"])
bases = run.get("originalUriBaseIds", {})
if not bases.get("%SRCROOT%", {}).get("uri", "").endswith("/"):
    fail("%SRCROOT% must be a directory URI ending in '/'")
for i, res in enumerate(run["results"]):
    rule = rules[res["ruleIndex"]]
    if rule["id"] != res["ruleId"]:
        fail("result %d: ruleIndex does not match ruleId" % i)
    if res["level"] not in ("warning", "error", "note", "none"):
        fail("result %d: bad level" % i)
    if not res["message"].get("text"):
        fail("result %d: empty message" % i)
    loc = res["locations"][0]["physicalLocation"]
    art = loc["artifactLocation"]
    if art.get("uriBaseId") != "%SRCROOT%" or art["uri"].startswith("/"):
        fail("result %d: location must be relative to %%SRCROOT%%" % i)
    reg = loc["region"]
    if reg["startLine"] < 1 or reg["startColumn"] < 1:
        fail("result %d: lines and columns are 1-based" % i)
    for fix in res.get("fixes", []):
        for change in fix["artifactChanges"]:
            for rep in change["replacements"]:
                if "startLine" not in rep["deletedRegion"] or "text" not in rep["insertedContent"]:
                    fail("result %d: malformed fix" % i)
    print("result %s %s:%d:%d fixes=%d related=%d %s" % (
        res["ruleId"], art["uri"], reg["startLine"], reg["startColumn"],
        len(res.get("fixes", [])), len(res.get("relatedLocations", [])),
        json.dumps([r["insertedContent"]["text"] for f in res.get("fixes", [])
                    for c in f["artifactChanges"] for r in c["replacements"]])))
for r in rules:
    print("rule %s helpUri=%s: %s" % (r["id"], r.get("helpUri", "-"), r["shortDescription"]["text"]))
inv = run["invocations"][0]
print("executionSuccessful=%s notifications=%d" % (
    inv["executionSuccessful"], len(inv.get("toolExecutionNotifications", []))))
