//! Behaviour the recorded Helm tables cannot show: Go's `<no value>` (Helm strips it), the three
//! `missingkey` modes, objects with fields and methods, Go's argument type checks, Go's own
//! `slice`, template redefinition, nested executions through the call context, and budgets.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use cw_template::{
    Budget, BudgetKind, Elem, ExecError, ExecErrorKind, FuncError, FuncMap, Function, Limits,
    MissingKey, Object, Param, Repr, Signature, TemplateSet, Value,
};

fn set_with(text: &str, funcs: FuncMap, mk: MissingKey) -> TemplateSet {
    let mut set = TemplateSet::new("t").with_funcs(funcs).with_missing_key(mk);
    let p = set.parse_and_add("t", text);
    assert!(!p.has_errors(), "{:?}", p.errors);
    set
}

fn run(text: &str, data: Value) -> (String, Option<String>) {
    run_mk(text, data, MissingKey::Zero)
}

fn run_mk(text: &str, data: Value, mk: MissingKey) -> (String, Option<String>) {
    let set = set_with(text, common::test_funcs(), mk);
    let (out, err) = set.render("t", data);
    (out, err.map(|e| e.message))
}

fn ok(text: &str, data: Value) -> String {
    let (out, err) = run(text, data);
    assert!(err.is_none(), "{text}: {err:?}");
    out
}

fn err(text: &str, data: Value) -> String {
    run(text, data)
        .1
        .unwrap_or_else(|| panic!("{text}: no error"))
}

fn values() -> Value {
    Value::map_from([
        ("a", Value::str("x")),
        ("n", Value::Float(3.0)),
        ("l", Value::list(vec![Value::Int(1), Value::Nil])),
        (
            "ss",
            Value::typed_map(
                None,
                Elem::String,
                BTreeMap::from([("k".to_string(), Value::str("v"))]),
            ),
        ),
    ])
}

#[test]
fn missing_values_print_no_value() {
    assert_eq!(ok("[{{ .missing }}]", values()), "[<no value>]");
    assert_eq!(ok("[{{ index . \"zz\" }}]", values()), "[<no value>]");
    assert_eq!(
        ok("[{{ $x := .missing }}{{ $x }}]", values()),
        "[<no value>]"
    );
    assert_eq!(ok("{{ printf \"%v\" .missing }}", values()), "<nil>");
    assert_eq!(ok("{{ print .missing }}", values()), "<nil>");
    assert_eq!(ok("{{ html .missing }}", values()), "&lt;no value&gt;");
    // A nil list element is a nil interface: `<no value>` at top level, `<nil>` inside a list.
    assert_eq!(
        ok("{{ range .l }}[{{ . }}]{{ end }}|{{ .l }}", values()),
        "[1][<no value>]|[1 <nil>]"
    );
}

#[test]
fn missingkey_modes() {
    let t = "{{ .missing.deeper }}";
    assert_eq!(
        run_mk(t, values(), MissingKey::Default),
        ("<no value>".into(), None)
    );
    assert_eq!(
        run_mk(t, values(), MissingKey::Zero).1.as_deref(),
        Some("template: t:1:11: executing \"t\" at <.missing.deeper>: nil pointer evaluating interface {}.deeper")
    );
    assert_eq!(
        run_mk(t, values(), MissingKey::Error).1.as_deref(),
        Some("template: t:1:11: executing \"t\" at <.missing.deeper>: map has no entry for key \"missing\"")
    );
    // A map[string]string reads a missing key as "" under zero, `<no value>` under default.
    assert_eq!(run_mk("[{{ .ss.zz }}]", values(), MissingKey::Zero).0, "[]");
    assert_eq!(
        run_mk("[{{ .ss.zz }}]", values(), MissingKey::Default).0,
        "[<no value>]"
    );
    assert_eq!(
        ok("{{ printf \"%T\" .ss }}|{{ .ss.k }}", values()),
        "map[string]string|v"
    );
}

#[test]
fn type_names_of_typed_values() {
    let data = Value::map_from([
        (
            "strs",
            Value::typed_list(Elem::String, vec![Value::str("a")]),
        ),
        ("ints", Value::typed_list(Elem::Int, vec![Value::Int(1)])),
        (
            "vals",
            Value::typed_map(Some("common.Values"), Elem::Any, BTreeMap::new()),
        ),
        ("i64", Value::Int64(5)),
        ("u", Value::Uint64(7)),
        ("bytes", Value::Bytes(Arc::from(&b"hi"[..]))),
    ]);
    assert_eq!(
        ok(
            "{{ printf \"%T %T %T %T %T %T\" .strs .ints .vals .i64 .u .bytes }}",
            data.clone()
        ),
        "[]string []int common.Values int64 uint64 []uint8"
    );
    assert_eq!(
        ok(
            "{{ .bytes }}|{{ printf \"%s %x\" .bytes .bytes }}",
            data.clone()
        ),
        "[104 105]|hi 6869"
    );
    // int64 and uint64 compare with int (Go's integer kinds), not with float64.
    assert_eq!(
        ok("{{ eq .i64 5 }}|{{ eq .u 7 }}|{{ lt .u 8 }}", data.clone()),
        "true|true|true"
    );
    assert!(err("{{ eq .i64 5.0 }}", data)
        .ends_with("incompatible types for comparison: int64 and float64"));
}

