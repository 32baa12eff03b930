//! The methods of Helm's values type (`common.Values`), which templates can call on `.Values`
//! (and on what `Table` returns): `YAML`, `AsMap`, `Table`, `PathValue` and `Encode`. Go looks
//! methods up before map keys, so a values key named like a method is reached with `index`.

use std::sync::Arc;

use cw_template::{Elem, FuncError, Function, MapMethods, MapRef, Param, Signature, Value};

use crate::convert::{value_to_go, VALUES_TYPE};

/// The method table of every `common.Values` map the engine hands to templates.
pub(crate) struct ValuesMethods;

/// A `common.Values` map with the methods, holding `entries`' entries.
pub(crate) fn values_map_from(entries: &MapRef) -> Value {
    let v = Value::typed_map(Some(VALUES_TYPE), Elem::Any, entries.read().entries.clone());
    with_methods(&v);
    v
}

/// Gives a `common.Values` map its methods.
pub(crate) fn with_methods(v: &Value) {
    if let Value::Map(m) = v {
        m.write().methods = Some(Arc::new(ValuesMethods));
    }
}

/// Go's `%q` of a key, as Helm's `ErrNoTable`/`ErrNoValue` print it.
fn q(key: &str) -> String {
    cw_template::fmt::quote(key.as_bytes(), false)
}

/// `Values.Table`: the table at a dotted path; `"KEY" is not a table` at the first part that
/// is missing or not a map.
fn table(root: &MapRef, path: &str) -> Result<MapRef, String> {
    let mut table = root.clone();
    for part in path.split('.') {
        let next = table.read().lookup(part).cloned();
        match next {
            Some(Value::Map(m)) => table = m,
            _ => return Err(format!("{} is not a table", q(part))),
        }
    }
    Ok(table)
}

/// Helm's `istable`: a map.
fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

/// `Values.PathValue`: the non-table value at a dotted path.
fn path_value(root: &MapRef, path: &str) -> Result<Value, String> {
    if path.is_empty() {
        return Err("YAML path cannot be empty".into());
    }
    let (parent, key) = match path.rsplit_once('.') {
        Some((parent, key)) => (table(root, parent).ok(), key),
        None => (Some(root.clone()), path),
    };
    let found = parent.and_then(|t| t.read().lookup(key).cloned());
    match found {
        Some(v) if !is_table(&v) => Ok(v),
        _ => Err(format!("{} is not a value", q(key))),
    }
}

impl MapMethods for ValuesMethods {
    /// Fixed and free of side effects: `.Values.x` reads stay as fast as in a map without
    /// methods (remembered per map state by cw-template's executor).
    fn static_names(&self) -> Option<&'static [&'static str]> {
        Some(&["YAML", "AsMap", "Table", "PathValue", "Encode"])
    }

    fn method(&self, receiver: &MapRef, name: &str) -> Option<Function> {
        let m = receiver.clone();
        Some(match name {
            // sigs.k8s.io/yaml's Marshal of the map, final newline kept.
            "YAML" => Function::new(Signature::fixed(0), move |_, _| {
                let v = Value::Map(m.clone());
                if cw_template::limit::value_too_big(&v) {
                    return Ok(Value::Nil);
                }
                let yaml = value_to_go(&v)
                    .and_then(|g| cw_yaml::try_go_json_marshal(&g))
                    .and_then(|json| cw_yaml::json_to_yaml(&json))
                    .map_err(FuncError::msg)?;
                Ok(Value::string(yaml))
            }),
            "AsMap" => Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::map(m.read().entries.clone()))
            }),
            "Table" => Function::new(Signature::typed(&[Param::String], None), move |_, a| {
                let t = table(&m, a[0].as_str().unwrap_or("")).map_err(FuncError::msg)?;
                Ok(values_map_from(&t))
            }),
            "PathValue" => Function::new(Signature::typed(&[Param::String], None), move |_, a| {
                path_value(&m, a[0].as_str().unwrap_or("")).map_err(FuncError::msg)
            })
            .returning_interface(),
            // `Encode(w io.Writer) error`: a template has no writer to give it; a nil one is a
            // nil dereference inside the encoder (recovered by text/template as the call's
            // error).
            "Encode" => Function::new(Signature::typed(&[Param::Writer], None), |_, _| {
                Err(FuncError::msg(
                    "runtime error: invalid memory address or nil pointer dereference",
                ))
            }),
            _ => return None,
        })
    }
}
