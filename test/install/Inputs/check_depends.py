"""Check a .deb's Depends: every package named is a real, installed Debian
package here (so the names are what apt resolves, not guesses), and the ones
the tools need are present."""
import subprocess
import sys

deb = sys.argv[1]
required = sys.argv[2:]
depends = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], check=True,
                         capture_output=True, text=True).stdout.strip()
names = []
for alternative in depends.split(","):
    names.append(alternative.split("|")[0].strip().split(" ")[0])
errors = []
for name in required:
    if name not in names:
        errors.append("missing dependency: " + name)
for name in names:
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name],
                            capture_output=True, text=True).stdout
    if "install ok installed" not in status:
        errors.append("dependency is not an installed Debian package: " + name)
for error in errors:
    print(error)
print("checked {} dependencies".format(len(names)))
sys.exit(1 if errors else 0)
