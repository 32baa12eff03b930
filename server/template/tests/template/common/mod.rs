//! Test support: Sprig's `list` and `dict` (the two constructors the recorded cases use) and a
//! one-call render of a template text.

#![allow(dead_code)]

use std::collections::BTreeMap;

use cw_template::{FuncError, FuncMap, MissingKey, Signature, Value};

/// `list` ([]interface {}) and `dict` (map[string]interface {}) as Sprig defines them.
pub fn test_funcs() -> FuncMap {
    let mut f = FuncMap::new();
    f.add("list", Signature::variadic(0), |_, args| {
        Ok(Value::list(args))
    });
    f.add("dict", Signature::variadic(0), |_, args| {
        let mut m = BTreeMap::new();
        let mut it = args.into_iter();
        while let Some(k) = it.next() {
            let key = match &k {
                Value::String(s) => s.to_string(),
                other => cw_template::fmt::sprint(std::slice::from_ref(other)),
            };
            m.insert(key, it.next().unwrap_or(Value::str("")));
        }
        Ok(Value::map(m))
    });
    f.add("fail", Signature::fixed(1), |_, args| {
        Err(FuncError::msg(cw_template::fmt::sprint(&args)))
    });
    f
}

/// Renders `text` (as template `name`) with `data`, Helm's `missingkey=zero`.
pub fn render(name: &str, text: &str, data: Value) -> (String, Option<String>) {
    cw_template::render_text(name, text, test_funcs(), MissingKey::Zero, data)
}

/// A JSON value as Helm's values reach templates: numbers are float64, objects are
/// `map[string]interface {}` (the root is `common.Values`).
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            Value::map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}
