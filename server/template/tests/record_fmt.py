#!/usr/bin/env python3
"""Records server/template/testdata/fmt_cases.json from the real helm binary.

Each line of fmt_cases.txt holds the arguments of one `printf` call in template syntax. All
cases are rendered in one chart's templates/NOTES.txt (`helm install r CHART --dry-run=client
-o json` -> `.info.notes`, exact bytes), separated by a marker line.

Usage: python3 server/template/tests/record_fmt.py
Uses $HELM if set, else runs ../shared/tools/install-helm .tools/helm4 from the repo root.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CASES_IN = os.path.join(HERE, "..", "testdata", "fmt_cases.txt")
CASES_OUT = os.path.join(HERE, "..", "testdata", "fmt_cases.json")
SEP = "\n@@CASE@@\n"


def find_helm():
    helm = os.environ.get("HELM")
    if helm:
        return helm
    subprocess.run([os.path.join(REPO, "..", "shared", "tools", "install-helm"), ".tools/helm4"],
                   cwd=REPO, check=True)
    for c in (os.path.join(REPO, ".tools", "helm4", "helm"),
              os.path.join(REPO, ".tools", "helm4", "bin", "helm")):
        if os.path.isfile(c):
            return c
    sys.exit("no helm binary under .tools/helm4")


def main():
    helm = find_helm()
    version = subprocess.run([helm, "version", "--template", "{{.Version}}"],
                             capture_output=True, text=True, check=True).stdout.strip()
    cases = []
    with open(CASES_IN, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cases.append(line)
    template = SEP.join("{{ printf %s }}" % c for c in cases)
    with tempfile.TemporaryDirectory() as d:
        chart = os.path.join(d, "c")
        os.makedirs(os.path.join(chart, "templates"))
        with open(os.path.join(chart, "Chart.yaml"), "w") as f:
            f.write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        with open(os.path.join(chart, "templates", "NOTES.txt"), "w", encoding="utf-8") as f:
            f.write(template)
        r = subprocess.run([helm, "install", "r", chart, "--dry-run=client", "-o", "json"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("helm failed: " + r.stderr)
        notes = json.loads(r.stdout)["info"]["notes"]
    outputs = notes.split(SEP)
    if len(outputs) != len(cases):
        sys.exit("got %d outputs for %d cases" % (len(outputs), len(cases)))
    doc = {
        "about": "printf cases rendered by the real helm (Go fmt through text/template); "
                 "recorded by server/template/tests/record_fmt.py from fmt_cases.txt",
        "helm_version": version,
        "recorded": datetime.date.today().isoformat(),
        "cases": [{"args": a, "output": o} for a, o in zip(cases, outputs)],
    }
    with open(CASES_OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("recorded %d cases with helm %s" % (len(cases), version))


if __name__ == "__main__":
    main()
