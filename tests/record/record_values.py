#!/usr/bin/env python3
"""Records how the real helm computes .Values for a chart and its subcharts.

For every case this script writes a chart tree (parent + subcharts, values, Chart.yaml
dependencies with conditions, tags, aliases, import-values, values.schema.json) and input files
under testdata/values/cases/NAME/, runs `helm template r chart FLAGS` there (-f, --set family,
--skip-schema-validation), and stores in testdata/values/cases.json, for each rendered chart,
`toJson .Values` and the Go type of every value (`%T`, walked recursively), or Helm's error
text, plus the warnings Helm logged. server/values/tests/values/helm_values.rs loads the same charts
with cw-chart and compares.

Usage: python3 tests/record/record_values.py   (uses $HELM, else installs helm into .tools/helm4)

With --corpus, records instead, for every chart of the shared corpus (../shared/corpus; library
root charts excluded, as Helm refuses to render them) and each of its ci/*-values.yaml files,
FNV-1a 64 digests of `toJson .Values` and of the type walk for the root and every rendered
subchart, or Helm's error, into testdata/values/corpus.json. Each chart is copied to a
temporary directory where every chart's templates/ is replaced by the dump template, so
nothing but the values layer decides the output.
"""
import tempfile
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "testdata", "values")
CASES_DIR = os.path.join(OUT_DIR, "cases")

WALK = """{{- define "cw.walk" -}}
{{- $p := index . 0 -}}{{- $v := index . 1 -}}
{{- $p }}={{ printf "%T" $v }};
{{- if kindIs "map" $v -}}{{- range $k, $x := $v -}}{{- include "cw.walk" (list (printf "%s/%s" $p $k) $x) -}}{{- end -}}{{- end -}}
{{- if kindIs "slice" $v -}}{{- range $i, $x := $v -}}{{- include "cw.walk" (list (printf "%s/%d" $p $i) $x) -}}{{- end -}}{{- end -}}
{{- end -}}
"""
SHOW = """# VALUES {{ toJson .Values }}
# TYPES {{ include "cw.walk" (list "" .Values) }}
"""


