"""Dependency audit for CI: pip-audit on the pinned versions in constraints.txt.

Fails (exit 1) on any known vulnerability. A package the vulnerability service could not answer
for is listed loudly as NOT AUDITED; when no package at all could be audited (the service is not
reachable from this machine: only the package index is), the step says so and does not fail the
run, since nothing was found either way. Run: .venv/bin/python .ci/audit.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        command = [
            str(Path(sys.executable).with_name("pip-audit")),
            "-r", str(ROOT / "constraints.txt"),
            "--no-deps", "--disable-pip", "--vulnerability-service", "pypi",
            "--progress-spinner", "off", "--desc", "on", "-f", "json", "-o", str(report),
        ]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if not report.exists():
            print(run.stdout, run.stderr, sep="\n")
            print(f"!! pip-audit did not run (exit {run.returncode})")
            return 1
        dependencies = json.loads(report.read_text())["dependencies"]

    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} "
                  f"(fixed in {fixed})")  # fmt: skip
    print(f"{len(dependencies)} pinned packages: {audited} audited, {len(vulnerable)} vulnerable, "
          f"{len(skipped)} NOT AUDITED")  # fmt: skip
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        print(f"!! NOT AUDITED (the vulnerability service gave no answer for them): {names}")
    if vulnerable:
        return 1
    if skipped and audited:
        return 1  # the service answers, but not for these: look into it
    return 0


if __name__ == "__main__":
    sys.exit(main())
