#!/usr/bin/env python3
"""Records the Go text/template conformance table from the real helm binary.

Reads testdata/template/cases.in.txt (format described at the top of that file), renders every
case's template as the chart's templates/NOTES.txt with the real helm
(`helm install r CHART --dry-run=client -o json` -> `.info.notes`, exact bytes, `<no value>`
already stripped by Helm) and writes testdata/template/cases.json.

Errors are stored as Go's own text/template message (`template: LOC: ...`):
  * execution errors: Helm v4 either prints Go's message unchanged (function-call errors) or
    splits it over three lines (`LOC\\n  executing "NAME" at <EXPR>:\\n    MSG`); both are turned
    back into `template: LOC: executing "NAME" at <EXPR>: MSG`.
  * parse errors: Helm keeps only the text after the last ": " (`bad number syntax: "0x"` becomes
    `"0x"`). The full message is recovered by a second run that parses the same text through
    `tpl` (whose errors Helm prints unchanged); its line must agree with the first run, and the
    helm-shown text must be a suffix of it. The helm-shown text is kept in `helm_error`.

Usage (from anywhere):  python3 tests/record/record_template.py
Uses $HELM if set, else runs ../shared/tools/install-helm .tools/helm4 from the repo root.
Deterministic: same cases and helm version give the same file except for the `recorded` date.
"""

import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CASES_IN = os.path.join(REPO, "testdata", "template", "cases.in.txt")
CASES_OUT = os.path.join(REPO, "testdata", "template", "cases.json")
TEMPLATE_NAME = "c/templates/NOTES.txt"
CHART_YAML = "apiVersion: v2\nname: c\nversion: 0.1.0\n"
# Helm's own framing of an install failure; everything after it is the engine's error.
HELM_PREFIX = "Error: INSTALLATION FAILED: "
TIMEOUT_SECONDS = 60


def find_helm():
    helm = os.environ.get("HELM")
    if helm:
        return helm
    dest = os.path.join(REPO, ".tools", "helm4")
    installer = os.path.join(REPO, "..", "shared", "tools", "install-helm")
    subprocess.run([installer, ".tools/helm4"], cwd=REPO, check=True)
    for candidate in (os.path.join(dest, "helm"), os.path.join(dest, "bin", "helm")):
        if os.path.isfile(candidate):
            return candidate
    sys.exit("install-helm did not produce a helm binary under " + dest)


# ---------------------------------------------------------------------------------------------
# Case file parsing