def helm_binary():
    if os.environ.get("HELM"):
        return os.environ["HELM"]
    out = subprocess.run(
        ["bash", "../shared/tools/install-helm", ".tools/helm4"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def chart_yaml(name, version="0.1.0", deps=None, extra=""):
    s = "apiVersion: v2\nname: %s\nversion: %s\n" % (name, version)
    if deps is not None:
        if not deps:
            s += "dependencies: []\n"
        else:
            s += "dependencies:\n"
            for d in deps:
                s += "- name: %s\n" % d["name"]
                if d.get("version", "0.1.0") is not None:
                    s += "  version: \"%s\"\n" % d.get("version", "0.1.0")
                for k in ("alias", "condition"):
                    if k in d:
                        s += "  %s: %s\n" % (k, d[k])
                if "tags" in d:
                    s += "  tags: %s\n" % json.dumps(d["tags"])
                if "import-values" in d:
                    s += "  import-values: %s\n" % json.dumps(d["import-values"])
    return s + extra


class Case:
    def __init__(self, name, files, flags=(), inputs=None, note=""):
        self.name = name
        self.files = files  # path under chart/ -> text
        self.flags = list(flags)
        self.inputs = inputs or {}  # path under the case dir -> text
        self.note = note


def chart(values="", deps=None, subs=None, schema=None, name="p", version="0.1.0"):
    """A parent chart `name` with the given values and subcharts.

    subs: {dir name: dict(name=, version=, values=, deps=, subs=, schema=)} placed under charts/.
    """
    files = {}

    def put(prefix, cname, cversion, cvalues, cdeps, csubs, cschema, root):
        files[prefix + "Chart.yaml"] = chart_yaml(cname, cversion, cdeps)
        if cvalues is not None:
            files[prefix + "values.yaml"] = cvalues
        files[prefix + "templates/values.yaml"] = SHOW
        if root:
            files[prefix + "templates/_walk.tpl"] = WALK
        if cschema is not None:
            files[prefix + "values.schema.json"] = cschema
        for d, s in (csubs or {}).items():
            put(prefix + "charts/" + d + "/", s.get("name", d), s.get("version", "0.1.0"),
                s.get("values", ""), s.get("deps"), s.get("subs"), s.get("schema"), False)
            if d == "lib":
                files[prefix + "charts/" + d + "/Chart.yaml"] += "type: library\n"

    put("", name, version, values, deps, subs, schema, True)
    return files


def cases():
    c = []

    def add(name, files, flags=(), inputs=None):
        c.append(Case(name, files, flags, inputs))

    # ---- chart defaults and their types
    add("defaults_types", chart("i: 1\nf: 1.5\nbig: 1000000\nb: true\ns: str\nnul: null\n"
                                "l: [1, a, null, {x: 1}]\nm: {a: {b: 2}}\nempty: {}\nel: []\n"))
    add("defaults_yaml11", chart("yes_: yes\non_: on\noct: 010\nhex: 0x1F\nver: 1.10\nexp: 1e3\n"
                                 "date: 2024-01-01\ny: 1\n"))
    add("defaults_multidoc", chart("a: 1\nm: {x: 1, y: 2}\n---\nb: 2\nm: {y: 3}\n"))
    add("defaults_empty_file", chart(""))
    add("defaults_only_comments", chart("# nothing\n"))

    base = "image: {repository: nginx, tag: '1.0', pullPolicy: IfNotPresent}\nlist: [1, 2, 3]\n" \
           "keep: k\nm: {a: 1, b: {c: 2}}\n"
    # ---- -f files
    add("file_override", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "image: {tag: '2.0'}\nlist: [9]\nnew: n\n"})
    add("file_null_deletes", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "keep: null\nimage: {pullPolicy: null}\nm: {b: null}\n"})
    add("file_null_unknown_key_kept", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "m: {x: null}\nfresh: null\n"})
    add("file_two_files_order", chart(base), ["-f", "a.yaml", "-f", "b.yaml"],
        {"a.yaml": "keep: a\nm: {a: 10, z: 1}\n", "b.yaml": "keep: b\nm: {a: 20}\n"})
    add("file_table_over_scalar", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "keep: {x: 1}\n"})
    add("file_scalar_over_table", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "m: 5\n"})
    add("file_nested_scalar_over_table", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "m: {b: 5}\n"})
    add("file_nested_table_over_scalar", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "m: {a: {deep: 1}}\n"})
    add("file_multidoc", chart(base), ["-f", "over.yaml"],
        {"over.yaml": "keep: one\n---\nkeep: two\nm: {a: 3}\n"})
    add("file_empty", chart(base), ["-f", "over.yaml"], {"over.yaml": ""})
    add("file_not_a_map", chart(base), ["-f", "over.yaml"], {"over.yaml": "- 1\n- 2\n"})
    add("file_bad_yaml", chart(base), ["-f", "over.yaml"], {"over.yaml": "a: [1\n"})
    add("file_list_of_maps_replaced", chart("l: [{a: 1, b: 2}]\n"), ["-f", "over.yaml"],
        {"over.yaml": "l: [{a: 5}]\n"})

    # ---- --set typing
    add("set_typing", chart("x: 0\n"), ["--set",
        "n=10,o=010,f=1.50,e=1e6,t=true,T=TRUE,fa=False,z=0,neg=-5,plus=+5,"
        "big=99999999999999999999,nul=null,Nul=NULL,s=hello,zz=00,minus0=-0,sp= x "])
    add("set_empty_value", chart(""), ["--set", "a="])
    add("set_empty_then_more", chart(""), ["--set", "a=,b=1"])
    add("set_nested", chart("a: {b: {keep: 1}}\n"), ["--set", "a.b.c=1,a.d=x"])
    add("set_list_index", chart(""), ["--set", "a[0]=x,a[2]=y"])
    add("set_list_of_maps", chart(""), ["--set", "a[0].b=1,a[0].c=2,a[1].b=3"])
    add("set_list_braces", chart(""), ["--set", "a={x,y,1,true}"])
    add("set_list_braces_empty", chart(""), ["--set", "a={}"])
    add("set_list_braces_then_key", chart(""), ["--set", "a={x,y},b=2"])
    add("set_escapes", chart(""), ["--set", "a\\.b=1,c=x\\,y,d\\=e=2"])
    add("set_null_deletes", chart(base), ["--set", "keep=null,image.tag=null"])
    add("set_nested_list", chart(""), ["--set", "a[1][0]=x,a[1][1]=y"])
    add("set_list_replaces_default", chart(base), ["--set", "list[1]=9"])
    add("set_overrides_file", chart(base), ["-f", "over.yaml", "--set", "keep=set"],
        {"over.yaml": "keep: file\n"})
    add("set_string", chart(""), ["--set-string", "n=10,b=true,nul=null,l={1,2}"])
    add("set_then_set_string", chart(""), ["--set", "a=1", "--set-string", "a=1"])
    add("set_multiple_flags", chart(""), ["--set", "a=1", "--set", "a=2,b=3"])
    add("set_map_over_scalar_default", chart("m: str\n"), ["--set", "m.a=1"])
    add("set_scalar_over_map_default", chart("m: {a: 1}\n"), ["--set", "m=5"])
    add("set_json_values", chart(""), ["--set-json",
        'j=10,k={"a":[1,2.5,"x",null,true]},n=null,s="str",e=,l=[]'])
    add("set_json_list_index", chart(""), ["--set-json", 'a[0]={"x":1},a[1]=2'])
    add("set_json_object_form", chart("m: {keep: 1}\n"), ["--set-json", '{"m":{"a":1},"b":[1]}'])
    add("set_json_then_set", chart(""), ["--set-json", "a=1", "--set", "a=2"])
    add("set_file", chart(""), ["--set-file", "f=inputs/file.txt,g=inputs/other.txt"],
        {"inputs/file.txt": "line1\nline2\n", "inputs/other.txt": "42"})
    add("set_literal", chart(""), ["--set-literal", "k=a,b=c\\d{x}", "--set-literal", "m.n=1"])
    add("set_literal_list", chart(""), ["--set-literal", "l[1]=x,y"])
    add("set_order_all", chart(""), ["--set-literal", "a=lit", "--set", "a=set", "--set-string",
                                     "b=str", "--set-json", "b=1", "-f", "f.yaml"],
        {"f.yaml": "a: file\nb: file\nc: file\n"})
    add("set_index_out_of_order_map", chart(""), ["--set", "a[1].b=1,a[0]=x"])
    add("set_empty_key", chart(""), ["--set", "=1,a=2"])
    add("set_trailing_dot", chart(""), ["--set", "a."])
    add("set_unterminated_index", chart(""), ["--set", "a[0"])

    # ---- --set errors
    add("err_set_no_value", chart(""), ["--set", "a"])
    add("err_set_no_value_comma", chart(""), ["--set", "a,b=1"])
    add("err_set_bad_index", chart(""), ["--set", "a[x]=1"])
    add("err_set_negative_index", chart(""), ["--set", "a[-1]=1"])
    add("err_set_max_index", chart(""), ["--set", "a[70000]=1"])
    add("err_set_key_on_string", chart(""), ["--set", "a=1,a.b=2"])
    add("err_set_index_on_string", chart(""), ["--set", "a=1,a[0]=2"])
    add("err_set_unterminated_list", chart(""), ["--set", "a={x,y"])
    add("err_set_data_after_index", chart(""), ["--set", "a[0]x=1"])
    add("err_set_nested_too_deep", chart(""), ["--set", ".".join("k%d" % i for i in range(32)) + "=1"])
    add("err_set_key_map_no_value", chart(""), ["--set", "a.=1"])
    add("err_set_json_bad", chart(""), ["--set-json", "a={bad"])
    add("err_set_json_object_bad", chart(""), ["--set-json", '{"a":'])
    add("err_set_file_missing", chart(""), ["--set-file", "a=inputs/missing.txt"])
    add("err_set_string_no_value", chart(""), ["--set-string", "x"])
    add("err_set_literal_no_value", chart(""), ["--set-literal", "x"])

    # ---- subcharts
    sub = {"sub": {"values": "a: 1\nb: {c: 2, d: 3}\nl: [1, 2]\nn: null\n"}}
    d_sub = [{"name": "sub"}]
    add("sub_defaults", chart("x: 1\n", d_sub, sub))
    add("sub_parent_overrides", chart("sub: {a: 10, b: {c: 20}, l: [9]}\n", d_sub, sub))
    add("sub_parent_null_deletes", chart("sub: {a: null, b: {d: null}}\n", d_sub, sub))
    add("sub_user_overrides", chart("", d_sub, sub), ["--set", "sub.a=5,sub.b.c=null", "-f", "u.yaml"],
        {"u.yaml": "sub: {l: [7], new: 1}\n"})
    add("sub_undeclared", chart("x: 1\n", None, sub))
    add("sub_declared_empty_list", chart("x: 1\n", [], sub))
    add("sub_section_scalar", chart("sub: 5\n", d_sub, sub))
    add("sub_section_null_user", chart("", d_sub, sub), ["--set", "sub=null"])
    add("sub_section_null_parent", chart("sub: null\n", d_sub, sub))
    add("sub_table_vs_scalar", chart("sub: {b: 1, a: {x: 1}}\n", d_sub, sub))
    add("sub_values_only", chart("", d_sub, {"sub": {"values": "lib: 1\n"}}))

    # ---- globals
    gsub = {"sub": {"values": "global: {g1: sub, g3: sub, gm: {s: 1, both: sub}}\nown: 1\n"}}
    add("global_propagates", chart("global: {g1: parent, g2: parent, gm: {p: 1, both: parent}}\n",
                                   d_sub, gsub))
    add("global_from_user", chart("", d_sub, gsub), ["--set", "global.g1=user,global.gm.both=user"])
    add("global_only_sub", chart("x: 1\n", d_sub, gsub))
    add("global_parent_section", chart("global: {g1: parent}\nsub: {global: {g1: section, g4: s}}\n",
                                       d_sub, gsub))
    add("global_three_levels", chart(
        "global: {top: p}\n", d_sub,
        {"sub": {"values": "global: {mid: s}\n", "deps": [{"name": "subsub"}],
                 "subs": {"subsub": {"values": "global: {low: ss, top: ss}\nv: 1\n"}}}}))
    add("global_not_a_table", chart("global: 5\n", d_sub, gsub))
    add("global_sub_not_a_table", chart("global: {g: 1}\n", d_sub,
                                        {"sub": {"values": "global: x\n"}}))
    add("global_map_vs_scalar", chart("global: {gm: 1, gs: {x: 1}}\n", d_sub, gsub))
    add("global_null_in_user", chart("global: {a: 1, b: 2}\n", d_sub, gsub), ["--set", "global.a=null"])

    # ---- aliases
    asub = {"sub": {"values": "name: sub\nv: 1\n"}}
    add("alias_two", chart("one: {v: 10}\ntwo: {v: 20}\n",
                           [{"name": "sub", "alias": "one"}, {"name": "sub", "alias": "two"}], asub))
    add("alias_and_plain", chart("one: {v: 10}\nsub: {v: 30}\n",
                                 [{"name": "sub"}, {"name": "sub", "alias": "one"}], asub))
    add("alias_incompatible_version", chart("one: {v: 10}\n",
                                            [{"name": "sub", "alias": "one", "version": "^2.0.0"}],
                                            asub))
    add("alias_no_version", chart("one: {v: 10}\n",
                                  [{"name": "sub", "alias": "one", "version": None}], asub))
    add("alias_range_version", chart("one: {v: 10}\n",
                                     [{"name": "sub", "alias": "one", "version": ">=0.1.0 <1"}], asub))
    add("alias_condition", chart("one: {enabled: false}\ntwo: {enabled: true}\n",
                                 [{"name": "sub", "alias": "one", "condition": "one.enabled"},
                                  {"name": "sub", "alias": "two", "condition": "two.enabled"}], asub))

    # ---- conditions and tags
    csub = {"a": {"values": "v: a\n"}, "b": {"values": "v: b\n"}}
    add("cond_false", chart("a: {enabled: false}\n",
                            [{"name": "a", "condition": "a.enabled"}, {"name": "b"}], csub))
    add("cond_true", chart("a: {enabled: true}\n",
                           [{"name": "a", "condition": "a.enabled"}, {"name": "b"}], csub))
    add("cond_missing_path", chart("",
                                   [{"name": "a", "condition": "a.enabled"}, {"name": "b"}], csub))
    add("cond_non_bool", chart("a: {enabled: 'false'}\n",
                               [{"name": "a", "condition": "a.enabled"}, {"name": "b"}], csub))
    add("cond_list_first_wins", chart("x: {on: false}\ny: {on: true}\n",
                                      [{"name": "a", "condition": "missing.path,x.on,y.on"},
                                       {"name": "b", "condition": "y.on,x.on"}], csub))
    add("cond_list_space", chart("x: {e: false}\n",
                                 [{"name": "a", "condition": "nope.e, x.e"}, {"name": "b"}], csub))
    add("cond_set_disables", chart("a: {enabled: true}\n",
                                   [{"name": "a", "condition": "a.enabled"}, {"name": "b"}], csub),
        ["--set", "a.enabled=false"])
    add("cond_from_sub_defaults", chart("", [{"name": "a", "condition": "a.enabled"}, {"name": "b"}],
                                        {"a": {"values": "enabled: false\nv: a\n"}, "b": {"values": "v: b\n"}}))
    add("cond_global", chart("global: {a: false}\n",
                             [{"name": "a", "condition": "global.a"}, {"name": "b"}], csub))
    add("tags_false", chart("tags: {front: false}\n",
                            [{"name": "a", "tags": ["front"]}, {"name": "b", "tags": ["back"]}], csub))
    add("tags_any_true", chart("tags: {front: false, back: true}\n",
                               [{"name": "a", "tags": ["front", "back"]}, {"name": "b", "tags": ["front"]}],
                               csub))
    add("tags_condition_overrides", chart("tags: {front: false}\na: {enabled: true}\n",
                                          [{"name": "a", "tags": ["front"], "condition": "a.enabled"},
                                           {"name": "b", "tags": ["front"], "condition": "b.enabled"}],
                                          csub))
    add("tags_set_by_user", chart("", [{"name": "a", "tags": ["t1"]}, {"name": "b"}], csub),
        ["--set", "tags.t1=false"])
    add("tags_non_bool", chart("tags: {t1: 'no'}\n", [{"name": "a", "tags": ["t1"]}, {"name": "b"}], csub))
    add("tags_not_table", chart("tags: [t1]\n", [{"name": "a", "tags": ["t1"]}, {"name": "b"}], csub))
    add("cond_nested_subchart", chart(
        "", [{"name": "sub"}],
        {"sub": {"values": "inner: {enabled: false}\n",
                 "deps": [{"name": "inner", "condition": "inner.enabled"}, {"name": "other"}],
                 "subs": {"inner": {"values": "v: 1\n"}, "other": {"values": "v: 2\n"}}}}))
    add("cond_nested_parent_enables", chart(
        "sub: {inner: {enabled: true}}\n", [{"name": "sub"}],
        {"sub": {"values": "inner: {enabled: false}\n",
                 "deps": [{"name": "inner", "condition": "inner.enabled"}],
                 "subs": {"inner": {"values": "v: 1\n"}}}}))

    # ---- import-values
    isub = {"sub": {"values": "exports: {data: {port: 80, host: h}, other: {x: 1}}\n"
                              "cfg: {a: 1, deep: {b: 2}}\nl: [1]\n"}}
    add("import_exports", chart("", [{"name": "sub", "import-values": ["data"]}], isub))
    add("import_child_parent", chart("", [{"name": "sub", "import-values": [
        {"child": "cfg", "parent": "imported"}, {"child": "cfg.deep", "parent": "a.b"}]}], isub))
    add("import_parent_wins", chart("port: 1\nimported: {a: 100}\n", [{"name": "sub", "import-values": [
        "data", {"child": "cfg", "parent": "imported"}]}], isub))
    add("import_missing", chart("", [{"name": "sub", "import-values": ["nope", {"child": "x.y", "parent": "z"}]}],
                                isub))
    add("import_user_set_not_seen", chart("", [{"name": "sub", "import-values": ["data"]}], isub),
        ["--set", "sub.exports.data.port=9"])
    add("import_dot_parent", chart("", [{"name": "sub", "import-values": [{"child": "cfg", "parent": "."}]}],
                                   isub))
    add("import_alias", chart("", [{"name": "sub", "alias": "al", "import-values": ["data"]}], isub))
    add("import_grandchild", chart(
        "", [{"name": "sub", "import-values": [{"child": "fromgc", "parent": "top"}]}],
        {"sub": {"values": "x: 1\n",
                 "deps": [{"name": "gc", "import-values": [{"child": "v", "parent": "fromgc"}]}],
                 "subs": {"gc": {"values": "v: {deep: gc}\n"}}}}))
    add("import_disabled_sub", chart("sub: {enabled: false}\n",
                                     [{"name": "sub", "condition": "sub.enabled", "import-values": ["data"]}],
                                     isub))
    add("import_parent_override_of_child", chart("sub: {exports: {data: {port: 8080}}}\n",
                                                 [{"name": "sub", "import-values": ["data"]}], isub))
    add("import_nulls_kept", chart("", [{"name": "sub", "import-values": [{"child": "cfg", "parent": "imp"}]}],
                                   {"sub": {"values": "cfg: {a: null, b: 1}\nz: null\n"}}))

    # ---- nulls in subchart defaults
    add("sub_default_nulls", chart("", d_sub, {"sub": {"values": "a: null\nm: {b: null, c: 1}\n"}}))
    add("sub_default_nulls_undeclared", chart("", None, {"sub": {"values": "a: null\nm: {b: null, c: 1}\n"}}))
    add("parent_default_nulls", chart("a: null\nm: {b: null}\n"))
    add("parent_null_over_sub_map", chart("sub: {m: null}\n", d_sub,
                                          {"sub": {"values": "m: {x: 1}\n"}}))

    # ---- schemas
    def schema_case(name, values, schema, flags=(), inputs=None):
        add(name, chart(values, schema=json.dumps(schema)), flags, inputs)

    schema_case("schema_ok", "image: {tag: 'x'}\n",
                {"type": "object", "properties": {"image": {"properties": {"tag": {"type": "string"}}}}})
    schema_case("schema_type", "image: {tag: 1}\n",
                {"properties": {"image": {"properties": {"tag": {"type": "string"}}}}})
    schema_case("schema_type_multi", "a: 1.5\n", {"properties": {"a": {"type": ["string", "boolean"]}}})
    schema_case("schema_integer_ok", "a: 1.0\n", {"properties": {"a": {"type": "integer"}}})
    schema_case("schema_integer_bad", "a: 1.5\n", {"properties": {"a": {"type": "integer"}}})
    schema_case("schema_required_one", "a: 1\n", {"required": ["name"]})
    schema_case("schema_required_many", "a: 1\n", {"required": ["name", "a", "other"]})
    schema_case("schema_enum", "e: c\n", {"properties": {"e": {"enum": ["a", "b", 1, True, None]}}})
    schema_case("schema_enum_one", "e: c\n", {"properties": {"e": {"enum": ["a"]}}})
    schema_case("schema_const", "e: c\n", {"properties": {"e": {"const": "a"}}})
    schema_case("schema_minimum", "n: 0\nm: 100\nx: 5\n",
                {"properties": {"n": {"minimum": 1}, "m": {"maximum": 10.5},
                                "x": {"exclusiveMaximum": 5}}})
    schema_case("schema_strings", "s: ab\nt: abcdef\n",
                {"properties": {"s": {"minLength": 3}, "t": {"maxLength": 3, "pattern": "^z"}}})
    schema_case("schema_additional_false", "a: 1\nb: 2\nc: 3\n",
                {"properties": {"a": {}}, "additionalProperties": False})
    schema_case("schema_anyof", "x: 5\n",
                {"properties": {"x": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}}})
    schema_case("schema_oneof_none", "x: 5\n",
                {"properties": {"x": {"oneOf": [{"type": "string"}, {"minimum": 10}]}}})
    schema_case("schema_oneof_many", "x: 5\n",
                {"properties": {"x": {"oneOf": [{"type": "number"}, {"minimum": 1}]}}})
    schema_case("schema_not", "x: 5\n", {"properties": {"x": {"not": {"type": "number"}}}})
    schema_case("schema_arrays", "l: [1, 1, 2]\nm: []\n",
                {"properties": {"l": {"uniqueItems": True, "maxItems": 2, "items": {"maximum": 1}},
                                "m": {"minItems": 1}}})
    schema_case("schema_group", "image: {tag: 1, repo: 2}\n",
                {"properties": {"image": {"properties": {"tag": {"type": "string"},
                                                         "repo": {"type": "string"}}}}})
    schema_case("schema_ref", "a: {b: 1}\n",
                {"definitions": {"s": {"type": "string"}},
                 "properties": {"a": {"properties": {"b": {"$ref": "#/definitions/s"}}}}})
    schema_case("schema_multipleof", "n: 7\n", {"properties": {"n": {"multipleOf": 2}}})
    schema_case("schema_format_not_asserted", "e: not-an-email\n",
                {"properties": {"e": {"type": "string", "format": "email"}}})
    schema_case("schema_properties_count", "m: {a: 1}\nn: {a: 1, b: 2}\n",
                {"properties": {"m": {"minProperties": 2}, "n": {"maxProperties": 1}}})
    schema_case("schema_if_then", "kind: a\n",
                {"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["aconf"]}})
    schema_case("schema_set_int_ok", "", {"properties": {"n": {"type": "integer"}}}, ["--set", "n=5"])
    schema_case("schema_set_string_bad", "", {"properties": {"n": {"type": "integer"}}},
                ["--set-string", "n=5"])
    schema_case("schema_skip", "a: 1\n", {"properties": {"a": {"type": "string"}}},
                ["--skip-schema-validation"])
    schema_case("schema_null_value", "a: null\n", {"properties": {"a": {"type": "string"}}})
    schema_case("schema_global_seen", "", {"properties": {"global": {"type": "string"}}},
                ["--set", "global.x=1"])
    add("schema_invalid_json", chart("a: 1\n", schema="{not json"))
    add("schema_sub", chart("sub: {port: x}\n", d_sub,
                            {"sub": {"values": "port: 80\n",
                                     "schema": json.dumps({"properties": {"port": {"type": "integer"}}})}}))
    add("schema_sub_defaults_ok", chart("", d_sub,
                                        {"sub": {"values": "port: 80\n",
                                                 "schema": json.dumps({"required": ["port"]})}}))
    add("schema_parent_and_sub", chart("a: 1\nsub: {port: x}\n", d_sub,
                                       {"sub": {"values": "port: 80\n",
                                                "schema": json.dumps({"properties": {"port": {"type": "integer"}}})}},
                                       schema=json.dumps({"properties": {"a": {"type": "string"}}})))
    add("schema_alias_sub", chart("one: {port: x}\n", [{"name": "sub", "alias": "one"}],
                                  {"sub": {"values": "port: 80\n",
                                           "schema": json.dumps({"properties": {"port": {"type": "integer"}}})}}))
    add("schema_disabled_sub_skipped", chart("sub: {enabled: false, port: x}\n",
                                             [{"name": "sub", "condition": "sub.enabled"}],
                                             {"sub": {"values": "port: 80\n",
                                                      "schema": json.dumps({"properties": {"port": {"type": "integer"}}})}}))

    # ---- more schema shapes (v6's nesting of messages)
    schema_case("schema_nested_group", "a: {b: {c: 1, d: 2}}\n",
                {"properties": {"a": {"required": ["z"], "properties": {"b": {"properties": {
                    "c": {"type": "string"}, "d": {"type": "string"}}}}}}})
    schema_case("schema_group_flattened_at_top", "a: {b: {c: 1, d: 2}}\n",
                {"properties": {"a": {"properties": {"b": {"properties": {
                    "c": {"type": "string"}, "d": {"type": "string"}}}}}}})
    schema_case("schema_min_props_and_child", "image: {tag: 1}\n",
                {"properties": {"image": {"minProperties": 2, "properties": {"tag": {"type": "string"}}}}})
    schema_case("schema_type_stops_keywords", "a: {b: 1}\n",
                {"required": ["z"], "properties": {"a": {"properties": {"b": {"type": "string", "minimum": 5}}}}})
    schema_case("schema_items_each", "l: [1, x, 2]\n",
                {"properties": {"l": {"minItems": 5, "items": {"type": "string"}}}})
    schema_case("schema_items_only", "l: [1, x, 2]\n",
                {"properties": {"l": {"items": {"type": "string"}}}})
    schema_case("schema_allof", "a: 1\n",
                {"properties": {"a": {"allOf": [{"type": "string"}, {"minimum": 5}]}}})
    schema_case("schema_ref_sibling", "a: 1\n",
                {"properties": {"a": {"$ref": "#/$defs/x", "maximum": 0}}, "$defs": {"x": {"type": "string"}}})
    schema_case("schema_ref_group", "a: 1\n",
                {"properties": {"a": {"$ref": "#/$defs/x"}},
                 "$defs": {"x": {"maximum": 0, "multipleOf": 2}}})
    schema_case("schema_anyof_branch_group", "a: 1\n",
                {"properties": {"a": {"anyOf": [{"type": "number", "minimum": 5, "multipleOf": 2},
                                                {"type": "string"}]}}})
    schema_case("schema_oneof_branch_group", "a: 1\n",
                {"properties": {"a": {"oneOf": [{"minimum": 5, "maximum": 0}, {"type": "string"}]}}})
    schema_case("schema_additional_schema", "a: {x: 1, y: 2}\nb: 3\n",
                {"properties": {"b": {}}, "additionalProperties": {"additionalProperties": {"type": "string"}}})
    schema_case("schema_property_names", "ab: 1\n", {"propertyNames": {"maxLength": 1}})
    schema_case("schema_dependent_required", "a: 1\n", {"dependentRequired": {"a": ["b", "c"]}})
    schema_case("schema_enum_objects", "e: 1\n", {"properties": {"e": {"enum": [{"a": 1}, "x"]}}})
    schema_case("schema_const_number", "e: 1\n", {"properties": {"e": {"const": 5}}})
    schema_case("schema_exclusive_minimum", "e: 1\n", {"properties": {"e": {"exclusiveMinimum": 1}}})
    schema_case("schema_draft7", "a: [1, x]\n",
                {"$schema": "http://json-schema.org/draft-07/schema#",
                 "definitions": {"s": {"type": "string"}},
                 "properties": {"a": {"items": [{"$ref": "#/definitions/s"}], "additionalItems": False}}})
    schema_case("schema_pattern_unicode", "s: héllo\n", {"properties": {"s": {"pattern": "^[a-z]+$"}}})
    schema_case("schema_big_numbers", "n: 1000000\nf: 0.000001\n",
                {"properties": {"n": {"maximum": 10}, "f": {"minimum": 1.5}}})
    schema_case("schema_empty_file", "a: 1\n", {})
    add("schema_empty_text", chart("a: 1\n", schema=""))
    add("schema_trailing_garbage", chart("a: 1\n", schema="{} x"))
    add("schema_sub_invalid", chart("", d_sub, {"sub": {"values": "a: 1\n", "schema": "[1,"}}))

    # ---- globals: sharing quirks and nulls
    add("global_nested_shared", chart(
        "global: {a: {b: {c: 1}}}\n", [{"name": "s1"}, {"name": "s2"}],
        {"s1": {"values": "global: {a: {b: {d: 2}}}\n"}, "s2": {"values": "global: {a: {b: {e: 3}}}\n"}}))
    add("global_null_parent", chart("global: null\n", d_sub, gsub))
    add("global_null_sub", chart("global: {g: 1}\n", d_sub, {"sub": {"values": "global: null\n"}}))
    add("global_set_null", chart("global: {g: 1}\n", d_sub, gsub), ["--set", "global=null"])
    add("global_list_value", chart("global: {l: [1, 2]}\n", d_sub, {"sub": {"values": "global: {l: [3]}\n"}}))

    # ---- dependency matching corner cases
    add("deps_empty_list_nested_condition", chart(
        "", [], {"sub": {"values": "inner: {enabled: false}\n",
                         "deps": [{"name": "inner", "condition": "inner.enabled"}],
                         "subs": {"inner": {"values": "v: 1\n"}}}}))
    add("deps_undeclared_nested_condition", chart(
        "", None, {"sub": {"values": "inner: {enabled: false}\n",
                           "deps": [{"name": "inner", "condition": "inner.enabled"}],
                           "subs": {"inner": {"values": "v: 1\n"}}}}))
    add("deps_incompatible_condition_false", chart(
        "sub: {enabled: false}\n", [{"name": "sub", "version": "^9.0.0", "condition": "sub.enabled"}], sub))
    add("deps_incompatible_alias_condition_false", chart(
        "one: {enabled: false}\n",
        [{"name": "sub", "alias": "one", "version": "^9.0.0", "condition": "one.enabled"}], sub))
    add("tags_nested", chart(
        "tags: {deep: false}\n", [{"name": "sub"}],
        {"sub": {"values": "x: 1\n", "deps": [{"name": "inner", "tags": ["deep"]}],
                 "subs": {"inner": {"values": "v: 1\n"}}}}))
    add("tags_in_sub_defaults", chart(
        "", [{"name": "sub"}],
        {"sub": {"values": "tags: {deep: false}\n", "deps": [{"name": "inner", "tags": ["deep"]}],
                 "subs": {"inner": {"values": "v: 1\n"}}}}))
    add("cond_alias_nested", chart(
        "one: {inner: {on: false}}\n", [{"name": "sub", "alias": "one"}, {"name": "sub", "alias": "two"}],
        {"sub": {"values": "inner: {on: true}\n", "deps": [{"name": "inner", "condition": "inner.on"}],
                 "subs": {"inner": {"values": "v: 1\n"}}}}))
    add("set_alias_section", chart("", [{"name": "sub", "alias": "one"}], asub), ["--set", "one.v=5,sub.v=6"])

    # ---- import-values corners
    add("import_two_overlapping", chart(
        "", [{"name": "sub", "import-values": ["data", {"child": "exports.more", "parent": "."}]}],
        {"sub": {"values": "exports: {data: {m: {a: 1}}, more: {m: {b: 2}, x: 1}}\n"}}))
    add("import_exports_scalar", chart("", [{"name": "sub", "import-values": ["data"]}],
                                       {"sub": {"values": "exports: {data: 5}\n"}}))
    add("import_child_number", chart("", [{"name": "sub", "import-values": [{"child": 1, "parent": "p"}]}],
                                     {"sub": {"values": "\"1\": {a: 1}\n"}}))
    add("import_missing_keys", chart("", [{"name": "sub", "import-values": [{"child": "cfg"}]}],
                                     {"sub": {"values": "cfg: {a: 1}\n"}}))
    add("import_two_children", chart(
        "", [{"name": "s1", "import-values": ["data"]}, {"name": "s2", "import-values": ["data"]}],
        {"s1": {"values": "exports: {data: {k: s1, only1: 1}}\n"},
         "s2": {"values": "exports: {data: {k: s2, only2: 2}}\n"}}))

    # ---- values.yaml YAML features and more flags
    add("defaults_anchors", chart("base: &b {x: 1, y: 2}\nderived: {<<: *b, y: 3}\nlist: [*b]\n"))
    add("file_anchors_and_set_json", chart("m: {a: 1}\n"), ["-f", "f.yaml", "--set-json", '{"m":{"c":[1]}}'],
        {"f.yaml": "x: &x {k: v}\nm: {b: *x}\n"})
    add("set_json_spaces", chart(""), ["--set-json", 'a= [1, 2] , b = 3'])
    add("set_json_nested_null", chart("m: {a: 1, b: 2}\n"), ["--set-json", 'm={"a":null}'])
    add("set_unicode_keys", chart(""), ["--set", "ключ=значение,é.ü=1"])
    add("set_backslash", chart(""), ["--set", "a=x\\\\y,b=\\n"])
    add("set_list_then_map_index", chart(""), ["--set", "a[0]=1,a[0].b=2"])
    add("err_set_nested_list_on_scalar", chart(""), ["--set", "a[0]=1,a[0][0]=2"])
    add("set_string_braces_empty", chart(""), ["--set-string", "a={},b={,}"])
    add("set_literal_brackets", chart(""), ["--set-literal", "a[0].b=x=y,z"])
    add("set_file_list", chart(""), ["--set-file", "a={inputs/one.txt,inputs/two.txt}"],
        {"inputs/one.txt": "1", "inputs/two.txt": "2"})

    # ---- errors outside dependency processing, library subcharts
    add("sub_undeclared_section_scalar", chart("sub: 5\n", None, sub))
    add("sub_library", chart("lib: {x: 1}\n", [{"name": "lib"}],
                             {"lib": {"values": "x: 0\ny: 2\n"}}))
    return c


TS = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ")


def write_case(case):
    d = os.path.join(CASES_DIR, case.name)
    shutil.rmtree(d, ignore_errors=True)
    for path, text in list(case.files.items()):
        full = os.path.join(d, "chart", path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    for path, text in case.inputs.items():
        full = os.path.join(d, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    return d


def run_case(helm, case):
    d = write_case(case)
    p = subprocess.run([helm, "template", "r", "chart"] + case.flags, cwd=d,
                       capture_output=True, text=True, timeout=120)
    r = {"name": case.name, "flags": case.flags}
    warnings = []
    error = None
    lines = p.stderr.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Error: "):
            error = "\n".join([line[len("Error: "):]] + lines[i + 1:])
            break
        warnings.append(TS.sub("", line))
    r["warnings"] = warnings
    if p.returncode != 0:
        r["error"] = error if error is not None else p.stderr
        return r
    outputs = {}
    for doc in p.stdout.split("---\n"):
        m = re.search(r"^# Source: (.*)$", doc, re.M)
        if not m:
            continue
        vals = re.search(r"^# VALUES (.*)$", doc, re.M)
        types = re.search(r"^# TYPES (.*)$", doc, re.M)
        outputs[m.group(1)] = {"values": vals.group(1) if vals else "",
                               "types": types.group(1) if types else ""}
    r["outputs"] = outputs
    return r


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def record_corpus(helm, version):
    corpus = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
    charts_root = os.path.join(corpus, "charts")
    todo = []
    for source in sorted(os.listdir(charts_root)):
        for name in sorted(os.listdir(os.path.join(charts_root, source))):
            rel = "charts/%s/%s" % (source, name)
            with open(os.path.join(corpus, rel, "Chart.yaml"), encoding="utf-8") as f:
                if re.search(r"^type:\s*library\s*$", f.read(), re.M):
                    continue
            todo.append((rel, None))
            ci = os.path.join(corpus, rel, "ci")
            if os.path.isdir(ci):
                for f in sorted(os.listdir(ci)):
                    if f.endswith("-values.yaml"):
                        todo.append((rel, "%s/ci/%s" % (rel, f)))

    def one(item):
        rel, values_file = item
        tmp = tempfile.mkdtemp(prefix="cwvalues-")
        try:
            dst = os.path.join(tmp, rel)
            shutil.copytree(os.path.join(corpus, rel), dst, symlinks=True)
            first = True
            for dirpath, dirnames, filenames in os.walk(dst):
                dirnames.sort()
                if "Chart.yaml" in filenames and (dirpath == dst or
                                                  os.path.basename(os.path.dirname(dirpath)) == "charts"):
                    shutil.rmtree(os.path.join(dirpath, "templates"), ignore_errors=True)
                    os.makedirs(os.path.join(dirpath, "templates"))
                    with open(os.path.join(dirpath, "templates", "cwvalues.yaml"), "w") as f:
                        f.write(SHOW)
                    if first:
                        with open(os.path.join(dirpath, "templates", "_cwwalk.tpl"), "w") as f:
                            f.write(WALK)
                        first = False
            args = [helm, "template", "release-name", rel, "--namespace", "default"]
            if values_file:
                args += ["-f", os.path.join(corpus, values_file)]
            p = subprocess.run(args, cwd=tmp, capture_output=True, text=True, timeout=300)
            entry = {"chart": rel}
            if values_file:
                entry["values_file"] = values_file
            if p.returncode != 0:
                err = p.stderr
                i = err.find("Error: ")
                entry["error"] = err[i + len("Error: "):].strip() if i >= 0 else err.strip()
                return entry
            outputs = {}
            for doc in p.stdout.split("---\n"):
                m = re.search(r"^# Source: (.*)$", doc, re.M)
                if not m:
                    continue
                vals = re.search(r"^# VALUES (.*)$", doc, re.M)
                types = re.search(r"^# TYPES (.*)$", doc, re.M)
                outputs[m.group(1)] = [fnv1a64((vals.group(1) if vals else "").encode("utf-8")),
                                       fnv1a64((types.group(1) if types else "").encode("utf-8"))]
            entry["outputs"] = outputs
            return entry
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        entries = list(pool.map(one, todo))
    with open(os.path.join(OUT_DIR, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump({"helm_version": version, "corpus": "../shared/corpus",
                   "recorded_with": "helm template release-name CHART --namespace default [-f ci file], "
                                    "templates replaced by the values dump",
                   "digest": "fnv1a64 of the toJson text and of the type walk",
                   "cases": entries}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    ok = sum(1 for e in entries if "outputs" in e)
    print("%s: %d corpus cases (%d rendered, %d errors) -> testdata/values/corpus.json" % (
        version, len(entries), ok, len(entries) - ok))


def main():
    helm = helm_binary()
    version = subprocess.run([helm, "version", "--short"], capture_output=True, text=True,
                             check=True).stdout.strip()
    if "--corpus" in sys.argv[1:]:
        return record_corpus(helm, version)
    todo = cases()
    names = [c.name for c in todo]
    assert len(names) == len(set(names)), "duplicate case names"
    shutil.rmtree(CASES_DIR, ignore_errors=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: run_case(helm, c), todo))
    with open(os.path.join(OUT_DIR, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"helm_version": version,
                   "recorded_with": "helm template r chart FLAGS (run in testdata/values/cases/NAME)",
                   "cases": results}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    ok = sum(1 for r in results if "outputs" in r)
    print("%s: %d cases (%d rendered, %d errors) -> testdata/values" % (
        version, len(results), ok, len(results) - ok))


if __name__ == "__main__":
    sys.exit(main())
