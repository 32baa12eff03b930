//! Hostile and broken input: every template of the recorded conformance table (including the
//! ones that do not parse) and mutations of them are executed as far as their error-recovery
//! trees go, under a small budget. Nothing may panic or hang.

use crate::common;

use cw_template::{Budget, Limits, MissingKey, TemplateSet, Value};

fn exec_anyway(text: &str) {
    let mut set = TemplateSet::new("t")
        .with_funcs(common::test_funcs())
        .with_missing_key(MissingKey::Zero);
    // Errors are ignored on purpose: the trees Go would reject are executed too.
    let _ = set.parse_and_add("t", text);
    let data = Value::map_from([(
        "Values",
        Value::map_from([
            ("a", Value::str("x")),
            ("l", Value::list(vec![Value::Int(1), Value::Nil])),
            ("m", Value::map_from([("k", Value::Float(1.5))])),
        ]),
    )]);
    let names: Vec<String> = set.template_names().map(str::to_string).collect();
    for name in names {
        let mut budget = Budget::new(Limits {
            max_steps: 20_000,
            max_template_depth: 200,
            max_output_bytes: 1 << 20,
            ..Limits::default()
        });
        let mut out = String::new();
        let _ = set.execute_with_budget(&name, data.clone(), &mut out, &mut budget);
    }
}

#[test]
fn recorded_templates_and_their_prefixes_execute_without_panicking() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/template/cases.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("cases.json")).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > 300);
    let mut n = 0;
    for c in cases {
        let t = c["template"].as_str().unwrap();
        exec_anyway(t);
        // Truncations make unclosed actions, blocks and pipelines.
        let cuts: Vec<usize> = t
            .char_indices()
            .map(|(i, _)| i)
            .filter(|i| i % 7 == 3)
            .collect();
        for i in cuts.into_iter().take(40) {
            exec_anyway(&t[..i]);
            n += 1;
        }
    }
    assert!(n > 1000, "only {n} truncations ran");
}