/// A struct behind a pointer with a method, like Helm's capabilities objects.
struct Caps {
    versions: Vec<&'static str>,
}

impl Object for Caps {
    fn type_name(&self) -> String {
        "*chartutil.Capabilities".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::object(KubeVersion)),
            "Count" => Some(Value::Int(self.versions.len() as i64)),
            _ => None,
        }
    }
    fn method(&self, name: &str) -> Option<Function> {
        let versions: Vec<String> = self.versions.iter().map(|s| s.to_string()).collect();
        match name {
            "Has" => Some(Function::new(
                Signature::typed(&[Param::String], None),
                move |_, args| {
                    Ok(Value::Bool(
                        versions
                            .iter()
                            .any(|v| Some(v.as_str()) == args[0].as_str()),
                    ))
                },
            )),
            "Fail" => Some(Function::new(Signature::fixed(0), |_, _| {
                Err(FuncError::msg("boom"))
            })),
            _ => None,
        }
    }
    fn repr(&self) -> Repr {
        Repr::Struct {
            pointer: true,
            fields: vec![
                ("KubeVersion".into(), Value::object(KubeVersion)),
                ("Count".into(), Value::Int(self.versions.len() as i64)),
            ],
        }
    }
}

/// A Stringer.
struct KubeVersion;

impl Object for KubeVersion {
    fn type_name(&self) -> String {
        "chartutil.KubeVersion".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        (name == "Major").then(|| Value::str("1"))
    }
    fn repr(&self) -> Repr {
        Repr::Stringer("v1.35.0".into())
    }
}

fn caps_data() -> Value {
    Value::map_from([(
        "Capabilities",
        Value::object(Caps {
            versions: vec!["v1", "apps/v1"],
        }),
    )])
}

#[test]
fn objects_fields_methods_and_printing() {
    let d = caps_data;
    assert_eq!(
        ok(
            "{{ .Capabilities.KubeVersion }}|{{ .Capabilities.KubeVersion.Major }}",
            d()
        ),
        "v1.35.0|1"
    );
    assert_eq!(
        ok(
            "{{ .Capabilities.Has \"apps/v1\" }}|{{ .Capabilities.Has \"x\" }}",
            d()
        ),
        "true|false"
    );
    assert_eq!(ok("{{ \"v1\" | .Capabilities.Has }}", d()), "true");
    // Top-level printing dereferences the pointer; fmt does not.
    assert_eq!(ok("{{ .Capabilities }}", d()), "{v1.35.0 2}");
    assert_eq!(
        ok(
            "{{ printf \"%v|%+v|%T\" .Capabilities .Capabilities .Capabilities }}",
            d()
        ),
        "&{v1.35.0 2}|&{KubeVersion:v1.35.0 Count:2}|*chartutil.Capabilities"
    );
    assert_eq!(
        ok(
            "{{ printf \"%s|%d\" .Capabilities.KubeVersion .Capabilities.Count }}",
            d()
        ),
        "v1.35.0|2"
    );
    assert_eq!(ok("{{ if .Capabilities }}y{{ end }}", d()), "y");
    assert_eq!(
        err("{{ .Capabilities.Has }}", d()),
        "template: t:1:16: executing \"t\" at <.Capabilities.Has>: wrong number of args for Has: want 1 got 0"
    );
    assert_eq!(
        err("{{ .Capabilities.Has 1 }}", d()),
        "template: t:1:21: executing \"t\" at <1>: expected string; found 1"
    );
    assert_eq!(
        err("{{ .Capabilities.Fail }}", d()),
        "template: t:1:16: executing \"t\" at <.Capabilities.Fail>: error calling Fail: boom"
    );
    // The object sits in a map[string]interface {} slot, so Go names the static type.
    assert_eq!(
        err("{{ .Capabilities.Nope }}", d()),
        "template: t:1:16: executing \"t\" at <.Capabilities.Nope>: can't evaluate field Nope in type interface {}"
    );
    assert_eq!(
        err("{{ with .Capabilities }}{{ .Nope }}{{ end }}", d()),
        "template: t:1:27: executing \"t\" at <.Nope>: can't evaluate field Nope in type *chartutil.Capabilities"
    );
    assert_eq!(
        err("{{ .Capabilities.Count 1 }}", d()),
        "template: t:1:16: executing \"t\" at <.Capabilities.Count>: Count has arguments but cannot be invoked as function"
    );
}

fn typed_funcs() -> FuncMap {
    let mut f = common::test_funcs();
    f.insert(
        "upper",
        Function::new(Signature::typed(&[Param::String], None), |_, a| {
            Ok(Value::string(a[0].as_str().unwrap_or("").to_uppercase()))
        }),
    );
    f.insert(
        "add1",
        Function::new(Signature::typed(&[Param::Int], None), |_, a| {
            Ok(Value::Int(a[0].as_int().unwrap_or(0) + 1))
        }),
    );
    f.insert(
        "keys",
        Function::new(Signature::typed(&[Param::Map], None), |_, a| match &a[0] {
            Value::Map(m) => Ok(Value::list(
                m.entries()
                    .into_iter()
                    .map(|(k, _)| Value::string(k))
                    .collect(),
            )),
            _ => Err(FuncError::msg("not a map")),
        }),
    );
    f
}