def decode_escapes(text, where):
    """Decodes \\n \\r \\t \\\\, \\u{HEX} and \\*{COUNT}TEXT\\. (TEXT repeated) in an escaped section."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt in ("n", "r", "t", "\\"):
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}[nxt])
            i += 2
        elif nxt == "*" and text[i + 2 : i + 3] == "{":
            count_end = text.index("}", i)
            body_end = text.find("\\.", count_end)
            if body_end < 0:
                sys.exit(f"{where}: \\*{{COUNT}}TEXT must end with \\.")
            out.append(text[count_end + 1 : body_end] * int(text[i + 3 : count_end]))
            i = body_end + 2
        elif nxt == "u" and text[i + 2 : i + 3] == "{":
            end = text.index("}", i)
            out.append(chr(int(text[i + 3 : end], 16)))
            i = end + 1
        else:
            sys.exit(f"{where}: unknown escape \\{nxt} in an escaped section")
    return "".join(out)


def parse_cases(path):
    """Parses the `%%`-directive case file into a list of case dicts (file order)."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    cases = []
    names = set()
    group = None
    group_values = ""
    current = None  # the case being filled, or None while in a group header
    section = None  # (kind, escaped, [lines], lineno)

    def close_section():
        nonlocal section, group_values
        if section is None:
            return
        kind, escaped, body, lineno = section
        section = None
        while body and body[-1].strip() == "":
            body.pop()
        text = "\n".join(body)
        where = f"{path}:{lineno}"
        if escaped:
            text = decode_escapes(text, where)
        if kind == "values":
            if text and not text.endswith("\n"):
                text += "\n"
            if current is None:
                group_values = text
            else:
                current["values"] = text
        else:
            if current is None:
                sys.exit(f"{where}: template outside a case")
            current["template"] = text

    def close_case():
        nonlocal current
        close_section()
        if current is not None:
            if "template" not in current:
                sys.exit(f"case {current['name']}: no template")
            cases.append(current)
        current = None

    for lineno, line in enumerate(lines, 1):
        if not line.startswith("%%"):
            if section is None:
                if line.strip():
                    sys.exit(f"{path}:{lineno}: text outside a section: {line!r}")
                continue
            section[2].append(line)
            continue
        directive = line[2:].lstrip(" ")
        word, _, rest = directive.partition(" ")
        if word == "#" or word.startswith("#"):
            continue
        if word == "group":
            close_case()
            group = rest.strip()
            group_values = ""
        elif word == "case":
            close_case()
            name = rest.strip()
            if not name or name in names:
                sys.exit(f"{path}:{lineno}: missing or duplicate case name {name!r}")
            if group is None:
                sys.exit(f"{path}:{lineno}: case before any %% group")
            names.add(name)
            current = {"name": name, "category": group, "values": group_values}
        elif word == "needs":
            if current is None:
                sys.exit(f"{path}:{lineno}: needs outside a case")
            current.setdefault("needs", []).extend(rest.split())
        elif word == "note":
            if current is None:
                sys.exit(f"{path}:{lineno}: note outside a case")
            current["note"] = rest.strip()
        elif word in ("values", "values-escaped", "template", "template-escaped"):
            close_section()
            kind = word.split("-")[0]
            escaped = word.endswith("-escaped")
            section = (kind, escaped, [], lineno)
            if rest:
                # Inline form: the rest of the directive line is the whole section.
                section[2].append(rest)
                close_section()
        else:
            sys.exit(f"{path}:{lineno}: unknown directive {word!r}")
    close_case()
    return cases


# ---------------------------------------------------------------------------------------------
# Running helm


def write_chart(root, values, notes, extra_files=None):
    os.makedirs(os.path.join(root, "c", "templates"))
    with open(os.path.join(root, "c", "Chart.yaml"), "w", encoding="utf-8", newline="") as f:
        f.write(CHART_YAML)
    with open(os.path.join(root, "c", "values.yaml"), "w", encoding="utf-8", newline="") as f:
        f.write(values)
    with open(
        os.path.join(root, "c", "templates", "NOTES.txt"), "w", encoding="utf-8", newline=""
    ) as f:
        f.write(notes)
    for name, text in (extra_files or {}).items():
        with open(os.path.join(root, "c", name), "w", encoding="utf-8", newline="") as f:
            f.write(text)


def run_helm(helm, values, notes, extra_files=None):
    """Returns ("ok", notes) or ("error", helm_error_text)."""
    root = tempfile.mkdtemp(prefix="cw-record-")
    try:
        write_chart(root, values, notes, extra_files)
        env = dict(os.environ)
        # Keep helm away from any user configuration so recordings are reproducible.
        for var, sub in (("HELM_CONFIG_HOME", "config"), ("HELM_CACHE_HOME", "cache"),
                         ("HELM_DATA_HOME", "data")):
            env[var] = os.path.join(root, sub)
        env["KUBECONFIG"] = os.path.join(root, "no-kubeconfig")
        proc = subprocess.run(
            [helm, "install", "r", os.path.join(root, "c"), "--dry-run=client", "-o", "json"],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=env,
        )
        stdout = proc.stdout.decode("utf-8")
        stderr = proc.stderr.decode("utf-8")
        if proc.returncode == 0:
            doc = json.loads(stdout)
            return "ok", doc.get("info", {}).get("notes", "")
        if not stderr.startswith(HELM_PREFIX):
            raise RuntimeError(f"unexpected helm failure: {stderr!r}")
        text = stderr[len(HELM_PREFIX):]
        if text.endswith("\n"):
            text = text[:-1]
        return "error", text
    finally:
        shutil.rmtree(root, ignore_errors=True)


