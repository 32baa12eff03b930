#!/usr/bin/env python3
"""Records the Masterminds/semver conformance table from the real helm binary.

Writes testdata/semver/cases.json with:
  * compare:      sprig `semverCompare CONSTRAINT VERSION` -> true/false, or Masterminds' error text
                  (the text after `error calling semverCompare: `);
  * versions:     sprig `semver VERSION` -> String, Original, Major, Minor, Patch, Prerelease,
                  Metadata, or the error text (after `error calling semver: `);
  * order:        `(semver A).Compare (semver B)` -> -1, 0 or 1;
  * kube_version: Chart.yaml `kubeVersion: C` rendered with `helm template --kube-version V`
                  -> compatible or Helm's error line (chartutil.IsCompatibleRange);
  * lint_version: Chart.yaml `version: V` through `helm lint` -> the `[ERROR]`/`[WARNING]`
                  lines about the version (validateChartVersion, ...StrictSemVerV2);
  * dependency:   `helm dependency update` of a chart depending on `dep` with a version
                  constraint, against a chart repository served from a local HTTP server
                  -> the version Chart.lock records, or Helm's error (repository URL -> REPO).

Successful cases are rendered many per `helm template` run, one per line; a batch that fails is
split and every erroring case is rendered alone to capture its error text.

Usage (from anywhere):  python3 tests/record/record_semver.py
Uses $HELM if set, else runs ../shared/tools/install-helm .tools/helm4 from the repo root.
Deterministic: same cases and helm version give the same file except for the `recorded` date.
"""

import base64
import datetime
import functools
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "testdata", "semver", "cases.json")
TIMEOUT_SECONDS = 120
DEBUG_SUFFIX = "\n\nUse --debug flag to render out invalid YAML"

# ---------------------------------------------------------------------------------------------
# Cases. Each compare case is (constraint, version); the expected result comes from helm.

# The traps listed in shared/notes/helm-semantics.md section 7 (where Cargo/npm semver differ).
NOTES_TRAPS = [
    (">=1.20-0", "1.20.0"),
    (">=1.20-0", "1.19.9"),
    (">=1.20-0", "1.21.0-gke.1"),
    (">=1.20-0", "v1.30.2"),
    (">= 1.2, < 2", "1.9"),
    (">= 1.2, < 2", "2.0"),
    ("<1.0 || >=2.0", "1.5.0"),
    ("<1.0 || >=2.0", "2.1.0"),
    ("<1.0 || >=2.0", "0.9.0"),
    ("1.2 - 1.4", "1.3.0"),
    ("1.2 - 1.4", "1.4.9"),
    ("1.2 - 1.4", "1.5.0"),
    ("1.2 - 1.4", "1.1.9"),
    ("!=1.2.3", "1.2.3"),
    ("!=1.2.3", "1.2.4"),
    (">= 1.2 <2", "1.5.0"),
    (">= 1.2 <2", "2.0.0"),
    ("v1.2.3", "1.2.3"),
    (">=v1.2", "v1.3.0"),
    ("~>1.2.3", "1.2.9"),
    ("~>1.2.3", "1.3.0"),
    ("=>1.2.3", "1.2.3"),
    ("=>1.2.3", "1.2.2"),
    ("1.2.3", "1.2.4"),
    ("1.2.3", "1.2.3"),
    ("1.2", "1.2.7"),
    ("1.2", "1.3.0"),
    ("^1.2.3-beta.2", "1.3.0-beta"),
    ("^1.2.3-beta.2", "1.2.3-beta.1"),
    (">=1.0.0-alpha", "2.0.0-beta"),
    (">1.2", "1.2.5"),
    (">1.2", "1.3.0"),
    ("*", "1.0.0-alpha"),
    ("*", "1.0.0"),
    (">=1.2.3", "1.2.4-beta"),
    (">=1.2.3", "1.2.4"),
    ("~1.2.3", "1.2.9"),
    ("~1.2.3", "1.3.0"),
    ("^0.2.3", "0.2.9"),
    ("^0.2.3", "0.3.0"),
    ("^0.0.3", "0.0.3"),
    ("^0.0.3", "0.0.4"),
]

