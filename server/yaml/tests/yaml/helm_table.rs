//! Checks the loader and emitters against the table recorded from the real helm
//! (testdata/yaml/cases.json, written by tests/record/record_yaml.py).
//!
//! - `load` cases: helm's `{{ toJson .Values }}` must equal our loader's value, JSON-marshalled
//!   as Go does.
//! - `emit` cases: helm's `toYaml`, `toYamlPretty` and `toJson` of `.Values.x` must equal ours.
//! - Cases helm refuses: helm's error text (after `cannot load values.yaml: `) must equal ours.

use cw_yaml::{
    go_json_marshal, helm_from_yaml, helm_values_error_text, load, to_yaml, to_yaml_pretty,
    GoValue, Loaded, YamlErrorKind,
};
use serde_json::Value as J;

fn table() -> J {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/yaml/cases.json"
    );
    let text = std::fs::read_to_string(path).expect("testdata/yaml/cases.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn values_json(l: &Loaded) -> String {
    let v = l
        .root
        .as_ref()
        .map(GoValue::from_node)
        .unwrap_or(GoValue::Map(Vec::new()));
    go_json_marshal(&v)
}

/// Cases whose difference from helm is known and explained in the crate's report; each must
/// still differ (so a fix shows up here).
const KNOWN_DIFFERENCES: &[&str] = &[
    // saphyr-parser caps flow nesting at 255 levels (`recursion limit exceeded`); helm accepts
    // up to 10000 and then reports `exceeded max depth of 10000`. Both refuse the 20000-deep
    // case, with different texts.
    "deeply nested flow",
];

/// A Go value written in the table as `{"int": 1}`, `{"float": 2.5}`, `{"str": "x"}`,
/// `{"bool": true}`, `null`, `{"seq": [...]}`, `{"map": [[key, value], ...]}`.
fn go_spec(j: &J) -> GoValue {
    let Some(obj) = j.as_object() else {
        return GoValue::Null;
    };
    let (k, v) = obj.iter().next().expect("one key");
    match k.as_str() {
        "int" => GoValue::Int(v.as_i64().expect("int")),
        "float" => GoValue::Float(v.as_f64().expect("float")),
        "str" => GoValue::String(v.as_str().expect("str").to_string()),
        "bool" => GoValue::Bool(v.as_bool().expect("bool")),
        "seq" => GoValue::Seq(v.as_array().expect("seq").iter().map(go_spec).collect()),
        "map" => GoValue::Map(
            v.as_array()
                .expect("map")
                .iter()
                .map(|e| (e[0].as_str().expect("key").to_string(), go_spec(&e[1])))
                .collect(),
        ),
        other => panic!("unknown go spec {other}"),
    }
}