#[test]
fn go_argument_type_checks() {
    let run = |t: &str| {
        let set = set_with(t, typed_funcs(), MissingKey::Zero);
        let (out, e) = set.render("t", values());
        (out, e.map(|e| e.message))
    };
    assert_eq!(
        run("{{ upper .a }}|{{ .a | upper }}|{{ add1 41 }}|{{ keys . | len }}").0,
        "X|X|42|4"
    );
    let e = |t: &str| run(t).1.unwrap();
    assert_eq!(
        e("{{ upper 3 }}"),
        "template: t:1:9: executing \"t\" at <3>: expected string; found 3"
    );
    assert_eq!(
        e("{{ add1 \"x\" }}"),
        "template: t:1:8: executing \"t\" at <\"x\">: expected integer; found \"x\""
    );
    assert_eq!(
        e("{{ upper nil }}"),
        "template: t:1:9: executing \"t\" at <nil>: cannot assign nil to string"
    );
    assert_eq!(e("{{ upper .n }}"), "template: t:1:9: executing \"t\" at <.n>: wrong type for value; expected string; got float64");
    assert_eq!(e("{{ upper .missing }}"), "template: t:1:9: executing \"t\" at <.missing>: wrong type for value; expected string; got interface {}");
    assert_eq!(
        e("{{ $x := .missing }}{{ upper $x }}"),
        "template: t:1:29: executing \"t\" at <$x>: invalid value; expected string"
    );
    assert_eq!(e("{{ .n | upper }}"), "template: t:1:8: executing \"t\" at <upper>: wrong type for value; expected string; got float64");
    assert_eq!(
        e("{{ add1 .a }}"),
        "template: t:1:8: executing \"t\" at <.a>: wrong type for value; expected int; got string"
    );
    assert_eq!(e("{{ keys .l }}"), "template: t:1:8: executing \"t\" at <.l>: wrong type for value; expected map[string]interface {}; got []interface {}");
    assert_eq!(
        e("{{ upper }}"),
        "template: t:1:3: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0"
    );
    assert_eq!(
        e("{{ upper \"a\" \"b\" }}"),
        "template: t:1:3: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 2"
    );
}

#[test]
fn go_slice_builtin() {
    let d = values;
    assert_eq!(
        ok(
            "{{ slice \"abcdef\" 1 3 }}|{{ slice \"abc\" 1 }}|{{ slice \"abc\" }}",
            d()
        ),
        "bc|bc|abc"
    );
    assert_eq!(
        ok(
            "{{ slice (list 1 2 3 4) 1 3 }}|{{ slice (list 1 2 3) 0 1 2 }}",
            d()
        ),
        "[2 3]|[1]"
    );
    let e = |t: &str| err(t, d());
    assert!(
        e("{{ slice \"abc\" 2 1 }}").ends_with("error calling slice: invalid slice index: 2 > 1")
    );
    assert!(e("{{ slice \"abc\" 1 2 3 }}")
        .ends_with("error calling slice: cannot 3-index slice a string"));
    assert!(e("{{ slice \"abc\" 5 }}").ends_with("error calling slice: index out of range: 5"));
    assert!(e("{{ slice 3 1 }}").ends_with("error calling slice: can't slice item of type int"));
    assert!(e("{{ slice .missing 1 }}").ends_with("error calling slice: slice of untyped nil"));
    assert!(e("{{ slice (list 1) 0 1 1 1 }}")
        .ends_with("error calling slice: too many slice indexes: 4"));
}

#[test]
fn errors_carry_location_and_range() {
    let text = "line one\n  ab {{ .a.b.c }}";
    let set = set_with(text, common::test_funcs(), MissingKey::Zero);
    let e = set.render("t", values()).1.unwrap();
    assert_eq!(e.message, "template: t:2:10: executing \"t\" at <.a.b.c>: can't evaluate field b in type interface {}");
    let loc = e.location.unwrap();
    assert_eq!((loc.line, loc.col, loc.parse_name.as_str()), (2, 10, "t"));
    assert_eq!(&text[loc.range.to_usize()], ".a.b.c");
    assert_eq!(e.kind, ExecErrorKind::Exec);
    assert_eq!(e.template, "t");
}

