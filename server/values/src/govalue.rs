//! Template values to `cw_yaml::GoValue`, the input of Helm's `toJson`/`toYaml` encoders.

use cw_template::{Repr, Value};
use cw_yaml::GoValue;

/// Converts a template value into the Go value `encoding/json` (and through it `toYaml`) sees.
///
/// - `int`/`int64` become [`GoValue::Int`], `uint64` [`GoValue::Uint`], `float64`
///   [`GoValue::Float`] (Go prints `1` for both an int64 1 and a float64 1.0).
/// - `[]byte` becomes its standard base64 text, as `json.Marshal` writes it.
/// - Named maps (`common.Values`) and slices are plain maps and lists.
/// - Objects: a struct becomes a map of its fields, a Stringer its string, a named value its
///   underlying value.
/// - `complex128`, which `encoding/json` refuses, becomes a NaN float so that
///   [`cw_yaml::go_json_marshal`] fails the same way (`toJson` then prints nothing, as Helm's).
pub fn to_go_value(v: &Value) -> GoValue {
    to_go(v, 0)
}

fn to_go(v: &Value, depth: usize) -> GoValue {
    if depth > 2000 {
        // Deeper than encoding/json's cycle guard: refuse like a cycle would.
        return GoValue::Float(f64::NAN);
    }
    match v {
        Value::Nil => GoValue::Null,
        Value::Bool(b) => GoValue::Bool(*b),
        Value::Int(i) | Value::Int64(i) => GoValue::Int(*i),
        Value::Uint64(u) => GoValue::Uint(*u),
        Value::Float(f) => GoValue::Float(*f),
        Value::Complex(..) => GoValue::Float(f64::NAN),
        Value::String(s) => GoValue::String(s.to_string()),
        Value::Bytes(b) => GoValue::String(base64(b)),
        Value::List(l) => GoValue::Seq(l.items.iter().map(|x| to_go(x, depth + 1)).collect()),
        Value::Map(m) => GoValue::Map(
            m.read()
                .entries
                .iter()
                .map(|(k, x)| (k.clone(), to_go(x, depth + 1)))
                .collect(),
        ),
        Value::Object(o) => match o.repr() {
            Repr::Stringer(s) => GoValue::String(s),
            Repr::Struct { fields, .. } => GoValue::Map(
                fields
                    .iter()
                    .map(|(k, x)| (k.clone(), to_go(x, depth + 1)))
                    .collect(),
            ),
            Repr::Value(inner) => to_go(&inner, depth + 1),
        },
    }
}

/// Standard base64 with padding (Go's `base64.StdEncoding`).
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ALPHABET[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_go() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn json_of_mixed_values() {
        let v = Value::map_from([
            ("i", Value::Int64(10)),
            ("f", Value::Float(1.5)),
            ("n", Value::Nil),
            ("l", Value::list(vec![Value::str("<a>"), Value::Bool(true)])),
        ]);
        assert_eq!(
            cw_yaml::go_json_marshal(&to_go_value(&v)),
            r#"{"f":1.5,"i":10,"l":["\u003ca\u003e",true],"n":null}"#
        );
    }
}
