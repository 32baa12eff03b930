//! Sprig's reflection functions: `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs` and
//! `deepEqual` (Go's `reflect.DeepEqual`: types must match exactly).

use std::sync::Arc;

use cw_template::{Function, Param, Signature, Value};

use crate::{FuncDoc, Registry};

/// Go's `reflect.DeepEqual` over template values (values nested deeper than
/// [`crate::defaults::MAX_NESTING`] compare unequal unless they are the same value).
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    deep_equal_at(a, b, 0)
}

fn deep_equal_at(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > crate::defaults::MAX_NESTING {
        return false;
    }
    let deep_equal = |x: &Value, y: &Value| deep_equal_at(x, y, depth + 1);
    if a.type_name() != b.type_name() {
        return false;
    }
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
        (Value::Uint64(x), Value::Uint64(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Complex(a1, b1), Value::Complex(a2, b2)) => a1 == a2 && b1 == b2,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            Arc::ptr_eq(x, y)
                || x.items.len() == y.items.len()
                    && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ptr_eq(y) {
                return true;
            }
            let (x, y) = (x.entries(), y.entries());
            x.len() == y.len()
                && x.iter()
                    .zip(&y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && deep_equal(v1, v2))
        }
        (Value::Object(x), Value::Object(y)) => {
            Arc::ptr_eq(x, y)
                || cw_template::fmt::sprintf("%#v", std::slice::from_ref(a))
                    == cw_template::fmt::sprintf("%#v", std::slice::from_ref(b))
        }
        _ => false,
    }
}

/// `reflect.Value.Kind().String()`: objects whose Go type is a pointer (`*semver.Version`,
/// `*common.Capabilities`) are `ptr`.
pub(crate) fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Object(o) if o.type_name().starts_with('*') => "ptr",
        _ => v.kind_name(),
    }
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Any, String as Str};
    let f = &mut r.funcs;
    f.insert(
        "typeOf",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::string(a[0].type_name()))
        }),
    );
    f.insert(
        "typeIs",
        Function::new(Signature::typed(&[Str, Any], None), |_, a| {
            Ok(Value::Bool(
                a[0].as_str() == Some(a[1].type_name().as_str()),
            ))
        }),
    );
    f.insert(
        "typeIsLike",
        Function::new(Signature::typed(&[Str, Any], None), |_, a| {
            let t = a[1].type_name();
            let target = a[0].as_str().unwrap_or("");
            Ok(Value::Bool(
                target == t || t.strip_prefix('*') == Some(target),
            ))
        }),
    );
    f.insert(
        "kindOf",
        Function::new(Signature::fixed(1), |_, a| Ok(Value::str(kind_name(&a[0])))),
    );
    f.insert(
        "kindIs",
        Function::new(Signature::typed(&[Str, Any], None), |_, a| {
            Ok(Value::Bool(a[0].as_str() == Some(kind_name(&a[1]))))
        }),
    );
    f.insert(
        "deepEqual",
        Function::new(Signature::fixed(2), |_, a| {
            Ok(Value::Bool(deep_equal(&a[0], &a[1])))
        }),
    );
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        (
            "typeOf",
            "typeOf(v interface{}) string",
            "The Go type of a value (`%T`).",
            "{{ typeOf 1.5 }} → float64",
        ),
        (
            "typeIs",
            "typeIs(target string, v interface{}) bool",
            "Whether the Go type of v is target.",
            "{{ typeIs \"int\" 1 }} → true",
        ),
        (
            "typeIsLike",
            "typeIsLike(target string, v interface{}) bool",
            "Like typeIs, also accepting a pointer to target.",
            "{{ typeIsLike \"int\" 1 }} → true",
        ),
        (
            "kindOf",
            "kindOf(v interface{}) string",
            "The Go kind of a value (map, slice, string, int, float64, ptr, ...).",
            "{{ kindOf .Values }} → map",
        ),
        (
            "kindIs",
            "kindIs(target string, v interface{}) bool",
            "Whether the Go kind of v is target.",
            "{{ kindIs \"slice\" (list) }} → true",
        ),
        (
            "deepEqual",
            "deepEqual(x, y interface{}) bool",
            "Go's reflect.DeepEqual: same types and deeply equal contents (1 and 1.0 differ).",
            "{{ deepEqual (list 1) (list 1) }} → true",
        ),
    ];
    for &(name, signature, summary, example) in d {
        r.docs.push(FuncDoc {
            name,
            signature,
            summary,
            example,
        });
    }
}