#[test]
fn errors_inside_defines_name_the_define_and_the_file() {
    let mut set = TemplateSet::new("root").with_funcs(common::test_funcs());
    assert!(!set
        .parse_and_add(
            "dir/_helpers.tpl",
            "{{ define \"h\" }}\n{{ .x.y }}{{ end }}"
        )
        .has_errors());
    assert!(!set
        .parse_and_add("dir/main.yaml", "a: {{ template \"h\" .m }}")
        .has_errors());
    let data = Value::map_from([("m", Value::map_from([("x", Value::Int(1))]))]);
    let e = set.render("dir/main.yaml", data).1.unwrap();
    assert_eq!(e.message, "template: dir/_helpers.tpl:2:5: executing \"h\" at <.x.y>: can't evaluate field y in type interface {}");
    let e = set.render("nope", Value::Nil).1.unwrap();
    assert_eq!(
        e.message,
        "template: no template \"nope\" associated with template \"root\""
    );
    assert_eq!(e.kind, ExecErrorKind::NoTemplate);
}

#[test]
fn parse_into_builds_the_set_parse_and_add_builds() {
    let files = [
        (
            "a",
            "{{ define \"x\" }}first{{ end }}{{ define \"y\" }}y{{ end }}main a",
        ),
        (
            "b",
            "{{ define \"x\" }}second{{ block \"z\" . }}z{{ .v }}{{ end }}{{ end }}",
        ),
        (
            "c",
            "{{ define \"x\" }}  {{/* empty */}} {{ end }}{{ define \"x\" }}twice{{ end }}",
        ),
        (
            "d",
            "{{ template \"x\" }}|{{ template \"y\" }}|{{ template \"z\" . }}|{{ if }}",
        ),
    ];
    let (mut copied, mut moved) = (TemplateSet::new("root"), TemplateSet::new("root"));
    for (name, text) in files {
        let errors: Vec<String> = copied
            .parse_and_add(name, text)
            .errors
            .iter()
            .map(|e| e.go_text())
            .collect();
        let moved_errors: Vec<String> = moved
            .parse_into(name, text)
            .iter()
            .map(|e| e.go_text())
            .collect();
        assert_eq!(errors, moved_errors, "{name}");
    }
    let mut names: Vec<&str> = copied.template_names().collect();
    let mut moved_names: Vec<&str> = moved.template_names().collect();
    names.sort_unstable();
    moved_names.sort_unstable();
    assert_eq!(names, moved_names);
    let data = Value::map_from([("v", Value::Int(1))]);
    for name in names {
        let (a, b) = (
            copied.render(name, data.clone()),
            moved.render(name, data.clone()),
        );
        assert_eq!(a.0, b.0, "{name}");
        assert_eq!(a.1.map(|e| e.message), b.1.map(|e| e.message), "{name}");
    }
}

#[test]
fn redefinition_keeps_non_empty_templates() {
    let mut set = TemplateSet::new("root");
    set.parse_and_add("a", "{{ define \"x\" }}first{{ end }}");
    set.parse_and_add("b", "{{ define \"x\" }}second{{ end }}");
    set.parse_and_add("c", "{{ define \"x\" }}  {{/* empty */}} {{ end }}");
    assert_eq!(set.render("x", Value::Nil).0, "second");
    // The main tree of a helpers file is empty and does not replace a template of that name.
    set.parse_and_add("a", "{{ define \"y\" }}{{ end }}");
    assert_eq!(set.render("a", Value::Nil).0, "");
}

fn include_funcs() -> FuncMap {
    let mut f = common::test_funcs();
    f.add("include", Signature::fixed(2), |ctx, a| {
        let name = a[0].as_str().unwrap_or("").to_string();
        ctx.execute_template(&name, a[1].clone())
            .map(Value::string)
            .map_err(FuncError::from)
    });
    f.add("where", Signature::fixed(0), |ctx, _| {
        let loc = ctx.location().unwrap();
        Ok(Value::string(format!(
            "{}:{}:{}@{}",
            loc.parse_name,
            loc.line,
            loc.col,
            ctx.template_name()
        )))
    });
    f
}

#[test]
fn call_context_executes_templates() {
    let text = "{{ define \"h\" }}<{{ .v }}|{{ $.v }}|{{ where }}>{{ end }}{{ include \"h\" (dict \"v\" 1) }}|{{ include \"nope\" . }}";
    let set = set_with(text, include_funcs(), MissingKey::Zero);
    let (out, e) = set.render("t", Value::Nil);
    assert_eq!(out, "<1|1|t:1:39@h>|");
    assert_eq!(
        e.unwrap().message,
        "template: t:1:91: executing \"t\" at <include \"nope\" .>: error calling include: template: no template \"nope\" associated with template \"t\""
    );
}

#[test]
fn template_recursion_hits_go_depth_limit_without_overflowing() {
    // Runs on a small thread stack: the executor grows its stack on the heap.
    let h = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let text = "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}";
            let set = set_with(text, FuncMap::new(), MissingKey::Zero);
            set.render("t", Value::Nil).1.unwrap()
        })
        .unwrap();
    let e = h.join().unwrap();
    assert_eq!(e.message, "template: t:1:28: executing \"r\" at <{{template \"r\" .}}>: exceeded maximum template depth (100000)");
}

#[test]
fn nested_executions_are_bounded() {
    let text = "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}";
    let set = set_with(text, include_funcs(), MissingKey::Zero);
    let mut budget = Budget::new(Limits {
        max_template_depth: 500,
        ..Limits::default()
    });
    let mut out = String::new();
    let e = set
        .execute_with_budget("t", Value::Nil, &mut out, &mut budget)
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Nesting));
    assert!(
        e.message.contains("exceeded maximum template depth (500)"),
        "{}",
        e.message
    );
}