OPERATORS = [
    ("=1.2.3", "1.2.3"), ("=1.2.3", "1.2.4"), ("= 1.2.3", "1.2.3"),
    ("!=1.2.3", "1.2.3-beta"), ("!=1.2.3-beta", "1.2.3-beta"), ("!=1.2.3-beta", "1.2.3-alpha"),
    ("!=1.2", "1.2.5"), ("!=1.2", "1.3.0"), ("!=1.x", "1.9.9"), ("!=1.x", "2.0.0"),
    ("!=1.2.x", "1.2.0"), ("!=1.2.x", "1.3.0"), ("!=1.2.x-0", "1.2.0-beta"), ("!=*", "1.0.0"),
    (">1.2.3", "1.2.4"), (">1.2.3", "1.2.3"), (">1.2.3", "1.2.3+meta"), (">1.2.3-beta", "1.2.3"),
    (">1", "1.9.9"), (">1", "2.0.0"), (">1.x", "1.5.0"), (">1.2.x", "1.2.9"), (">1.2.x", "1.3.0"),
    (">*", "0.0.0"), (">*", "0.0.1"), (">0", "0.5.0"), (">0", "1.0.0"),
    ("<1.2.3", "1.2.2"), ("<1.2.3", "1.2.3"), ("<1.2.3", "1.2.3-beta"), ("<1.2.3-0", "1.2.3-beta"),
    ("<1.2", "1.1.9"), ("<1.2", "1.2.0"), ("<1.x", "0.9.0"), ("<1.x", "1.0.0"), ("<*", "0.0.0"),
    (">=1.2.3", "1.2.3"), (">=1.2.3", "1.2.2"), (">=1.2", "1.2.0"), (">=1", "0.9.9"),
    (">=1.2.3-beta", "1.2.3-alpha"), (">=1.2.3-beta", "1.2.3-beta.1"), (">=0.0.0", "0.0.0"),
    ("<=1.2.3", "1.2.3"), ("<=1.2.3", "1.2.4"), ("<=1.2", "1.2.99"), ("<=1.2", "1.3.0"),
    ("<=1", "1.99.0"), ("<=1", "2.0.0"), ("<=1.x", "1.5.0"), ("<=*", "1.0.0"), ("<=*", "0.0.0"),
    ("=<1.2.3", "1.2.3"), ("=<1.2.3", "1.2.4"), ("=>1.2", "1.2.0"),
    ("~1", "1.9.0"), ("~1", "2.0.0"), ("~1.2", "1.2.9"), ("~1.2", "1.3.0"), ("~1.2.x", "1.2.5"),
    ("~1.x", "1.9.0"), ("~0", "0.9.0"), ("~0", "1.0.0"), ("~0.0.0", "5.0.0"), ("~*", "3.2.1"),
    ("~1.2.3", "1.2.2"), ("~1.2.3-beta", "1.2.3-beta.2"), ("~1.2.3-beta", "1.2.4-alpha"),
    ("~>1", "1.5.0"), ("~>1.2", "1.2.7"), ("~> 1.2.3", "1.2.4"), ("~>0.0.0", "0.0.1"),
    ("^1", "1.9.9"), ("^1", "2.0.0"), ("^1.2", "1.9.0"), ("^1.2", "1.1.0"), ("^1.2.3", "1.9.0"),
    ("^1.2.3", "2.0.0"), ("^1.x", "1.2.3"), ("^1.2.x", "1.5.0"), ("^0", "0.9.0"), ("^0", "1.0.0"),
    ("^0.x", "0.5.0"), ("^0.2", "0.2.5"), ("^0.2", "0.3.0"), ("^0.2.x", "0.2.9"), ("^0.0", "0.0.5"),
    ("^0.0", "0.1.0"), ("^0.0.x", "0.0.9"), ("^0.0.x", "0.1.0"), ("^0.0.3", "0.0.2"),
    ("^0.0.0", "0.0.0"), ("^0.0.0", "0.0.1"), ("^0.0.3", "0.1.3"), ("^*", "1.0.0"), ("^*", "0.0.0"),
    ("^0.2.3", "1.2.3"), ("^1.2.3-0", "1.2.4-beta"), ("^1.2.3-0", "2.0.0-beta"),
]

WILDCARDS = [
    ("x", "1.2.3"), ("X", "0.0.0"), ("*", "0.0.0"), ("1.x", "1.9.9"), ("1.x", "2.0.0"),
    ("1.X", "1.0.0"), ("1.*", "1.4.0"), ("1.2.x", "1.2.9"), ("1.2.x", "1.3.0"), ("1.2.*", "1.2.0"),
    ("1.2.X", "1.2.1"), ("1.x.3", "1.5.0"), ("x.2.3", "9.9.9"), ("1", "1.5.0"), ("1", "2.0.0"),
    ("v1", "1.0.0"), ("1.x-0", "1.2.0-beta"), ("1.x-beta", "1.0.0-alpha"), ("*-0", "1.0.0-beta"),
    ("x-0", "0.0.0-a"), ("1.2.x+build", "1.2.3"), ("1.2.3+build", "1.2.3"),
    ("1.2.3+build", "1.2.3+other"), ("*", "v2.0.0"),
]