fn compare_outputs(output: &str, sep: &str, x: &GoValue) -> Result<(), String> {
    let want: Vec<&str> = output.split(sep).collect();
    let got = [to_yaml(x), to_yaml_pretty(x), go_json_marshal(x)];
    let names = ["toYaml", "toYamlPretty", "toJson"];
    let mut errs = Vec::new();
    for i in 0..3 {
        if want.get(i).copied() != Some(got[i].as_str()) {
            errs.push(format!(
                "{}\n  want {:?}\n  got  {:?}",
                names[i],
                want.get(i).copied().unwrap_or(""),
                got[i]
            ));
        }
    }
    // mustToYaml gives toYaml's text, or an error where toYaml gives "".
    match cw_yaml::try_to_yaml(x) {
        Ok(t) if t != got[0] => errs.push(format!("try_to_yaml\n  got  {t:?}")),
        Err(e) if !got[0].is_empty() => errs.push(format!("try_to_yaml failed: {e}")),
        _ => {}
    }
    // The text path (json.Marshal, then JSONToYAML) must agree with toYaml.
    if let Ok(json) = cw_yaml::try_go_json_marshal(x) {
        let via_text = cw_yaml::json_to_yaml(&json).unwrap_or_else(|e| e);
        let via_text = via_text.strip_suffix('\n').unwrap_or(&via_text);
        if want.first().copied() != Some(via_text) {
            errs.push(format!("json_to_yaml\n  got  {via_text:?}"));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}

fn check(case: &J, sep: &str) -> Result<(), String> {
    if case["group"] == "go" {
        return compare_outputs(
            case["output"].as_str().unwrap_or_default(),
            sep,
            &go_spec(&case["go"]),
        );
    }
    let values = case["values"].as_str().unwrap_or_default();
    if case["group"] == "fromYaml" || case["group"] == "fromYamlArray" {
        let l = load(values);
        let s = l
            .root
            .as_ref()
            .and_then(|r| r.get_path(&["s"]))
            .and_then(|n| n.as_str())
            .unwrap_or_default()
            .to_string();
        let got = if case["group"] == "fromYaml" {
            go_json_marshal(&helm_from_yaml(&s))
        } else {
            go_json_marshal(&cw_yaml::helm_from_yaml_array(&s))
        };
        let want = case["output"].as_str().unwrap_or_default();
        return if got == want {
            Ok(())
        } else {
            Err(format!("fromYaml\n  want {want:?}\n  got  {got:?}"))
        };
    }
    let loaded = load(values);
    if let Some(err) = case.get("error").and_then(J::as_str) {
        let want = err
            .split_once("cannot load values.yaml: ")
            .map_or(err, |(_, rest)| rest);
        let got = loaded
            .first_error()
            .map(helm_values_error_text)
            .unwrap_or_else(|| format!("<no error> {}", values_json(&loaded)));
        return if got == want {
            Ok(())
        } else {
            Err(format!("error\n  want {want:?}\n  got  {got:?}"))
        };
    }
    let output = case["output"].as_str().unwrap_or_default();
    if let Some(e) = loaded.first_error() {
        return Err(format!("unexpected error {:?}", e.message));
    }
    match case["group"].as_str() {
        Some("emit") => {
            let x = loaded
                .root
                .as_ref()
                .and_then(|r| r.get_path(&["x"]))
                .map(GoValue::from_node)
                .unwrap_or(GoValue::Null);
            compare_outputs(output, sep, &x)
        }
        _ => {
            let got = values_json(&loaded);
            if got == output {
                Ok(())
            } else {
                Err(format!("toJson .Values\n  want {output:?}\n  got  {got:?}"))
            }
        }
    }
}

#[test]
fn helm_recorded_table() {
    let t = table();
    let sep = t["separator"].as_str().unwrap_or("\n@@@\n").to_string();
    let cases = t["cases"].as_array().expect("cases");
    assert!(cases.len() >= 150, "table too small");
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut known_fixed = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let known = KNOWN_DIFFERENCES.contains(&name);
        match check(case, &sep) {
            Ok(()) if known => known_fixed.push(name.to_string()),
            Ok(()) => passed += 1,
            Err(_) if known => {}
            Err(e) => failures.push(format!("[{name}] {e}")),
        }
    }
    println!(
        "helm yaml table ({}): {} passed, {} failed, {} known differences",
        t["helm_version"].as_str().unwrap_or("?"),
        passed,
        failures.len(),
        KNOWN_DIFFERENCES.len()
    );
    for f in &failures {
        println!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} cases differ from helm",
        failures.len()
    );
    assert!(
        known_fixed.is_empty(),
        "known differences now pass: {known_fixed:?}"
    );
}

#[test]
fn duplicate_keys_are_warnings_with_both_ranges() {
    let text = "a: 1\nb: 2\na: 3\n";
    let l = load(text);
    let dup: Vec<_> = l
        .errors
        .iter()
        .filter(|e| e.kind == YamlErrorKind::DuplicateKey)
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(&text[dup[0].range.to_usize()], "a");
    assert_eq!(dup[0].range.start(), 10);
    assert_eq!(dup[0].related.map(|r| r.start()), Some(0));
    assert!(l.first_error().is_none());
    assert_eq!(values_json(&l), r#"{"a":3,"b":2}"#);
}
