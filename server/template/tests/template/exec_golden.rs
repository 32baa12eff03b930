//! Template execution against outputs and errors recorded from the real helm
//! (testdata/exec_cases.json, see tests/record_exec.py): fields, nil handling, and/or/not,
//! comparisons, index/len, range/with/if, variables, define/template/block, pipelines,
//! literals, and Go's error texts with LINE:COL.

use crate::common;

use cw_template::{Elem, Value};

/// Helm's dot for a chart's template: a map whose `Values` is a `common.Values`.
fn helm_data(values: &serde_json::Value) -> Value {
    let vals = match common::from_json(values) {
        Value::Map(m) => {
            let entries = m.read().entries.clone();
            Value::typed_map(Some("common.Values"), Elem::Any, entries)
        }
        other => other,
    };
    Value::map_from([("Values", vals)])
}

#[test]
fn execution_matches_helm() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/");
    let values: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}exec_values.json")).unwrap())
            .unwrap();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}exec_cases.json")).unwrap())
            .unwrap();
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 100, "expected the recorded table");
    let mut failures = Vec::new();
    for c in cases {
        let tmpl = c["template"].as_str().unwrap();
        let (out, err) = common::render("c/templates/NOTES.txt", tmpl, helm_data(&values));
        // Helm strips "<no value>" from rendered output.
        let out = out.replace("<no value>", "");
        match (c.get("error").and_then(|e| e.as_str()), err) {
            (Some(want), Some(got)) if want == got => {}
            (None, None) if c["output"].as_str() == Some(out.as_str()) => {}
            (want_err, got_err) => failures.push(format!(
                "{tmpl}\n   got {out:?} / {got_err:?}\n  want {:?} / {want_err:?}",
                c.get("output")
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