#[test]
fn step_time_and_output_budgets() {
    let set = set_with(
        "{{ range 100000000 }}x{{ end }}",
        FuncMap::new(),
        MissingKey::Zero,
    );
    let mut out = String::new();
    let mut b = Budget::new(Limits {
        max_steps: 10_000,
        ..Limits::default()
    });
    let e = set
        .execute_with_budget("t", Value::Nil, &mut out, &mut b)
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Steps));
    assert!(
        e.message
            .ends_with("execution stopped after 10000 steps (step limit)"),
        "{}",
        e.message
    );

    let mut out = String::new();
    let mut b = Budget::new(Limits {
        timeout: Some(Duration::from_millis(20)),
        ..Limits::default()
    });
    let e = set
        .execute_with_budget("t", Value::Nil, &mut out, &mut b)
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Time));

    let mut out = String::new();
    let mut b = Budget::new(Limits {
        max_output_bytes: 1000,
        ..Limits::default()
    });
    let e = set
        .execute_with_budget("t", Value::Nil, &mut out, &mut b)
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Output));
    assert!(out.len() <= 1001);
}

#[test]
fn budget_errors_pass_through_functions_unwrapped() {
    let text = "{{ define \"big\" }}{{ range 1000000 }}x{{ end }}{{ end }}{{ include \"big\" . }}";
    let set = set_with(text, include_funcs(), MissingKey::Zero);
    let mut b = Budget::new(Limits {
        max_steps: 5000,
        ..Limits::default()
    });
    let mut out = String::new();
    let e = set
        .execute_with_budget("t", Value::Nil, &mut out, &mut b)
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Steps));
    assert!(
        !e.message.contains("error calling include"),
        "{}",
        e.message
    );
}

#[test]
fn maps_are_shared_references() {
    let mut f = common::test_funcs();
    f.add("set", Signature::fixed(3), |_, a| {
        if let (Value::Map(m), Some(k)) = (&a[0], a[1].as_str()) {
            m.insert(k, a[2].clone());
        }
        Ok(a[0].clone())
    });
    let set = set_with("{{ $d := dict }}{{ $_ := set $d \"k\" 1 }}{{ $e := $d }}{{ $_ := set $e \"j\" 2 }}{{ $d }}", f, MissingKey::Zero);
    assert_eq!(set.render("t", Value::Nil).0, "map[j:2 k:1]");
}

/// A function that writes a map entry (`set MAP KEY VALUE`) or removes it (`unset MAP KEY`).
fn writing_funcs() -> FuncMap {
    let mut f = common::test_funcs();
    f.add("set", Signature::fixed(3), |_, a| {
        if let (Value::Map(m), Some(k)) = (&a[0], a[1].as_str()) {
            m.insert(k, a[2].clone());
        }
        Ok(a[0].clone())
    });
    f.add("unset", Signature::fixed(2), |_, a| {
        if let (Value::Map(m), Some(k)) = (&a[0], a[1].as_str()) {
            m.write().entries.remove(k);
        }
        Ok(a[0].clone())
    });
    f
}

#[test]
fn map_entries_read_again_after_writes_are_the_new_ones() {
    // The executor remembers entries it read (per thread, across executions) by the map's
    // stamp: every write must be seen by the next read, whatever way the field is read.
    let t = "{{ .m.a }}|{{ .m.b }}|{{ .m.long_key_of_more_than_22_bytes }}|\
             {{ $_ := set .m \"a\" 2 }}{{ $_ := set .m \"b\" \"new\" }}\
             {{ $_ := set .m \"long_key_of_more_than_22_bytes\" 3 }}\
             {{ .m.a }}|{{ if .m.b }}{{ .m.b }}{{ end }}|{{ printf \"%v\" .m.long_key_of_more_than_22_bytes }}|\
             {{ $_ := unset .m \"a\" }}{{ .m.a }}|{{ with .m.sub }}{{ .x }}{{ end }}|\
             {{ $_ := set .m.sub \"x\" 5 }}{{ .m.sub.x }}";
    let set = set_with(t, writing_funcs(), MissingKey::Default);
    let data = || {
        Value::map_from([(
            "m",
            Value::map_from([
                ("a", Value::Int(1)),
                ("long_key_of_more_than_22_bytes", Value::Int(0)),
                ("sub", Value::map_from([("x", Value::Int(4))])),
            ]),
        )])
    };
    let want = "1|<no value>|0|2|new|3|<no value>|4|5";
    // Twice on the same data (the second run starts from what the first wrote), and on new data.
    let d = data();
    assert_eq!(set.render("t", d.clone()).0, want);
    assert_eq!(
        set.render("t", d.clone()).0,
        "<no value>|new|3|2|new|3|<no value>|5|5"
    );
    assert_eq!(set.render("t", data()).0, want);
    // Written from outside between two executions.
    if let Value::Map(top) = &d {
        if let Some(Value::Map(m)) = top.get("m") {
            m.insert("a", Value::str("outside"));
            m.insert("b", Value::Nil);
        }
    }
    let (out, _) = set_with(
        "{{ .m.a }}|{{ .m.b }}|{{ .m.zzz }}",
        FuncMap::new(),
        MissingKey::Zero,
    )
    .render("t", d.clone());
    assert_eq!(out, "outside|<no value>|<no value>");
    // A missing key read under one missingkey mode, then read under another.
    let strict = set_with("{{ .m.zzz }}", FuncMap::new(), MissingKey::Error);
    let e = strict
        .render("t", d.clone())
        .1
        .expect("missingkey=error fails");
    assert!(
        e.message.ends_with("map has no entry for key \"zzz\""),
        "{}",
        e.message
    );
    let typed = Value::map_from([(
        "m",
        Value::typed_map(
            None,
            Elem::Int,
            BTreeMap::from([("a".to_string(), Value::Int(1))]),
        ),
    )]);
    for (mk, want) in [(MissingKey::Zero, "0"), (MissingKey::Default, "<no value>")] {
        let s = set_with("{{ .m.zzz }}", FuncMap::new(), mk);
        assert_eq!(s.render("t", typed.clone()).0, want);
        assert_eq!(s.render("t", typed.clone()).0, want);
    }
}

