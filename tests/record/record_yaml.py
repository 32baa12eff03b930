#!/usr/bin/env python3
"""Records how the real helm loads values YAML and prints toJson/toYaml/toYamlPretty.

Writes testdata/yaml/cases.json, read by server/yaml/tests/yaml/helm_table.rs. Each case is a
values.yaml text plus a template rendered as the chart's NOTES.txt through
`helm install r CHART --dry-run=client -o json`, which keeps the exact bytes (`.info.notes`);
a case Helm refuses records Helm's error text instead.

Usage: python3 tests/record/record_yaml.py   (uses $HELM, else installs helm into .tools/helm4)

With --corpus, records instead, for every values.yaml and ci/*.yaml of the shared corpus,
an FNV-1a 64 digest of helm's `toJson .Values`, `toYaml .Values` and `toYamlPretty .Values`
(or helm's error) into testdata/yaml/corpus.json, which
`cargo run -p cw-yaml --release --example corpus_check` compares with our loader and emitters.
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "testdata", "yaml", "cases.json")

LOAD = "{{ toJson .Values }}"
SEP = "\n@@@\n"
EMIT = "{{ toYaml .Values.x }}" + SEP + "{{ toYamlPretty .Values.x }}" + SEP + "{{ toJson .Values.x }}"


def helm_binary():
    if os.environ.get("HELM"):
        return os.environ["HELM"]
    out = subprocess.run(
        ["bash", "../shared/tools/install-helm", ".tools/helm4"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def cases():
    c = []

    def load(name, values):
        c.append({"name": name, "group": "load", "values": values, "template": LOAD})

    def emit(name, values):
        c.append({"name": name, "group": "emit", "values": values, "template": EMIT})

    # --- numbers
    nums = ["1000000", "1.10", "010", "0o17", "0x1F", "0b101", "1_000", "+12", "1e3", "-0", "-0.0",
            "12345678901234567890", "99999999999999999999", "0x1FFFFFFFFFFFFFFFFF", "08", "09.5", ".5",
            "1.", "-.5", "1e400", "1e-400", "0.1", "123456789012", "-9223372036854775808",
            "9223372036854775808", "1_0.5", "0x_1F", "1__0", "-0b11", "0B11", "0O17", "0X1f", "017_7",
            "1e+3", "1E3", "6.02e23", "1:20", "0.000001", "0.0000001", "1e21", "123456789", "-0x10",
            "+0x10", "0.", "00", "0", "-1", "1e", "1.2.3", "0b", "0o", "0x", "+.5", "1e-7", "5e-324",
            "1.7976931348623157e308", "0xFFFFFFFFFFFFFFFF", "-0xFFFFFFFFFFFFFFFFFF", "3.0", "100000",
            "20000000", "0777", "1_000_000.5", "12e03"]
    for i, n in enumerate(nums):
        load("number %s" % n, "a: %s\n" % n)
    # --- booleans and null (values and keys)
    words = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
             "OFF", "true", "True", "TRUE", "false", "False", "FALSE", "yES", "tRUE", "oN", "~", "null",
             "Null", "NULL", "nULL", "", "t", "f", "nil", "None"]
    load("bool and null words as values", "v:\n" + "".join("  - %s\n" % w for w in words))
    load("bool words as keys", "".join("%s: %d\n" % (w, i) for i, w in enumerate(
        ["on", "y", "n", "yes", "off", "true", "False", "NO", "Y"])))
    load("empty value", "a:\nb: ~\nc: null\nd: ''\n")
    # --- timestamps
    load("timestamps stay strings", "d: 2024-01-01\nt: 2001-12-14t21:59:43.10-05:00\nt2: 2001-12-14 21:59:43.10\nt3: 2001-12-14T21:59:43Z\nt4: 2024-1-2\n")
    # --- strings
    load("quoted scalars", "a: \"123\"\nb: 'yes'\nc: \"\"\nd: ''\ne: 'it''s'\nf: \"tab\\tq\\\"\"\n")
    load("escapes", "a: \"\\u00e9\\t\\x41\\U0001F600\\n\\\\\"\nb: \"\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\"\n")
    load("unicode", "a: héllo ✓ 😀\nkéy: 日本語\n\"ünï\": \"\\u263A\"\n")
    load("block scalars", "a: |\n  x\n   y\n\n  z\nb: |-\n  x\nc: |+\n  x\n\nd: >\n  folded\n  text\n\n  para\n   more\ne: >-\n  x\n  y\nf: |2\n    indented\n")
    load("multi-line plain and quoted", "a: one\n  two\n\n  three\nb: \"one\n  two\"\nc: 'x\n\n  y'\n")
    load("plain with special characters", "a: x: y\nb: a#b\nc: a #comment\nd: -x\ne: ?x\nf: 100%\ng: x, y\nh: [a, 'b c', \"d\"]\n")
    load("trailing spaces", "a: 'x '\nb: \"  \"\nc: x   \n")
    load("crlf line endings", "a: 1\r\nb:\r\n  c: two\r\n")
    load("byte order mark", "\ufeffa: 1\n")
    # --- keys
    load("non-string keys", "1: a\n1.5: b\n1e3: c\n0x10: d\n-1: e\n.inf: f\n3.14159265358979: g\n1e20: h\n0.1: i\n010: j\n")
    load("empty and quoted keys", "\"\": empty\n'<<': lit\n\"a b\": 1\n? complex\n: v\n")
    load("timestamp key", "2024-01-01: x\n")
    # --- anchors and merge keys
    load("merge key", "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n")
    load("merge list", "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  w: 0\n")
    load("merge after explicit key overrides it", "a: &a {x: 9}\nb:\n  x: 1\n  <<: *a\n")
    load("inline merge", "b:\n  <<: {x: 1}\n  y: 2\n")
    load("aliases of scalars and sequences", "s: &s hello\nl: &l [1, 2]\nm: &m {a: 1}\nt: [*s, *l, *m]\n")
    load("redefined anchor", "a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
    load("nested anchors", "a: &a\n  b: &b\n    c: 1\nd: *b\ne: *a\n")
    load("merge of nested merge", "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n")
    load("quoted merge key is a plain key", "\"<<\": {a: 1}\n")
    # --- duplicates
    load("duplicate keys last wins", "a: 1\na: 2\nm:\n  x: 1\n  x: {y: 2}\n")
    load("duplicate after resolution", "on: 1\ntrue: 2\n")
    # --- tags
    load("tags", "a: !!str 123\nb: !!int \"12\"\nc: !!float 1\nd: !!bool yes\ne: !!binary aGVsbG8=\nf: !custom foo\ng: !!null ''\nh: !!timestamp 2001-01-01\ni: !!str yes\nj: !!seq [1]\nk: !!map {a: 1}\nl: ! 12\n")
    load("binary with invalid utf-8", "a: !!binary /+7/\n")
    # --- documents
    load("two documents merged", "a: 1\n---\nb: 2\n")
    load("later document overrides", "a: 1\nm: {x: 1, y: 1}\nl: [1]\n---\na: 2\nm: {y: 2}\nl: [2]\n")
    load("document separator with comment", "a: 1\n--- # next\nb: 2\n")
    load("separator line with content is dropped", "a: 1\n--- {b: 2}\nc: 3\n")
    load("leading separator and empty documents", "---\n---\na: 1\n---\n")
    load("null document", "a: 1\n---\n~\n")
    load("document end marker", "a: 1\n...\n")
    load("four dashes line", "a: 1\n----\nb: 2\n")
    load("empty file", "")
    load("comments only", "# just a comment\n\n")
    # --- structure
    load("flow collections", "a: {b: 1, c: [1, 2, {d: e}]}\nf: []\ng: {}\n")
    load("nested lists of maps", "l:\n- a: 1\n  b: [x, y]\n- - 1\n  - 2\n- {c: 3}\n- []\n")
    load("indented sequences", "a:\n  - 1\n  - 2\nb:\n- 3\n")
    load("deep nesting", "a: " + "[" * 100 + "1" + "]" * 100 + "\n")
    load("comments everywhere", "# head\na: 1 # trailing\nb: # before value\n  c: 2\n# end\n")
    load("explicit document start with content", "--- \na: 1\n")
    load("directives", "%YAML 1.1\n---\na: 1\n")

    # --- errors
    def err(name, values):
        c.append({"name": name, "group": "error", "values": values, "template": LOAD})

    err("tab indentation", "a:\n\tb: 1\n")
    err("mapping values not allowed", "a: b: c\n")
    err("mapping values not allowed on line 3", "x: 1\ny: 2\na: b: c\n")
    err("unclosed double quote", "a: \"x\nb: 1\n")
    err("unclosed flow sequence", "a: [1, 2\nb: 1\n")
    err("unclosed flow mapping", "a: {b: 1\n")
    err("null key", "null: 1\n")
    err("tilde key with map value", "a:\n  ~: {b: 1}\n")
    err("null key with string value", "~: x\n")
    err("infinity", "a: .inf\n")
    err("negative infinity", "a: -.Inf\n")
    err("nan", "a: .nan\n")
    err("unknown alias", "a: *nope\n")
    err("int tag on text", "a: !!int abc\n")
    err("invalid base64", "a: !!binary '###'\n")
    err("root sequence", "- a\n- b\n")
    err("root string", "hello\n")
    err("root number", "42\n")
    err("sequence then key", "a:\n  - b\n  c: d\n")
    err("self-referencing anchor", "a: &a [*a]\n")
    err("alias bomb", "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n")
    err("unterminated single quote", "a: 'x\n")
    err("at sign", "a: @x\n")
    err("backtick", "a: `x\n")
    err("bad indentation", "a:\n  b: 1\n c: 2\n")
    err("merge of a scalar", "a:\n  <<: 1\n")
    err("sequence as key", "? [a, b]\n: c\n")
    err("uint64 key", "12345678901234567890: x\n")
    err("error in second document", "a: 1\n---\nb: c: d\n")
    err("could not find expected colon", "a: 1\nb\nc: 2\n")
    err("tab after key", "a:\t1\nb:\n\t- x\n")
    err("non-map second document", "a: 1\n---\n- x\n")
    err("did not find expected key", "a:\n  b: 1\n  - c\n")
    err("block sequence in flow", "a: [- b]\n")

    # --- emitter (toYaml / toYamlPretty / toJson of .Values.x)
    strings = ["yes", "on", "0123", "1.0", "", "a: b", "x ", "*x", "héllo ✓ 😀", "a\nb\n\n", "a\nb",
               "a\nb\n", " leading", "trailing ", "tab\there", "# comment", "- dash", "-dash", "key:",
               ":colon", "a #b", "a#b", "@at", "`tick", "100%", "%pct", "null", "~", "true", "1e3", "0x1F",
               "1_000", "2024-01-01", "1:20", "+1", ".5", "1.", "-", "---", "...", "'quoted'", "\"dq\"",
               "back\\slash", "\u00a0nbsp", "\u0085nel", "a\u2028b", "\ufeffbom", "é", "日本語", "y", "N",
               "Off", "<b>&amp;</b>", "a\tb\nc", "a \nb", "  a\nb", "\n", "\n\n", "a\n\n", "a\r\nb",
               "x\x01y", "{a}", "[a]", "a,b", "?x", "? x", "!tag", "&anchor", "|", ">", "a'b", "a\"b",
               "=", "<<", "12:30:45", "0.", "1e", "0o17", "0b101", ".inf", "-.inf", ".nan", "NaN",
               "x" * 90, ("word " * 25).strip(), ("w " * 60).strip(), "long line " * 9 + "end 😀 x" * 3,
               ("a b " * 30) + "\n" + ("c d " * 30), "x:" + " y" * 50, "trailing spaces  \nnext",
               ("quote\" " * 20).strip(), "a\n b\n  c", "last\n\n\n", "\ttab first"]
    for s in strings:
        emit("string %r" % s, "x: %s\n" % json.dumps(s, ensure_ascii=False))
    numbers = ["1000000", "1e21", "0.000001", "1.5", "-0.0", "12345678901234567890", "1e20", "123456789",
               "0.1", "100", "-5", "1e-7", "2.5e-10", "1e+100", "0", "3.0", "9007199254740993",
               "18446744073709551615", "1.7976931348623157e308", "5e-324", "true", "false", "null"]
    for n in numbers:
        emit("scalar %s" % n, "x: %s\n" % n)
    emit("nested collections", "x: {a: [1, {b: [x, y]}, [1, 2]], c: {}, d: [], e: {f: {g: null}}}\n")
    emit("list of maps", "x:\n- name: a\n  value: 1\n- name: b\n  items: [1, 2]\n")
    emit("keys needing quotes", "x: {\"yes\": 1, \"1\": 2, \"a: b\": 3, \"\": 4, \"-x\": 5, \" x\": 6, \"with space\": 7, \"on\": 8, \"1.0\": 9, \"null\": 10, \"#c\": 11, \"a\\nb\": 12, \"é\": 13}\n")
    emit("key order", "x: {a10: 1, a2: 2, a1: 3, B: 4, b: 5, _x: 6, \"1\": 7, \"10\": 8, \"2\": 9, ä: 10, a01: 11, a001: 12, \"x1y\": 13, \"x10\": 14, \"x1\": 15, A: 16, \"a-b\": 17, \"a_b\": 18, \"a.b\": 19, ab: 20, \"a\": 21, \"Z9\": 22, \"z\": 23}\n")
    emit("nested lists", "x: [[1, 2], [3], [], [[4]]]\n")
    emit("list of empty map", "x: [{}, [], null, \"\"]\n")
    emit("map in list in map", "x: {a: [{b: {c: [1]}}]}\n")
    emit("long key", "x: {%s: 1}\n" % ("k" * 130))
    emit("multi-line in list", "x: [\"a\\nb\", \"c\\n\", \"d\"]\n")
    emit("multi-line nested", "x: {a: {b: \"line1\\nline2\\n\"}, l: [[\"x\\ny\"]]}\n")
    emit("long string in list and nested map", "x: [\"%s\", {k: \"%s\"}]\n" % ("aaa bbb " * 15, "ccc ddd " * 15))
    emit("root string", "x: hello\n")
    emit("whole values", "x: {image: {repository: nginx, tag: \"1.25\"}, replicas: 3, ports: [80, 443], env: [{name: A, value: \"1\"}], enabled: yes}\n")
    # more emitter shapes: folding at 80 columns in nested contexts, quoting, keys
    w = "abcdefghi "
    emit("fold at depth", "x: {a: {b: {c: \"%s\"}}, l: [[\"%s\"]]}\n" % ((w * 12).strip(), (w * 12).strip()))
    emit("fold single quoted", "x: \"%s\"\n" % ("'q' " * 30).strip())
    emit("fold double quoted with escapes", "x: \"%s\"\n" % ("tab\\there  two  spaces " * 6).strip())
    emit("fold leading space", "x: \" %s\"\n" % (w * 10).strip())
    emit("fold boundary 79 80 81", "x: {a: \"%s\", b: \"%s\", c: \"%s\"}\n" % ("x" * 75 + " yy", "x" * 76 + " yy", "x" * 77 + " yy"))
    emit("long keys", "x: {%s: 1, %s: 2, \"%s\": 3}\n" % ("k" * 128, "j" * 129, ("long key " * 12).strip()))
    emit("multi-line key", "x: {\"a\\nb\": 1, \"c\\n\": [1]}\n")
    emit("block scalar shapes", "x: [\"a\\n  \", \"a\\n b\", \"  a\\nb\", \" a\\n\", \"a\\n\\n\\nb\", \"a\\t\\nb\", \"x\\n\\u00e9\\n\"]\n")
    emit("floats", "x: [1e6, 1.0e-5, 123456.789, 0.30000000000000004, 1e15, 1.5e300, 1e-5, 100000.5, 1234567.0, -1e21, 2e-7, 0.5]\n")
    emit("float keys and values in map", "x: {a: 1e6, b: 1000000, c: 1.5e6}\n")
    emit("nested empty", "x: {a: {}, b: [], c: [{}], d: [[]], e: {f: []}}\n")
    emit("sequence of sequences of maps", "x: [[{a: 1, b: 2}, {c: 3}], [{d: [4]}]]\n")
    emit("unicode keys and values", "x: {é: ü, 日本: 語, \"😀\": \"ok 😀\", \"\\u00a0\": nbsp}\n")
    # (go-yaml's key order is not transitive for some sets, e.g. "1" < "01" < "0x1" < "1": Helm's
    # output then depends on Go's random map order, so such sets are left out.)
    emit("numeric-looking keys", "x: {\"1\": a, \"01\": b, \"1.5\": c, \"1e3\": d, \"true\": f, \"~\": g, \"-1\": h}\n")
    for lit, spec in [
        ('(dict "a" 1 "b" 2.5 "c" (list 1 "x" true) "d" nil)',
         {"map": [["a", {"int": 1}], ["b", {"float": 2.5}], ["c", {"seq": [{"int": 1}, {"str": "x"}, {"bool": True}]}], ["d", None]]}),
        ('(dict "big" 1000000 "neg" -5 "f" 1e6)',
         {"map": [["big", {"int": 1000000}], ["neg", {"int": -5}], ["f", {"float": 1000000.0}]]}),
        ('(list "yes" "on" "" "a: b")',
         {"seq": [{"str": "yes"}, {"str": "on"}, {"str": ""}, {"str": "a: b"}]}),
        ('(dict "z" (dict) "a" (list))', {"map": [["z", {"map": []}], ["a", {"seq": []}]]}),
    ]:
        c.append({"name": "template literal %s" % lit, "group": "go",
                  "values": "", "go": spec,
                  "template": "{{ toYaml %s }}%s{{ toYamlPretty %s }}%s{{ toJson %s }}" % (lit, SEP, lit, SEP, lit)})
    more_errors = [
        ("text after quoted scalar", "a: 'x' y\n"),
        ("sequence after mapping", "- a\nb: c\n"),
        ("misindented sequence", "a:\n- b\n - c\n"),
        ("tab in block scalar", "a: |\n\tx\n"),
        ("unknown escape", "a: \"\\z\"\n"),
        ("short unicode escape", "a: \"\\u12\"\n"),
        ("raw control character", "a: \"x\x01\"\n"),
        ("extra closing brace", "{a: 1}}\n"),
        ("stray closing bracket", "a: ]\n"),
        ("stray closing brace", "a: }\n"),
        ("alias without name", "a: *\n"),
        ("mapping in plain continuation", "a: b\n  c: d\n"),
        ("dash without space then key", "- a\n-b: c\n"),
        ("unclosed flow in list", "l:\n  - [a, b\n  - c\n"),
        ("key with tab indentation in list", "l:\n  - a: 1\n\t b: 2\n"),
        ("percent start", "a: %x\n"),
        ("anchor on alias", "a: &x 1\nb: &y *x\n"),
        ("deeply nested flow", "a: " + "[" * 20000 + "]" * 20000 + "\n"),
        ("null key reported before infinity", "x: .inf\n~: 1\n"),
        ("unknown alias reported before null key", "~: 1\ny: *nope\n"),
        ("syntax error before bad separator", "a: [\n---\nb: 1\n--- x\n"),
        ("unclosed flow sequence at end", "a: [1, 2\n"),
        ("unclosed flow mapping at end", "a: {b: 1\n"),
        ("empty flow sequence opener", "a: [\n"),
        ("tab-only line after plain scalar", "a: 1\n\t\nb: 2\n"),
        ("tab before comment line", "a: 1\n\t# c\nb: 2\n"),
        ("tab before top-level key", "\ta: 1\n"),
        ("tab before top-level key after comments", "# c\n\n\tb: 1\n"),
        ("tab after spaces before key", "a: 1\n  \tb: 2\n"),
        ("tab-only line in nested map", "a:\n  b: 1\n\t\n  c: 2\n"),
        ("tab-only line in block scalar", "a: |\n  x\n\t\n  y\n"),
        ("tab after a sequence dash", "l:\n-\tx\n"),
        ("leading separator counts in line numbers", "---\nx: 1\na: b: c\n"),
        ("tab before key after a comment line", "a: false\n\n# note\n\tb: 1\n"),
        ("anchor with quote characters", "a: &\"x\" 1\n"),
        ("alias with quote characters", "a: &x 1\nb: *\"x\"\n"),
        ("tab inside a line after a key", "a:\n  b: 1\n  c\td: 2\n"),
        ("block scalar indicator followed by text", "a: | x\n"),
        ("tab before value after colon in nested map", "a:\n  b:\t1\n"),
        # What follows a quoted scalar on its line: libyaml scans it as the next token.
        ("block scalar header after quoted scalar", "a: b\nc: \"x\"|y\n"),
        ("folded header after single-quoted scalar", "a: 'x'>-y\n"),
        ("bare block header after quoted scalar", "a: \"x\" |  # c\n"),
        ("zero indentation indicator after quoted scalar", "a: \"x\" |0\n"),
        ("plain text after quoted scalar in a sequence", "l:\n  - \"x\" y\n"),
        ("block header after quoted scalar in a sequence", "- a\n- \"x\"|y\n"),
        ("text after quoted scalar in flow sequence", "a: [\"x\" y]\n"),
        ("text after quoted scalar in flow mapping", "a: {b: \"x\" y}\n"),
        ("block header after quoted scalar in flow", "a: [\"x\"|y]\n"),
        ("dash after quoted scalar", "a: 'x' - y\n"),
        ("question mark after quoted scalar", "a: 'x' ? y\n"),
    ]
    for name, v in more_errors:
        c.append({"name": name, "group": "error", "values": v, "template": LOAD})
    more_loads = [
        # Block scalars at the very end of a text without a final line break: libyaml keeps only
        # the breaks that are there.
        ("literal at end without newline", "a: |\n  k: v"),
        ("folded at end without newline", "a: >\n  k\n\n  v"),
        ("keep at end without newline", "a: |+\n  k: v\n\n  "),
        ("clip at end with trailing indentation", "a: |\n  k: v\n  "),
        ("literal in a list at end without newline", "l:\n- |\n  k: v"),
        ("colons in plain scalars", "url: http://x:80/y\na:b: c\nt: 12:30\nw: C:\\dir\n"),
        ("comment after quoted", "a: 'b' # c\nb: \"x\" #y\n"),
        ("dash values", "a: -\nb: --\nc: - \nd: -1-\n"),
        ("empty flow entries", "a: [a, , b]\n"),
        ("explicit keys", "? a\n: 1\n? b\n"),
        ("anchored empty value", "a: &x\nb: *x\n"),
        ("tags verbatim and local", "a: !<tag:yaml.org,2002:str> 1\nb: !!int 0x10\nc: !!float \"1e3\"\n"),
        ("tag directive", "%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n"),
        ("block chomping indicators", "a: |+\n  x\n\n\nb: >+\n  y\n\nc: |-\n\n  z\n\n"),
        ("folded with indented lines", "a: >\n  one\n    two\n  three\n\n  four\n"),
        ("plain scalar with hash", "a: b#c\nb: c # d\n"),
        ("merge overriding nested", "base: &b {m: {x: 1}, l: [1]}\nd:\n  <<: *b\n  m: {y: 2}\n"),
        ("merge list order", "a: &a {k: a}\nb: &b {k: b}\nc: {<<: [*a, *b]}\nd: {<<: [*b, *a]}\n"),
        ("windows line endings with block scalar", "a: |\r\n  x\r\n  y\r\nb: 1\r\n"),
        ("keys that are numbers in nested maps", "m:\n  1: one\n  2.0: two\n  0x3: three\n  yes: four\n"),
        ("big document", "".join("k%d: {a: [%d, \"s%d\"], b: v%d}\n" % (i, i, i, i) for i in range(300))),
        ("deep nesting 200 blocks", "".join("  " * i + "k%d:\n" % i for i in range(200)) + "  " * 200 + "v\n"),
        ("single document marker only", "---\n"),
        ("document with only null", "~\n"),
        ("space before colon", "a : 1\nb  :  2\n"),
        ("quoted keys with escapes", "\"a\\tb\": 1\n'c''d': 2\n"),
        ("indented first line ends the document", "   a: 1\nb: 2\n"),
        ("anchor names with dashes and underscores", "a: &my-anchor_1 {x: 1}\nb: *my-anchor_1\n"),
        ("carriage returns only", "a: 1\rb:\r  c: 2\r"),
        ("byte order mark after a document separator", "a: 1\n---\n\ufeffb: 2\n"),
        ("emoji and astral keys", "\"😀\": 1\n𝔘: 2\n"),
        ("key of 1100 characters", "%s: 1\n" % ("k" * 1100)),
        ("value of 5000 characters", "a: %s\n" % ("v" * 5000)),
        ("multi-line simple key in flow", "{a\n b: 1}\n"),
        ("tab inside flow collection", "l: [1,\n\t2]\nm: {a: 1,\t b: 2}\n"),
        ("tab inside quoted scalar continuation", "a: \"x\n\ty\"\n"),
        ("trailing tab after value", "a: 1\t\nb: x\t# c\n"),
        ("flow collection closed at the key's indentation", "vault:\n  server:\n    args: [\n      \"server\",\n      \"-dev\"\n    ]\n    x: 1\n"),
        ("flow content at column 0", "a: [\n  1,\n  2\n]\nb: {\nc: 1\n}\nd: [a,\nb, [c,\nd]]\n"),
        ("quoted scalar continuation at the key's indentation", "l:\n- name: X\n  value: \"\n  -Dx=db\n    \"\n- name: Y\n  v: 'a\n  b'\nk: \"x\ny\"\n"),
    ]
    for name, v in more_loads:
        load(name, v)
    # fromYaml: sigs.k8s.io/yaml Unmarshal of one string (first document only, no splitting);
    # errors come back inside the map as "Error".
    from_yaml = [
        ("plain map", "a: 1\nb: yes\nd: 010\n"),
        ("two documents keep the first", "a: 1\n---\nb: 2\n"),
        ("syntax error", "a: b: c\n"),
        ("tab", "a:\n\tb: 1\n"),
        ("list document", "- 1\n- 2\n"),
        ("empty", ""),
        ("null key", "~: 1\n"),
        ("merge and anchors", "a: &a {x: 1}\nb: {<<: *a, y: 2}\n"),
        ("error in second document is ignored", "a: 1\n---\nb: c: d\n"),
        ("document start marker", "--- \na: 1\n"),
    ]
    for name, s in from_yaml:
        c.append({"name": "fromYaml " + name, "group": "fromYaml", "values": "s: %s\n" % json.dumps(s),
                  "template": "{{ fromYaml .Values.s | toJson }}"})
    from_yaml_array = [
        ("list", "- 1\n- yes\n- {a: 010}\n"),
        ("map document", "a: 1\n"),
        ("syntax error", "- [\n"),
        ("empty", ""),
        ("scalar", "hello\n"),
    ]
    for name, s in from_yaml_array:
        c.append({"name": "fromYamlArray " + name, "group": "fromYamlArray",
                  "values": "s: %s\n" % json.dumps(s),
                  "template": "{{ fromYamlArray .Values.s | toJson }}"})
    return c


def run_case(helm, case):
    d = tempfile.mkdtemp(prefix="cwyaml")
    try:
        chart = os.path.join(d, "c")
        os.makedirs(os.path.join(chart, "templates"))
        with open(os.path.join(chart, "Chart.yaml"), "w") as f:
            f.write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        with open(os.path.join(chart, "values.yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(case["values"])
        with open(os.path.join(chart, "templates", "NOTES.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(case["template"])
        p = subprocess.run([helm, "install", "r", chart, "--dry-run=client", "-o", "json"],
                           capture_output=True, timeout=120)
        out = dict(case)
        if p.returncode == 0:
            out["output"] = json.loads(p.stdout.decode("utf-8"))["info"]["notes"]
        else:
            out["error"] = p.stderr.decode("utf-8", "replace").strip()
        return out
    finally:
        shutil.rmtree(d, ignore_errors=True)


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def record_corpus(helm, version):
    corpus = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "charts")
    files = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        if "values.yaml" in filenames:
            files.append(os.path.join(dirpath, "values.yaml"))
        if os.path.basename(dirpath) == "ci":
            files.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".yaml"))
    template = "{{ toJson .Values }}" + SEP + "{{ toYaml .Values }}" + SEP + "{{ toYamlPretty .Values }}"

    def one(path):
        with open(path, "r", encoding="utf-8", errors="surrogateescape", newline="") as f:
            text = f.read()
        r = run_case(helm, {"values": text, "template": template})
        entry = {"path": os.path.relpath(path, corpus)}
        if "output" in r:
            parts = r["output"].split(SEP)
            entry["digests"] = [fnv1a64(p.encode("utf-8")) for p in parts]
        else:
            entry["error"] = r["error"]
        return entry

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        entries = list(pool.map(one, files))
    out = os.path.join(ROOT, "testdata", "yaml", "corpus.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"helm_version": version, "corpus": "../shared/corpus/charts",
                   "digest": "FNV-1a 64 of the UTF-8 bytes",
                   "outputs": ["toJson .Values", "toYaml .Values", "toYamlPretty .Values"],
                   "files": entries}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    print("%s: %d corpus values files -> %s" % (version, len(entries), out))


def main():
    helm = helm_binary()
    version = subprocess.run([helm, "version", "--short"], capture_output=True, text=True,
                             check=True).stdout.strip()
    if "--corpus" in sys.argv[1:]:
        return record_corpus(helm, version)
    todo = cases()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: run_case(helm, c), todo))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"helm_version": version,
                   "recorded_with": "helm install r CHART --dry-run=client -o json (.info.notes)",
                   "separator": SEP,
                   "cases": results}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    ok = sum(1 for r in results if "output" in r)
    print("%s: %d cases (%d rendered, %d errors) -> %s" % (version, len(results), ok,
                                                           len(results) - ok, OUT))


if __name__ == "__main__":
    sys.exit(main())