PRERELEASE = [
    ("1.2.3-beta", "1.2.3-beta"), ("1.2.3-beta", "1.2.3"), ("1.2.3", "1.2.3-beta"),
    (">1.0.0-alpha", "1.0.0-beta"), (">1.0.0-beta", "1.0.0-alpha"), (">1.0.0-alpha", "5.0.0-rc.1"),
    (">=1.0.0-0", "1.0.0-0"), (">=1.0.0-0", "0.9.0-rc"), ("<2.0.0-0", "1.9.0-rc.1"),
    ("<2.0.0", "1.9.0-rc.1"), (">=1.0.0-alpha.1", "1.0.0-alpha.beta"),
    (">1.0.0-alpha.1", "1.0.0-alpha"), (">1.0.0-beta.2", "1.0.0-beta.11"),
    (">1.0.0-rc.1", "1.0.0"), (">=1.0.0-alpha", "1.0.0-1"), ("<1.0.0-alpha", "1.0.0-1"),
    (">1.0.0-a", "1.0.0-B"), (">1.0.0-a-b", "1.0.0-a"),
    (">1.0.0-1", "1.0.0-99999999999999999999"), (">1.0.0-a", "1.0.0-99999999999999999999"),
    (">=1.2.3 <2.0.0-0", "1.5.0-beta"), (">=1.2.3-0 <2.0.0", "1.5.0-beta"),
    (">=1.2.3 <2.0.0 || >=3.0.0-0", "1.5.0-beta"), (">=1.2.3 || >=3.0.0-0", "3.5.0-beta"),
    (">=1.20.0-0", "1.20.0-gke.100"), (">=1.19.0-0 <1.22.0-0", "1.21.5-eks-1"),
    (">= 1.16.0-0 < 1.22.0-0", "v1.22.0"), ("~1.20.0-0", "1.20.4-rc.0"),
    (">0.0.0-0", "0.0.0"), (">0.0.0-0", "0.0.0-0"), (">0.0.0-0", "0.0.1-alpha"),
    (">0", "0.0.1-alpha"), ("1.2.3-0", "1.2.3-0+meta"), (">=1.0.0", "1.0.0+build.1"),
    ("!=1.2.3-beta", "1.2.4"), ("^0.0.1-0", "0.0.1-rc"), ("^0.0.1-0", "0.0.2-rc"),
    ("1.0.0-rc.1", "1.0.0-rc.01"),
]

COMBINATIONS = [
    (">=1.1 <2", "1.1.1"), (">=1.1, <2", "2.0.0"), (">1.1 <3 || 4.x", "4.2.0"),
    (">1.1 <3 || 4.x", "3.0.0"), (">1.1, <3, !=2.0.0", "2.0.0"), (">1.1, <3, !=2.0.0", "2.0.1"),
    ("1.x || 2.x || 3.x", "3.9.9"), ("1.x || 2.x || 3.x", "4.0.0"), ("1.1 - 2", "2.9.9"),
    ("1.1 - 2", "3.0.0"), ("1.1 - 2", "1.0.9"), ("1 - 2 || 4 - 5", "4.5.0"),
    ("1 - 2 || 4 - 5", "3.0.0"), ("1.2.3 - 1.4.5", "1.4.5"), ("1.2.3 - 1.4.5", "1.4.6"),
    ("1.2.3 - 1.4.5", "1.2.2"), ("1.2 - 1.4.5", "1.2.0"), ("1.2.3-beta - 1.4.5", "1.3.0-alpha"),
    ("1.2.3 - 1.4.5-beta", "1.4.5-alpha"), ("v1.2 - v1.4", "1.4.0"), ("1.x - 2.x", "2.5.0"),
    ("* - 2", "0.1.0"), ("1.2 - 1.4 <1.3", "1.3.5"), (">=1.0 1.2 - 1.4", "1.3.0"),
    ("1.2 - 1.4 || 3.0 - 3.2", "3.2.9"), ("1.0.0 - 2.0.0, !=1.5.0", "1.5.0"),
    (">= 1.0, < 2.0 || >= 3.0", "3.1.0"), (">=1.0,<2.0", "1.5.0"), (">=1.0 ,<2.0", "1.5.0"),
    (">=1.0 , <2.0", "1.5.0"), ("^1.2 || ~2.3", "2.3.9"), ("^1.2 || ~2.3", "2.4.0"),
    ("<1.2.3 >1.2.3", "1.2.3"), ("1.2.3 1.2.3", "1.2.3"), ("1.2.3,1.2.4", "1.2.3"),
    ("1 - 2 - 3", "2.0.0"),
]