#[test]
fn ranges_over_maps_see_writes() {
    // `range` over a map iterates the pairs of the map's state when the range starts; the pairs
    // are remembered per state, so a write must show in the next range, in this execution and
    // the next.
    let t = "{{ range $k, $v := .m }}{{ $k }}={{ $v }},{{ end }}|\
             {{ $_ := set .m \"b\" 2 }}{{ range $k, $v := .m }}{{ $k }}={{ $v }},{{ end }}|\
             {{ range .m }}{{ . }},{{ end }}|\
             {{ range $k, $v := .m }}{{ $_ := unset $.m $k }}{{ $k }},{{ end }}|\
             {{ range $k, $v := .m }}{{ $k }},{{ else }}empty{{ end }}|\
             {{ $_ := set .m \"c\" 3 }}";
    let set = set_with(t, writing_funcs(), MissingKey::Zero);
    let d = Value::map_from([("m", Value::map_from([("a", Value::Int(1))]))]);
    assert_eq!(
        set.render("t", d.clone()).0,
        "a=1,|a=1,b=2,|1,2,|a,b,|empty|"
    );
    assert_eq!(
        set.render("t", d.clone()).0,
        "c=3,|b=2,c=3,|2,3,|b,c,|empty|"
    );
    // A map too large to be remembered, the same.
    let big: BTreeMap<String, Value> = (0..300)
        .map(|i| (format!("k{i:03}"), Value::Int(i)))
        .collect();
    let d = Value::map_from([("m", Value::map(big))]);
    let t = "{{ len .m }}{{ range $k, $v := .m }}{{ if eq $k \"k000\" }}{{ $v }}{{ end }}{{ end }}\
             {{ $_ := set .m \"k000\" \"new\" }}{{ range $k, $v := .m }}{{ if eq $k \"k000\" }}{{ $v }}{{ end }}{{ end }}";
    let set = set_with(t, writing_funcs(), MissingKey::Zero);
    assert_eq!(set.render("t", d.clone()).0, "3000new");
    assert_eq!(set.render("t", d).0, "300newnew");
}

#[test]
fn map_entries_written_on_other_threads_are_seen() {
    let m = Value::map_from([("a", Value::Int(0))]);
    let data = Value::map_from([("m", m.clone())]);
    let set = Arc::new(set_with("{{ .m.a }}", FuncMap::new(), MissingKey::Zero));
    assert_eq!(set.render("t", data.clone()).0, "0");
    for i in 1..4 {
        let Value::Map(r) = &m else { unreachable!() };
        let writer = {
            let r = r.clone();
            std::thread::spawn(move || r.insert("a", Value::Int(i)))
        };
        writer.join().unwrap();
        assert_eq!(set.render("t", data.clone()).0, i.to_string());
        let (s, d) = (set.clone(), data.clone());
        let other = std::thread::spawn(move || s.render("t", d).0);
        assert_eq!(other.join().unwrap(), i.to_string());
    }
}

#[test]
fn self_containing_map_prints_without_overflowing() {
    let m = Value::map(BTreeMap::new());
    if let Value::Map(r) = &m {
        r.insert("self", m.clone());
    }
    let out = cw_template::fmt::sprint(std::slice::from_ref(&m));
    assert!(
        out.starts_with("map[self:map[self:") && out.contains("..."),
        "{}",
        &out[..60]
    );
}

#[test]
fn values_and_sets_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Value>();
    check::<TemplateSet>();
    check::<FuncMap>();
}

/// Methods of a named map type, like Helm's `common.Values`.
struct ValuesMethods;

