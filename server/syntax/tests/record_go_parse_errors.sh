#!/usr/bin/env bash
# Records how the real Helm parses each template of data/go_parse_cases.jsonl: its parse error
# (as `helm template` prints it) or OK. Writes data/go_parse_errors.jsonl, read by
# tests/syntax/go_errors.rs. Usage: HELM=/path/to/helm server/syntax/tests/record_go_parse_errors.sh
# (without $HELM, installs helm v4.1.4 with ../shared/tools/install-helm .tools/helm4).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
if [ -z "${HELM:-}" ]; then
  if [ ! -x "$root/.tools/helm4/helm" ]; then
    (cd "$root" && ../shared/tools/install-helm .tools/helm4)
  fi
  HELM="$root/.tools/helm4/helm"
fi
export HELM
python3 - "$here/data/go_parse_cases.jsonl" "$here/data/go_parse_errors.jsonl" <<'PY'
import json, os, subprocess, sys, tempfile
cases_path, out_path = sys.argv[1], sys.argv[2]
helm = os.environ["HELM"]
version = subprocess.run([helm, "version", "--template", "{{.Version}}"], capture_output=True, text=True).stdout.strip()
out = [json.dumps({"helm_version": version})]
with tempfile.TemporaryDirectory() as d:
    chart = os.path.join(d, "gochk")
    os.makedirs(os.path.join(chart, "templates"))
    with open(os.path.join(chart, "Chart.yaml"), "w") as f:
        f.write("apiVersion: v2\nname: gochk\nversion: 0.1.0\n")
    for line in open(cases_path, encoding="utf-8"):
        case = json.loads(line)
        with open(os.path.join(chart, "templates", "t.yaml"), "w", encoding="utf-8") as f:
            f.write(case["template"])
        p = subprocess.run([helm, "template", chart], capture_output=True, text=True)
        result = "OK"
        for l in p.stderr.splitlines():
            if l.startswith("Error: parse error"):
                result = l[len("Error: "):]
                break
        case["helm"] = result
        out.append(json.dumps(case, ensure_ascii=False))
with open(out_path, "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
PY
