#!/usr/bin/env python3
"""Records `helm template` goldens for the engine's conformance test.

Renders the charts in testdata/examples/ and the fixture charts in testdata/render/charts/ with
the real helm binary and writes testdata/render/goldens/<case>.yaml. The first line of every
golden is a header the test strips:

    # helm v4.1.4 | args: ["release-name", "testdata/render/charts/x", "--namespace", "default"] | rc: 0

followed by helm's stdout when it succeeded, or helm's stderr when it failed (rc != 0).
Charts are rendered from the repository root with the paths shown, so `# Source:` lines and
error texts are exactly what the test reproduces.

Usage (from anywhere):  python3 tests/record/record_render.py
Uses $HELM if set, else runs ../shared/tools/install-helm .tools/helm4 from the repo root.
Deterministic: the same charts and helm version give the same files.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "testdata", "render", "goldens")
FIX = "testdata/render/charts"

# (case name, helm template arguments after `template`).
CASES = [
    ("subchart-globals", ["release-name", f"{FIX}/subchart-globals"]),
    ("subchart-globals-set", ["rel", f"{FIX}/subchart-globals", "--set", "disabled.enabled=true",
                              "--set", "global.env=dev", "-n", "ns1"]),
    ("hooks-order", ["release-name", f"{FIX}/hooks-order"]),
    ("hooks-order-crds-skip-tests", ["release-name", f"{FIX}/hooks-order", "--include-crds",
                                     "--skip-tests"]),
    ("hooks-order-show-only", ["release-name", f"{FIX}/hooks-order", "-s", "templates/hooks.yaml",
                               "-s", "templates/tests/*"]),
    ("hooks-order-show-only-missing", ["release-name", f"{FIX}/hooks-order", "-s",
                                       "templates/nope.yaml"]),
    ("hooks-order-no-hooks", ["release-name", f"{FIX}/hooks-order", "--no-hooks"]),
    ("include-tpl", ["release-name", f"{FIX}/include-tpl"]),
    ("required-error", ["release-name", f"{FIX}/required-error"]),
    ("required-error-set", ["release-name", f"{FIX}/required-error", "--set", "image.tag=1.0"]),
    ("files-glob", ["release-name", f"{FIX}/files-glob"]),
    ("capabilities", ["release-name", f"{FIX}/capabilities"]),
    ("capabilities-flags", ["my-rel", f"{FIX}/capabilities", "--kube-version", "1.29.3",
                            "--api-versions", "example.com/v1", "--is-upgrade", "-n", "prod"]),
    ("values-mutation", ["release-name", f"{FIX}/values-mutation"]),
    ("kube-version-suffix", ["release-name", f"{FIX}/kube-version-suffix", "--kube-version",
                             "1.29.3-gke.1"]),
    ("kube-version-short", ["release-name", f"{FIX}/kube-version-suffix", "--kube-version",
                            "v1.30"]),
    ("values-mutation-subchart", ["release-name", f"{FIX}/values-mutation-subchart"]),
    ("subchart-values-dig", ["release-name", f"{FIX}/subchart-values-dig"]),
    ("builtin-objects-print", ["release-name", f"{FIX}/builtin-objects-print"]),
    ("nil-collections", ["release-name", f"{FIX}/nil-collections"]),
    ("block-scalar-at-end", ["release-name", f"{FIX}/block-scalar-at-end"]),
    ("manifest-not-a-map", ["release-name", f"{FIX}/manifest-not-a-map"]),
    ("binary-files", ["release-name", f"{FIX}/binary-files"]),
    ("toml-nil-error", ["release-name", f"{FIX}/toml-nil-error"]),
    ("yaml-nan-error", ["release-name", f"{FIX}/yaml-nan-error"]),
    ("include-error", ["release-name", f"{FIX}/include-error"]),
    ("include-error-type", ["release-name", f"{FIX}/include-error", "--set", "mode=type"]),
    ("time-encoding", ["release-name", f"{FIX}/time-encoding"]),
]


def example_cases():
    for path in sorted(glob.glob(os.path.join(REPO, "testdata", "examples", "*", "Chart.yaml"))):
        d = os.path.relpath(os.path.dirname(path), REPO)
        yield ("example-" + os.path.basename(os.path.dirname(path)), ["release-name", d])


def find_helm():
    helm = os.environ.get("HELM")
    if helm:
        return helm
    dest = os.path.join(REPO, ".tools", "helm4")
    installer = os.path.join(REPO, "..", "shared", "tools", "install-helm")
    subprocess.run([installer, ".tools/helm4"], cwd=REPO, check=True)
    candidate = os.path.join(dest, "helm")
    if os.path.isfile(candidate):
        return candidate
    sys.exit("install-helm did not produce a helm binary under " + dest)


def helm_version(helm):
    out = subprocess.run([helm, "version", "--template", "{{ .Version }}"], capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def main():
    helm = find_helm()
    version = helm_version(helm)
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.yaml")):
        os.remove(old)
    home = tempfile.mkdtemp(prefix="cw-record-render-")
    env = dict(os.environ, HELM_CACHE_HOME=os.path.join(home, "cache"),
               HELM_CONFIG_HOME=os.path.join(home, "config"),
               HELM_DATA_HOME=os.path.join(home, "data"))
    cases = list(example_cases()) + CASES
    for name, args in cases:
        r = subprocess.run([helm, "template"] + args, cwd=REPO, env=env, capture_output=True,
                           timeout=120)
        body = r.stdout if r.returncode == 0 else r.stderr
        header = f"# helm {version} | args: {json.dumps(args)} | rc: {r.returncode}\n"
        with open(os.path.join(OUT, name + ".yaml"), "wb") as f:
            f.write(header.encode() + body)
        print(f"{name}: rc={r.returncode} {len(body)} bytes")


if __name__ == "__main__":
    main()