impl cw_template::MapMethods for ValuesMethods {
    fn method(&self, receiver: &cw_template::MapRef, name: &str) -> Option<Function> {
        let m = receiver.clone();
        match name {
            "Keys" => Some(Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::string(
                    m.entries()
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>()
                        .join(","),
                ))
            })),
            "Table" => Some(Function::new(
                Signature::typed(&[Param::String], None),
                move |_, a| Ok(m.get(a[0].as_str().unwrap_or("")).unwrap_or(Value::Nil)),
            )),
            _ => None,
        }
    }
}

#[test]
fn named_map_methods_come_before_keys() {
    let vals = Value::typed_map(
        Some("common.Values"),
        Elem::Any,
        BTreeMap::from([
            ("a".to_string(), Value::Int(1)),
            ("Keys".to_string(), Value::str("shadowed")),
            ("sub".to_string(), Value::map_from([("x", Value::Int(2))])),
        ]),
    );
    if let Value::Map(m) = &vals {
        m.write().methods = Some(Arc::new(ValuesMethods));
    }
    let data = Value::map_from([("Values", vals)]);
    assert_eq!(
        ok("{{ .Values.Keys }}|{{ .Values.a }}|{{ (.Values.Table \"sub\").x }}|{{ printf \"%T\" .Values }}|{{ .Values }}", data.clone()),
        "Keys,a,sub|1|2|common.Values|map[Keys:shadowed a:1 sub:map[x:2]]"
    );
    assert!(err("{{ .Values.a 1 }}", data).ends_with("a is not a method but has arguments"));
}

/// Methods that lock their receiver while being looked up (they count lookups in it).
struct CountingMethods;

impl cw_template::MapMethods for CountingMethods {
    fn method(&self, receiver: &cw_template::MapRef, name: &str) -> Option<Function> {
        let n = receiver
            .get("lookups")
            .and_then(|v| v.as_int())
            .unwrap_or(0);
        receiver.insert("lookups", Value::Int(n + 1));
        (name == "Count")
            .then(|| Function::new(Signature::fixed(0), move |_, _| Ok(Value::Int(n + 1))))
    }
}

#[test]
fn map_methods_are_looked_up_without_holding_the_map() {
    // Printed, tested, passed on and ranged over: every way a field is read in place.
    let vals = Value::typed_map(
        Some("common.Values"),
        Elem::Any,
        BTreeMap::from([("a".to_string(), Value::str("x"))]),
    );
    if let Value::Map(m) = &vals {
        m.write().methods = Some(Arc::new(CountingMethods));
    }
    let data = Value::map_from([("Values", vals)]);
    // (Each lookup writes to the map: none may happen under the executor's read guard, or the
    // execution would deadlock.)
    let out = ok(
        "{{ .Values.a }}|{{ if .Values.a }}y{{ end }}|{{ printf \"%s\" .Values.a }}|\
         {{ with .Values.a }}{{ . }}{{ end }}|{{ range $k, $v := .Values }}{{ $k }} {{ end }}|\
         {{ .Values.Count }}",
        data,
    );
    let (text, count) = out.rsplit_once('|').unwrap();
    assert_eq!(text, "x|y|x|x|a lookups ");
    assert!(count.parse::<i64>().unwrap() >= 5, "{out}");
}

#[test]
fn deeply_nested_values_drop_and_print_without_overflowing() {
    // 200000 lists inside each other, built by the template itself, on a small thread stack.
    let h = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let t = "{{ $l := list }}{{ range 200000 }}{{ $l = list $l }}{{ end }}{{ printf \"%.20s\" (print $l) }}|{{ len $l }}";
            run(t, Value::Nil)
        })
        .unwrap();
    let (out, err) = h.join().unwrap();
    assert_eq!(err, None);
    assert_eq!(out, "[[[[[[[[[[[[[[[[[[[[|1");
}

/// Helm-style include recursion limit kept in per-execution state.
#[derive(Default)]
struct IncludeDepth(std::collections::HashMap<String, usize>);