EXEC_SPLIT = re.compile(
    r'\A(?P<loc>\S+:\d+:\d+)\n  executing "(?P<name>[^"]*)" at <(?P<expr>.*?)>:\n    (?P<msg>.*)\Z',
    re.S,
)
PARSE = re.compile(r"\Aparse error at \((?P<loc>[^)]*:\d+)\): (?P<msg>.*)\Z", re.S)
TPL_PARSE = re.compile(r": template: gotpl:(?P<line>\d+): ")


def recover_parse_message(helm, case, loc, shown):
    """Parses the same text through `tpl` to read Go's full parse message (see module doc)."""
    kind, text = run_helm(
        helm,
        case["values"],
        '{{ tpl (.Files.Get "cw-case.tpl") . }}',
        {"cw-case.tpl": case["template"]},
    )
    if kind != "error":
        raise RuntimeError(f"{case['name']}: parse error did not reproduce through tpl")
    matches = list(TPL_PARSE.finditer(text))
    if not matches:
        raise RuntimeError(f"{case['name']}: unexpected tpl error {text!r}")
    last = matches[-1]
    line = last.group("line")
    full = text[last.end():]
    if not loc.endswith(":" + line) or not full.endswith(shown):
        raise RuntimeError(f"{case['name']}: tpl run disagrees: {loc} {shown!r} vs {line} {full!r}")
    return full


def record_case(helm, case):
    kind, text = run_helm(helm, case["values"], case["template"])
    out = {k: case[k] for k in ("name", "category", "values", "template")}
    for k in ("needs", "note"):
        if k in case:
            out[k] = case[k]
    if kind == "ok":
        out["output"] = text
        return out
    out["helm_error"] = text
    m = PARSE.match(text)
    if m:
        out["error_kind"] = "parse"
        msg = recover_parse_message(helm, case, m.group("loc"), m.group("msg"))
        out["error"] = f"template: {m.group('loc')}: {msg}"
        return out
    m = EXEC_SPLIT.match(text)
    if m:
        out["error_kind"] = "exec"
        out["error"] = (
            f"template: {m.group('loc')}: executing \"{m.group('name')}\" at <{m.group('expr')}>: "
            f"{m.group('msg')}"
        )
        return out
    if text.startswith("template: "):
        out["error_kind"] = "exec"
        out["error"] = text
        return out
    # Anything else (values that do not load, a panic turned into an error) is kept verbatim.
    out["error_kind"] = "other"
    out["error"] = text
    return out


def main():
    helm = find_helm()
    version = subprocess.run(
        [helm, "version", "--short"], capture_output=True, check=True, text=True
    ).stdout.strip()
    cases = parse_cases(CASES_IN)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        recorded = list(pool.map(lambda c: record_case(helm, c), cases))
    doc = {
        "about": (
            "Go text/template conformance cases recorded from the real helm binary by "
            "tests/record/record_template.py from testdata/template/cases.in.txt. Each template "
            "was rendered as " + TEMPLATE_NAME + " with `helm install r CHART --dry-run=client "
            "-o json` (.info.notes: exact bytes, <no value> stripped by Helm). `error` is Go's "
            "own message; `helm_error` is what helm printed after 'Error: INSTALLATION FAILED: ' "
            "(for parse errors helm keeps only the text after the last ': '; the full message was "
            "read from a second run that parses the same text through `tpl`)."
        ),
        "helm_version": version,
        "recorded": datetime.date.today().isoformat(),
        "template_name": TEMPLATE_NAME,
        "case_count": len(recorded),
        "cases": recorded,
    }
    with open(CASES_OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    errors = sum(1 for c in recorded if "error" in c)
    print(f"recorded {len(recorded)} cases ({errors} errors) with helm {version} -> {CASES_OUT}")


if __name__ == "__main__":
    main()