WHITESPACE = [
    (" 1.2.3", "1.2.3"), ("1.2.3 ", "1.2.3"), ("  >=  1.2.3  ", "1.2.4"), ("\t>=1.2.3", "1.2.4"),
    (">=\t1.2.3", "1.2.4"), (">=1.0\n<2.0", "1.5.0"), (">=1.0 ||<2.0", "3.0.0"),
    (">=1.0|| <2.0", "0.5.0"), (">=1.0  ||  <0.5", "0.7.0"), ("1.2.3\r", "1.2.3"),
    (">=1.0\x0c<2.0", "1.5.0"), ("1.2  -  1.4", "1.4.0"), ("1.2\t-\t1.4", "1.3.0"),
    ("1.2 -\n1.4", "1.3.0"),
]

# Versions in their many spellings, against simple constraints.
VERSION_FORMS = [
    (">=1.0.0", "1"), (">=1.0.0", "v1"), ("1.2.0", "1.2"), ("1.2.0", "v1.2"), ("1.35.0", "1.35"),
    (">=1.2.3", "01.02.03"), ("1.2.3", "v01.2.3"), ("1.2.3", "1.2.3+build.5"),
    ("=1.2.3-rc.1", "v1.2.3-rc.1+build"), (">=18446744073709551615", "18446744073709551615.0.0"),
    ("^18446744073709551615.1", "18446744073709551615.2.0"),
]

CONSTRAINT_ERRORS = [
    ("", "1.0.0"), (" ", "1.0.0"), ("foo", "1.0.0"), (">= foo", "1.0.0"), ("1.2.3.4", "1.0.0"),
    ("1 - ", "1.0.0"), (">=1.0 <", "1.0.0"), ("=>", "1.0.0"), ("~>", "1.0.0"), ("^", "1.0.0"),
    ("1.2 -1.4", "1.0.0"), ("1x", "1.0.0"), ("|", "1.0.0"), ("1.2.3 | 1.4", "1.0.0"),
    ("1.2.3-01", "1.0.0"), ("99999999999999999999", "1.0.0"), (">=1.2.3 || ", "1.0.0"),
    ("|| 1.2", "1.0.0"), ("1.2 - 1.4 - 1.6", "1.0.0"), ("1 - 2 - 3 || 2 - 3", "1.0.0"),
    ("!1.2", "1.0.0"), ("==1.2", "1.0.0"), (">> 1", "1.0.0"), ("1.2,", "1.0.0"), (",1.2", "1.0.0"),
    ("1.2,,1.3", "1.0.0"), ("v", "1.0.0"), ("x.y", "1.0.0"), ("1.2.3+", "1.0.0"),
    ("1.2.3-", "1.0.0"), ("ab", "1.0.0"), ("1.2.3 x", "1.0.0"), ("1 .2", "1.0.0"),
    (">=1.0.0 foo <2", "1.0.0"), ("V1.2.3", "1.0.0"), ("1.2.3 ||| 1.4", "1.0.0"),
    (">= 1.2, foo || < 3", "1.0.0"), ("1.2 - foo", "1.0.0"), (">=1.0.0, <2.0.0 ,", "1.0.0"),
    ("=<", "1.0.0"), ("1.||2", "1.0.0"), ("1.2.3-beta..1", "1.0.0"), ("~=1.2", "1.0.0"),
    ("1.0.0 - 2.0.0 foo", "1.0.0"), ("1.2.3-a_b", "1.0.0"), ("1.2.3 ,, 1.2.4", "1.0.0"),
    ("18446744073709551616.0.0", "1.0.0"), (">=1.0\v", "1.0.0"), ("\u00a01.2.3", "1.0.0"),
    ("1.2.3 || \u00e9", "1.0.0"),
    ("<3 || 1 - 2 y", "1.0.0"), (">=1 || 1.2 - foo", "1.0.0"), ("\u00e9 || 1", "1.0.0"),
    ("^1 || 1.2.3 | 1.4", "1.0.0"), (">= 1, 99999999999999999999", "1.0.0"),
    (">=1.0 < foo", "1.0.0"), ("1.2.3 ||", "1.0.0"),
    # A bad constraint is reported before a bad version.
    ("foo", "bar"),
]