#[test]
fn functions_keep_per_execution_state_in_the_budget() {
    let mut f = common::test_funcs();
    f.add("include", Signature::fixed(2), |ctx, a| {
        let name = a[0].as_str().unwrap_or("").to_string();
        let depth = {
            let d = ctx.budget().extension::<IncludeDepth>();
            let n = d.0.entry(name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        if depth > 10 {
            return Err(FuncError::msg(format!(
                "rendering template has a nested reference name: {name}"
            )));
        }
        let r = ctx.execute_template(&name, a[1].clone());
        *ctx.budget()
            .extension::<IncludeDepth>()
            .0
            .get_mut(&name)
            .unwrap() -= 1;
        r.map(Value::string).map_err(FuncError::from)
    });
    let set = set_with(
        "{{ define \"rec\" }}x{{ include \"rec\" . }}{{ end }}{{ include \"rec\" . }}",
        f,
        MissingKey::Zero,
    );
    let e = set.render("t", Value::Nil).1.unwrap().message;
    assert!(
        e.ends_with("error calling include: rendering template has a nested reference name: rec"),
        "{e}"
    );
    // Eleven levels of `error calling include: ` wrap the innermost message, as in Helm.
    assert_eq!(e.matches("error calling include").count(), 11);
}

/// Functions that multiply their input stop at the output limit instead of building gigabytes:
/// printf widths (up to about 10^7 per verb in Go), js of backslashes, and printing a list
/// that holds the same string many times (a list of references costs nothing to hold). Each is
/// the output-limit error, with memory bounded by about the limit. (The fuzzer found the first:
/// two wide verbs wrote 114 MB past a 1 MB budget.)
#[test]
fn amplifying_functions_stop_at_the_output_limit() {
    let cases = [
        r#"{{ printf "%08155555d%08155555d" 1 2 }}"#,
        r#"{{ $s := printf "%9999999s" "x" }}{{ len $s }}"#,
        r#"{{ $s := "<<<<" }}{{ range 20 }}{{ $s = js $s }}{{ end }}{{ len $s }}"#,
        // `\` doubles at every js (html and urlquery only grow by a constant per round).
        r#"{{ $s := "\\" }}{{ range 25 }}{{ $s = js $s }}{{ end }}"#,
        r#"{{ $s := "x" }}{{ range 30 }}{{ $s = printf "%s%s%s%s" $s $s $s $s }}{{ end }}"#,
        r#"{{ $l := slice (printf "%999s" "x") }}{{ range 30 }}{{ $l = slice (print $l $l) }}{{ end }}"#,
    ];
    for text in cases {
        let e = fails_at_a_1mb_output_limit(text, Value::Nil);
        assert!(e.message.contains("output limit"), "{text}: {}", e.message);
    }
    // Under the limit nothing changes.
    let set = set_with(
        r#"{{ printf "%5d|%-3s|" 42 "a" }}{{ js "<" }}"#,
        FuncMap::new(),
        MissingKey::Zero,
    );
    let mut out = String::new();
    set.execute_with_budget("t", Value::Nil, &mut out, &mut Budget::default())
        .unwrap();
    assert_eq!(out, r#"   42|a  |\u003C"#);
}

/// Runs `text` under a 1 MB output limit: it must fail with the output budget error, having
/// written at most the limit.
fn fails_at_a_1mb_output_limit(text: &str, data: Value) -> ExecError {
    let set = set_with(text, FuncMap::new(), MissingKey::Zero);
    let mut b = Budget::new(Limits {
        max_output_bytes: 1 << 20,
        ..Limits::default()
    });
    let mut out = String::new();
    let e = set
        .execute_with_budget("t", data, &mut out, &mut b)
        .expect_err(text);
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Output), "{text}");
    assert!(out.len() <= 1 << 20, "{text}: {}", out.len());
    e
}

/// A list holding the same big string thousands of times is printed up to the limit only.
#[test]
fn printing_a_list_of_shared_strings_stops_at_the_limit() {
    let big = Value::str(&"x".repeat(100_000));
    let list = Value::list(vec![big; 100_000]); // 10 GB if printed whole
    let data = Value::map_from([("l", list)]);
    for text in [
        "{{ .l }}",
        "{{ print .l }}",
        "{{ printf \"%v\" .l }}",
        "{{ len (print .l) }}",
    ] {
        fails_at_a_1mb_output_limit(text, data.clone());
    }
}

/// A method table of fixed names (`MapMethods::static_names`, as Helm's `common.Values`):
/// its methods still come before keys, other names read (and are remembered) as in a map
/// without methods, and a write is seen by the next read.
struct StaticMethods;

impl cw_template::MapMethods for StaticMethods {
    fn static_names(&self) -> Option<&'static [&'static str]> {
        Some(&["Keys"])
    }
    fn method(&self, receiver: &cw_template::MapRef, name: &str) -> Option<Function> {
        let m = receiver.clone();
        (name == "Keys").then(|| {
            Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::string(
                    m.entries()
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>()
                        .join(","),
                ))
            })
        })
    }
}

#[test]
fn static_method_tables_keep_keys_fast_and_fresh() {
    let vals = Value::typed_map(
        Some("common.Values"),
        Elem::Any,
        BTreeMap::from([
            ("a".to_string(), Value::Int(1)),
            ("Keys".to_string(), Value::str("shadowed")),
        ]),
    );
    if let Value::Map(m) = &vals {
        m.write().methods = Some(Arc::new(StaticMethods));
    }
    let mut f = common::test_funcs();
    f.add("set", Signature::fixed(3), |_, a| {
        if let (Value::Map(m), Some(k)) = (&a[0], a[1].as_str()) {
            m.insert(k, a[2].clone());
        }
        Ok(Value::str(""))
    });
    let text = "{{ .Values.a }}{{ .Values.a }}|{{ .Values.Keys }}|\
                {{ set .Values \"a\" 2 }}{{ .Values.a }}{{ .Values.a }}|{{ index .Values \"Keys\" }}";
    let set = set_with(text, f, MissingKey::Zero);
    let data = Value::map_from([("Values", vals)]);
    let mut out = String::new();
    for _ in 0..3 {
        out.clear();
        set.execute_with_budget("t", data.clone(), &mut out, &mut Budget::default())
            .unwrap();
    }
    assert_eq!(out, "22|Keys,a|22|shadowed");
}
