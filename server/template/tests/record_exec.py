#!/usr/bin/env python3
"""Records server/template/testdata/exec_cases.json from the real helm binary.

Each line of exec_cases.txt is one template, rendered as c/templates/NOTES.txt of a chart whose
values.yaml is exec_values.json (JSON is YAML). Rendering and error normalisation (Go's own
`template: LOC: executing "NAME" at <EXPR>: MSG` text) reuse tests/record/record_template.py.

Usage: python3 server/template/tests/record_exec.py
Uses $HELM if set, else runs ../shared/tools/install-helm .tools/helm4 from the repo root.
"""

import concurrent.futures
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "record"))
import record_template as rt  # noqa: E402

DATA = os.path.join(HERE, "..", "testdata")


def main():
    helm = rt.find_helm()
    version = subprocess.run([helm, "version", "--template", "{{.Version}}"],
                             capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(DATA, "exec_values.json"), encoding="utf-8") as f:
        values = f.read()
    templates = []
    with open(os.path.join(DATA, "exec_cases.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# ") or not line.strip():
                continue
            templates.append(line)
    cases = [{"name": "case-%03d" % i, "category": "exec", "values": values, "template": t}
             for i, t in enumerate(templates)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        recorded = list(pool.map(lambda c: rt.record_case(helm, c), cases))
    for r in recorded:
        del r["values"]
        del r["category"]
    doc = {
        "about": "templates rendered by the real helm as c/templates/NOTES.txt with "
                 "exec_values.json as values.yaml (<no value> stripped by Helm); recorded by "
                 "server/template/tests/record_exec.py from exec_cases.txt",
        "helm_version": version,
        "recorded": datetime.date.today().isoformat(),
        "cases": recorded,
    }
    with open(os.path.join(DATA, "exec_cases.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("recorded %d cases with helm %s" % (len(cases), version))


if __name__ == "__main__":
    main()
