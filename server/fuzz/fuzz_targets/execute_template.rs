//! Fuzz target: parsing and executing any template never panics, never overflows the stack, and
//! stays inside its step and output budgets.
#![no_main]

use std::collections::BTreeMap;
use std::time::Duration;

use cw_template::{Budget, FuncMap, Limits, MissingKey, TemplateSet, Value};
use libfuzzer_sys::fuzz_target;

fn data() -> Value {
    let mut image = BTreeMap::new();
    image.insert("repository".to_string(), Value::str("nginx"));
    image.insert("tag".to_string(), Value::Float(1.27));
    let mut values = BTreeMap::new();
    values.insert("image".to_string(), Value::map(image));
    values.insert("replicas".to_string(), Value::Float(3.0));
    values.insert("enabled".to_string(), Value::Bool(true));
    values.insert("missing".to_string(), Value::Nil);
    values.insert(
        "list".to_string(),
        Value::list(vec![Value::Float(1.0), Value::str("two"), Value::Nil]),
    );
    let mut root = BTreeMap::new();
    root.insert(
        "Values".to_string(),
        Value::typed_map(Some("common.Values"), Default::default(), values),
    );
    Value::map(root)
}

fuzz_target!(|text: &str| {
    let mut set = TemplateSet::new("fuzz")
        .with_funcs(FuncMap::new())
        .with_missing_key(MissingKey::Zero);
    let parse = set.parse_and_add("fuzz", text);
    if parse.has_errors() {
        return;
    }
    let limits = Limits {
        max_steps: 200_000,
        max_output_bytes: 1 << 20,
        timeout: Some(Duration::from_secs(2)),
        ..Limits::default()
    };
    let mut budget = Budget::new(limits);
    let mut out = String::new();
    let _ = set.execute_with_budget("fuzz", data(), &mut out, &mut budget);
    assert!(out.len() <= (1 << 20) + 4096, "output budget exceeded: {}", out.len());
});