VERSION_ERRORS = [
    (">=1.0.0", ""), (">=1.0.0", " 1.2.3"), (">=1.0.0", "1.2.3 "), (">=1.0.0", "1.2.3.4"),
    (">=1.0.0", "a"), (">=1.0.0", "1.2.3-01"), (">=1.0.0", "v"), (">=1.0.0", "V1.2.3"),
    (">=1.0.0", "1.2.3-"), (">=1.0.0", "1.2.3+"), (">=1.0.0", "1.2.3-a..b"),
    (">=1.0.0", "18446744073709551616.0.0"), (">=1.0.0", "1.99999999999999999999"),
    (">=1.0.0", "1.2.99999999999999999999"), (">=1.0.0", "1.2.3-beta_1"), (">=1.0.0", "1.x"),
    (">=1.0.0", "*"), (">=1.0.0", "1.2.3-00"), (">=1.0.0", "=1.2.3"), (">=1.0.0", "1..3"),
]



def generated_cases(count, seed=20261124):
    """Constraint/version pairs from a seeded generator (a differential test against helm):
    grammar-shaped constraints with occasional junk, against assorted versions."""
    rng = random.Random(seed)
    ops = ["", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"]
    parts = ["0", "1", "2", "3", "10", "x", "X", "*", "01"]
    pres = ["", "", "", "", "-0", "-beta", "-rc.1", "-1.a", "-alpha.2"]
    seps = [" ", ", ", ",", "  ", " || ", "||", " - ", "\t"]
    junk = ["|", "-", "+", ".", "v", "V", "a", "é", ",", "!", "==", "1.2.3.4", "+meta", " "]
    versions = ["0.0.0", "0.0.1", "0.1.0", "0.1.2", "1.0.0", "1.2.3", "1.3.0", "2.0.0", "3.1.0",
                "10.0.0", "1.0.0-0", "1.2.3-beta", "1.2.4-rc.1", "2.0.0-alpha", "0.0.1-rc",
                "3.0.0-1.a", "v1.2", "1", "01.2.3", "1.2.3+meta", "2.0.0-beta+b", "1.x", ""]

    def constraint():
        out = ""
        for i in range(rng.randint(1, 4)):
            sep = rng.choice(seps) if i else ""
            out += sep
            # A hyphen range joins two bare versions; an operator there is mostly an error.
            if sep != " - " or rng.random() < 0.1:
                out += rng.choice(ops)
            if rng.random() < 0.2:
                out += "v"
            out += ".".join(rng.choice(parts) for _ in range(rng.randint(1, 3)))
            out += rng.choice(pres)
            if rng.random() < 0.08:
                out += rng.choice(junk)
        return out

    return [(constraint(), rng.choice(versions)) for _ in range(count)]


GENERATED = generated_cases(600)

COMPARE_CASES = (NOTES_TRAPS + OPERATORS + WILDCARDS + PRERELEASE + COMBINATIONS + WHITESPACE
                 + VERSION_FORMS + CONSTRAINT_ERRORS + VERSION_ERRORS + GENERATED)

VERSION_CASES = [
    "1.2.3", "v1.2.3", "1.2", "v1.2", "1", "v1", "1.35", "01.2.3", "1.02.3", "1.2.03", "v01.02",
    "0.0.0", "1.2.3-alpha", "1.2.3-alpha.1", "1.2.3-0", "1.2.3-0a", "1.2.3-alpha.-1", "1.2.3--",
    "1.2.3+build", "1.2.3+build.01", "1.2.3-rc.1+build.5", "v1.2-beta", "1-rc", "1.2.3-a-b.c",
    "18446744073709551615.18446744073709551615.18446744073709551615", "0001", "1.2.3-1.2.3",
    "1.2.3+-", "10.20.30-x.7.z.92", "1.0.0-99999999999999999999",
    # errors
    "", "1.2.3.4", "1.2.3-01", "a.b.c", "1.2.3-", "1.2.3+", "v", " 1.2.3", "1.2.3 ", "V1.2.3",
    "18446744073709551616", "1.18446744073709551616", "1.2.18446744073709551616",
    "1.2.3-a+b+c", "1.2.3-é", "1.2.3_4", "-1.2.3", "1.2.3-00.1", "1.2.3-a.00", "1.2.x",
]

ORDER_CASES = [
    ("1.0.0-alpha", "1.0.0-alpha.1"), ("1.0.0-alpha.1", "1.0.0-alpha.beta"),
    ("1.0.0-alpha.beta", "1.0.0-beta"), ("1.0.0-beta", "1.0.0-beta.2"),
    ("1.0.0-beta.2", "1.0.0-beta.11"), ("1.0.0-beta.11", "1.0.0-rc.1"), ("1.0.0-rc.1", "1.0.0"),
    ("1.0.0", "1.0.0-rc.1"), ("1.0.0+a", "1.0.0+b"), ("1.0.0-1", "1.0.0-a"),
    ("1.0.0-99999999999999999999", "1.0.0-a"), ("1.0.0-99999999999999999999", "1.0.0-5"),
    ("1.0.0-a-b", "1.0.0-a"), ("1.0.0-A", "1.0.0-a"), ("v1.2", "1.2.0"), ("1.2.3", "1.2.4"),
    ("2.0.0", "10.0.0"), ("1.10.0", "1.9.0"), ("01.2.3", "1.2.3"), ("1.0.0-alpha", "1.0.0-alpha"),
    ("1.0.0-2", "1.0.0-10"), ("1.0.0-x.1", "1.0.0-x"), ("0.0.0", "0.0.0-0"),
]

# (kubeVersion constraint in Chart.yaml, --kube-version flag)
KUBE_CASES = [
    (">=1.20.0", "1.20.0"), (">=1.20.0", "1.19.5"), (">=1.20.0-0", "1.20.0"),
    (">= 1.19.0-0 < 1.22.0-0", "1.21.3"), (">= 1.19.0-0 < 1.22.0-0", "1.22.0"), ("~1.21", "1.21.9"),
    ("^1.20", "1.34.0"), (">=1.20", "1.20.0"), (">1.20", "1.20.5"), ("1.x", "1.30.0"),
    ("<1.22", "1.21.9"), (">=1.16 <1.22 || >=1.25", "1.26.0"), ("1.20 - 1.24", "1.24.3"),
    (">=1.20.0", "v1.25.0"), (">=1.20.0", "1.25"), ("foo", "1.25.0"), (">=1.20.0", "1.21.0+k3s1"),
    (">=1.20.0-0", "1.21.0-gke.1"),
]

# Versions a chart repository index offers for chart `dep`, and the dependency constraints
# `helm dependency update` resolves against it (the lock records the chosen version). No two
# versions compare equal: Helm sorts the index with an unstable sort, so ties are unspecified.
REPO_VERSIONS = [
    "0.9.0", "1.0.0", "1.2.0", "1.2.5", "1.10.0", "1.11.0-rc.1", "2.0.0-rc.1",
    "2.0.0", "v2.1.0", "2.2", "3.0.0-alpha", "01.5.0",
]
DEPENDENCY_CONSTRAINTS = [
    "1.2.5", "^1.2", "~1.2", "1.x", "*", ">=1.0.0 <2.0.0", ">=1.11.0-0 <2", "^2.0.0-0", ">2",
    ">=3.0.0-0", "~2.1", "2.2.0", "v2.1.0", "1.5", "1.5.0", "<1", ">=1.2 <1.2.5 || 0.9", "1.2 - 1.3",
    ">=4", "foo", ">=1.2.5 <=1.2.5", "2.2", "!=2.2.0", "1.2.5+build.1", "^0.9",
]

LINT_VERSIONS = [
    "1.2.3", "v1.2.3", "1.2", "01.2.3", "1.2.3.4", "0.0.0", "0.0.0-0", "1.0.0-rc.1", "1.2.3-01",
    "1.2.3+build", "foo", "1", "v1", "1.02.3", "1.2.03", "1.2.3+build.01", "1.2.3-0", "1.2.3--",
    "18446744073709551615.0.0", "1.2.3-alpha.-1", "0.0.0-alpha", "0.0.1-0",
]

# ---------------------------------------------------------------------------------------------
# Helm plumbing


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


def semver_module_version(helm):
    """The Masterminds/semver module version linked into the helm binary (Go build info)."""
    with open(helm, "rb") as f:
        data = f.read()
    m = re.search(rb"dep\tgithub\.com/Masterminds/semver/v3\t(v[0-9][^\t\n]*)", data)
    return m.group(1).decode() if m else "unknown"


def go_quote(text):
    """A Go interpreted string literal for `text`."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\x0c":
            out.append("\\f")
        elif ch == "\x0b":
            out.append("\\v")
        elif code < 0x20 or code == 0x7F:
            out.append("\\x%02x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Helm:
    def __init__(self, helm, workdir):
        self.helm = helm
        self.chart = os.path.join(workdir, "c")
        os.makedirs(os.path.join(self.chart, "templates"), exist_ok=True)

    def write_chart(self, chart_yaml, template):
        with open(os.path.join(self.chart, "Chart.yaml"), "w", encoding="utf-8") as f:
            f.write(chart_yaml)
        with open(os.path.join(self.chart, "templates", "t.yaml"), "w", encoding="utf-8") as f:
            f.write(template)

    def run(self, *args):
        env = dict(os.environ, HELM_CACHE_HOME=os.path.join(self.chart, "..", "cache"),
                   HELM_CONFIG_HOME=os.path.join(self.chart, "..", "config"),
                   HELM_DATA_HOME=os.path.join(self.chart, "..", "data"))
        p = subprocess.run([self.helm, *args], capture_output=True, timeout=TIMEOUT_SECONDS,
                           env=env)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    def template(self, template, chart_yaml="apiVersion: v2\nname: c\nversion: 0.1.0\n",
                 extra=()):
        self.write_chart(chart_yaml, template)
        return self.run("template", "r", self.chart, *extra)


def function_error(stderr, function):
    """The text after `error calling FUNCTION: ` in helm's error output."""
    marker = "error calling %s: " % function
    at = stderr.find(marker)
    if at < 0:
        raise RuntimeError("unexpected helm error: " + stderr)
    text = stderr[at + len(marker):]
    if text.endswith(DEBUG_SUFFIX + "\n"):
        text = text[: -len(DEBUG_SUFFIX) - 1]
    elif text.endswith("\n"):
        text = text[:-1]
    return text


def helm_error(stderr):
    """Helm's error message without its `Error: ` prefix and `--debug` hint."""
    text = stderr
    if text.endswith(DEBUG_SUFFIX + "\n"):
        text = text[: -len(DEBUG_SUFFIX) - 1]
    text = text.rstrip("\n")
    return text[len("Error: "):] if text.startswith("Error: ") else text


def render_lines(helm, cases, line_for, parse, function):
    """Renders cases many per run; returns a list of ("ok", value) or ("error", text)."""
    results = [None] * len(cases)

    def batch(indices):
        template = "".join("case%d: %s\n" % (i, line_for(cases[i])) for i in indices)
        rc, out, err = helm.template(template)
        if rc == 0:
            got = dict(re.findall(r"^case(\d+): (.*)$", out, re.M))
            for i in indices:
                results[i] = ("ok", parse(got[str(i)]))
            return
        if len(indices) == 1:
            results[indices[0]] = ("error", function_error(err, function))
            return
        half = len(indices) // 2
        batch(indices[:half])
        batch(indices[half:])

    batch(list(range(len(cases))))
    return results


def record_compare(helm):
    def line(case):
        return "{{ semverCompare %s %s }}" % (go_quote(case[0]), go_quote(case[1]))

    def parse(text):
        assert text in ("true", "false"), text
        return text == "true"

    out = []
    for (c, v), (kind, value) in zip(COMPARE_CASES,
                                     render_lines(helm, COMPARE_CASES, line, parse,
                                                  "semverCompare")):
        entry = {"constraint": c, "version": v}
        entry["result" if kind == "ok" else "error"] = value
        out.append(entry)
    return out


def record_versions(helm):
    def line(v):
        return ('{{ $v := semver %s }}{{ printf "%%s|%%s|%%d|%%d|%%d|%%s|%%s" $v.String '
                '$v.Original $v.Major $v.Minor $v.Patch $v.Prerelease $v.Metadata | b64enc }}'
                % go_quote(v))

    def parse(text):
        s, o, major, minor, patch, pre, meta = base64.b64decode(text).decode().split("|")
        return {"string": s, "original": o, "major": int(major), "minor": int(minor),
                "patch": int(patch), "prerelease": pre, "metadata": meta}

    out = []
    for v, (kind, value) in zip(VERSION_CASES,
                                render_lines(helm, VERSION_CASES, line, parse, "semver")):
        entry = {"version": v}
        if kind == "ok":
            entry.update(value)
        else:
            entry["error"] = value
        out.append(entry)
    return out


def record_order(helm):
    def line(case):
        return "{{ (semver %s).Compare (semver %s) }}" % (go_quote(case[0]), go_quote(case[1]))

    out = []
    for (a, b), (kind, value) in zip(ORDER_CASES,
                                     render_lines(helm, ORDER_CASES, line, int, "semver")):
        assert kind == "ok", (a, b, value)
        out.append({"a": a, "b": b, "result": value})
    return out


def record_kube(helm):
    out = []
    for constraint, kube in KUBE_CASES:
        chart_yaml = "apiVersion: v2\nname: c\nversion: 0.1.0\nkubeVersion: %s\n" % json.dumps(
            constraint)
        rc, _, err = helm.template("a: b\n", chart_yaml, ("--kube-version", kube))
        entry = {"constraint": constraint, "kube_version": kube, "compatible": rc == 0}
        if rc != 0:
            entry["error"] = helm_error(err)
        out.append(entry)
    return out


def record_dependencies(helm, workdir):
    """`helm dependency update` against a local chart repository served over HTTP."""
    repo = os.path.join(workdir, "repo")
    dep = os.path.join(workdir, "dep")
    os.makedirs(os.path.join(dep, "templates"), exist_ok=True)
    with open(os.path.join(dep, "Chart.yaml"), "w", encoding="utf-8") as f:
        f.write("apiVersion: v2\nname: dep\nversion: 0.0.1\n")
    for version in REPO_VERSIONS:
        rc, _, err = helm.run("package", dep, "--version", version, "-d", repo)
        assert rc == 0, err
    handler = functools.partial(QuietHandler, directory=repo)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = "http://127.0.0.1:%d" % server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    out = []
    try:
        rc, _, err = helm.run("repo", "index", repo, "--url", url)
        assert rc == 0, err
        for constraint in DEPENDENCY_CONSTRAINTS:
            chart_yaml = ("apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n"
                          "  - name: dep\n    version: %s\n    repository: %s\n"
                          % (json.dumps(constraint), url))
            helm.write_chart(chart_yaml, "a: b\n")
            shutil.rmtree(os.path.join(helm.chart, "charts"), ignore_errors=True)
            lock = os.path.join(helm.chart, "Chart.lock")
            if os.path.exists(lock):
                os.remove(lock)
            rc, _, err = helm.run("dependency", "update", helm.chart)
            entry = {"constraint": constraint}
            if rc == 0:
                with open(lock, encoding="utf-8") as f:
                    m = re.search(r"^  version: (.*)$", f.read(), re.M)
                entry["resolved"] = m.group(1).strip().strip('"')
            else:
                entry["error"] = helm_error(err).replace(url, "REPO")
            out.append(entry)
    finally:
        server.shutdown()
    return {"repository_versions": REPO_VERSIONS, "cases": out}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the chart repository without logging every request."""

    def log_message(self, *args):
        pass


def record_lint(helm):
    out = []
    for version in LINT_VERSIONS:
        chart_yaml = "apiVersion: v2\nname: c\nversion: %s\n" % json.dumps(version)
        helm.write_chart(chart_yaml, "a: b\n")
        rc, stdout, stderr = helm.run("lint", helm.chart)
        lines = [line.strip() for line in (stdout + stderr).splitlines()
                 if "version" in line and ("[ERROR]" in line or "[WARNING]" in line
                                           or line.startswith("Error"))]
        out.append({"version": version, "lint_ok": rc == 0, "messages": lines})
    return out


def main():
    helm_path = find_helm()
    version = subprocess.run([helm_path, "version", "--short"], capture_output=True,
                             check=True).stdout.decode().strip()
    workdir = tempfile.mkdtemp(prefix="record-semver-")
    try:
        helm = Helm(helm_path, workdir)
        table = {
            "helm": version,
            "masterminds_semver": semver_module_version(helm_path),
            "recorded": datetime.date.today().isoformat(),
            "recorded_by": "tests/record/record_semver.py",
            "compare": record_compare(helm),
            "versions": record_versions(helm),
            "order": record_order(helm),
            "kube_version": record_kube(helm),
            "lint_version": record_lint(helm),
            "dependency": record_dependencies(helm, workdir),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=1, ensure_ascii=False)
        f.write("\n")
    counts = {k: len(v) for k, v in table.items() if isinstance(v, list)}
    counts["dependency"] = len(table["dependency"]["cases"])
    print("wrote %s (%s) with helm %s" % (os.path.relpath(OUT, REPO), counts, version))


if __name__ == "__main__":
    main()
