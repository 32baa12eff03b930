//! Go text/template's builtin functions (`eq ne lt le gt ge index slice len not html js urlquery
//! print printf println call`) with Go's exact error texts. `and`/`or` short-circuit and are
//! evaluated by the executor.

use std::sync::Arc;

use crate::fmt::{sprint, sprintf, sprintln};
use crate::value::{Elem, List, Val, Value};

/// Names of Go's builtins, in Go's table order.
pub const BUILTIN_NAMES: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// A Go builtin, resolved from its name once per call instead of matched by name at each step.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Builtin {
    And,
    Call,
    Html,
    Index,
    Slice,
    Js,
    Len,
    Not,
    Or,
    Print,
    Printf,
    Println,
    Urlquery,
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
}

impl Builtin {
    /// The builtin called `name`, if any.
    #[inline]
    pub(crate) fn from_name(name: &str) -> Option<Builtin> {
        Some(match name {
            "and" => Builtin::And,
            "call" => Builtin::Call,
            "html" => Builtin::Html,
            "index" => Builtin::Index,
            "slice" => Builtin::Slice,
            "js" => Builtin::Js,
            "len" => Builtin::Len,
            "not" => Builtin::Not,
            "or" => Builtin::Or,
            "print" => Builtin::Print,
            "printf" => Builtin::Printf,
            "println" => Builtin::Println,
            "urlquery" => Builtin::Urlquery,
            "eq" => Builtin::Eq,
            "ge" => Builtin::Ge,
            "gt" => Builtin::Gt,
            "le" => Builtin::Le,
            "lt" => Builtin::Lt,
            "ne" => Builtin::Ne,
            _ => return None,
        })
    }

    /// Go's arity: (fixed parameters, variadic).
    #[inline]
    pub(crate) fn arity(self) -> (usize, bool) {
        use Builtin::*;
        match self {
            And | Or | Call | Index | Slice | Eq => (1, true),
            Html | Js | Urlquery | Print | Println => (0, true),
            Printf => (1, true),
            Len | Not => (1, false),
            Ge | Gt | Le | Lt | Ne => (2, false),
        }
    }
}

/// Go's arity of a builtin: (fixed parameters, variadic).
pub(crate) fn arity(name: &str) -> Option<(usize, bool)> {
    Builtin::from_name(name).map(Builtin::arity)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    Complex,
    String,
    Uint,
}

fn basic_kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) | Value::Int64(_) => Kind::Int,
        Value::Uint64(_) => Kind::Uint,
        Value::Float(_) => Kind::Float,
        Value::Complex(..) => Kind::Complex,
        Value::String(_) => Kind::String,
        Value::Object(o) => match o.repr() {
            crate::value::Repr::Value(inner) => basic_kind(&inner),
            _ => Kind::Invalid,
        },
        _ => Kind::Invalid,
    }
}

fn as_i(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        _ => 0,
    }
}
fn as_u(v: &Value) -> u64 {
    match v {
        Value::Uint64(u) => *u,
        _ => 0,
    }
}
fn as_f(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        _ => 0.0,
    }
}
fn as_b(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}
fn as_s(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// Go's reflect kind, for the non-basic comparisons.
fn reflect_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "invalid",
        Value::Map(_) => "map",
        Value::List(_) | Value::Bytes(_) => "slice",
        Value::Object(_) => "struct",
        _ => "basic",
    }
}

/// A named basic type (an object printing as a basic value) compares as its underlying value.
fn underlying(v: &Value) -> std::borrow::Cow<'_, Value> {
    match v {
        Value::Object(o) => match o.repr() {
            crate::value::Repr::Value(inner) if !matches!(inner, Value::Object(_)) => {
                std::borrow::Cow::Owned(inner)
            }
            _ => std::borrow::Cow::Borrowed(v),
        },
        _ => std::borrow::Cow::Borrowed(v),
    }
}

fn eq_one(oa: &Value, ob: &Value) -> Result<bool, String> {
    let (ua, ub) = (underlying(oa), underlying(ob));
    let (a, b) = (&*ua, &*ub);
    let k1 = basic_kind(a);
    let k2 = basic_kind(b);
    if k1 != k2 {
        return match (k1, k2) {
            (Kind::Int, Kind::Uint) => Ok(as_i(a) >= 0 && as_i(a) as u64 == as_u(b)),
            (Kind::Uint, Kind::Int) => Ok(as_i(b) >= 0 && as_u(a) == as_i(b) as u64),
            _ => {
                if !a.is_nil() && !b.is_nil() {
                    Err(format!(
                        "incompatible types for comparison: {} and {}",
                        oa.type_name(),
                        ob.type_name()
                    ))
                } else {
                    Ok(false)
                }
            }
        };
    }
    Ok(match k1 {
        Kind::Bool => as_b(a) == as_b(b),
        Kind::Float => as_f(a) == as_f(b),
        Kind::Complex => {
            matches!((a, b), (Value::Complex(r1, i1), Value::Complex(r2, i2)) if r1 == r2 && i1 == i2)
        }
        Kind::Int => as_i(a) == as_i(b),
        Kind::String => as_s(a) == as_s(b),
        Kind::Uint => as_u(a) == as_u(b),
        Kind::Invalid => {
            let (r1, r2) = (reflect_kind(a), reflect_kind(b));
            if r1 != r2 && r1 != "invalid" && r2 != "invalid" {
                return Err(format!(
                    "non-comparable types {}: {}, {}: {}",
                    sprintf("%s", std::slice::from_ref(a)),
                    a.type_name(),
                    b.type_name(),
                    sprint(std::slice::from_ref(b))
                ));
            }
            if a.is_nil() || b.is_nil() {
                a.is_nil() == b.is_nil()
            } else {
                match (a, b) {
                    (Value::Object(x), Value::Object(y)) => Arc::ptr_eq(x, y),
                    _ => {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            sprintf("%s", std::slice::from_ref(b)),
                            b.type_name()
                        ))
                    }
                }
            }
        }
    })
}

/// `eq arg1 arg2...`: true when arg1 equals any of the others.
pub fn eq(arg1: &Value, rest: &[Value]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    for b in rest {
        if eq_one(arg1, b)? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn ne(a: &Value, b: &Value) -> Result<bool, String> {
    eq(a, std::slice::from_ref(b)).map(|t| !t)
}

pub fn lt(oa: &Value, ob: &Value) -> Result<bool, String> {
    let (ua, ub) = (underlying(oa), underlying(ob));
    let (a, b) = (&*ua, &*ub);
    let k1 = basic_kind(a);
    if k1 == Kind::Invalid {
        return Err("invalid type for comparison".into());
    }
    let k2 = basic_kind(b);
    if k2 == Kind::Invalid {
        return Err("invalid type for comparison".into());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (Kind::Int, Kind::Uint) => Ok(as_i(a) < 0 || (as_i(a) as u64) < as_u(b)),
            (Kind::Uint, Kind::Int) => Ok(as_i(b) >= 0 && as_u(a) < as_i(b) as u64),
            _ => Err(format!(
                "incompatible types for comparison: {} and {}",
                oa.type_name(),
                ob.type_name()
            )),
        };
    }
    match k1 {
        Kind::Bool | Kind::Complex | Kind::Invalid => Err("invalid type for comparison".into()),
        Kind::Float => Ok(as_f(a) < as_f(b)),
        Kind::Int => Ok(as_i(a) < as_i(b)),
        Kind::String => Ok(as_s(a) < as_s(b)),
        Kind::Uint => Ok(as_u(a) < as_u(b)),
    }
}

pub fn le(a: &Value, b: &Value) -> Result<bool, String> {
    let l = lt(a, b)?;
    if l {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b))
}

pub fn gt(a: &Value, b: &Value) -> Result<bool, String> {
    le(a, b).map(|t| !t)
}

pub fn ge(a: &Value, b: &Value) -> Result<bool, String> {
    lt(a, b).map(|t| !t)
}

fn index_arg(index: &Value, cap: usize) -> Result<usize, String> {
    let x: i64 = match index {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Uint64(u) => *u as i64,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// `index item i j...`: item[i][j]... on maps, slices and strings. The result keeps the static
/// type of the container's element (`interface {}` for `[]interface {}` and maps of it).
pub(crate) fn index(item: &Val, indexes: &[Value]) -> Result<Val, String> {
    if item.v.is_nil() {
        return Err("index of untyped nil".into());
    }
    let mut cur = item.clone();
    for ix in indexes {
        if cur.v.is_nil() {
            return Err("index of nil pointer".into());
        }
        cur = match &cur.v {
            Value::List(l) => {
                let x = index_arg(ix, l.items.len())?;
                match l.items.get(x) {
                    Some(v) => Val {
                        v: v.clone(),
                        iface: l.elem == Elem::Any,
                    },
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(ix, b.len())?;
                match b.get(x) {
                    Some(c) => Val::new(Value::Uint64(*c as u64)),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Value::String(s) => {
                let x = index_arg(ix, s.len())?;
                match s.as_bytes().get(x) {
                    Some(c) => Val::new(Value::Uint64(*c as u64)),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Value::Map(m) => {
                let key = match ix {
                    Value::String(k) => k.clone(),
                    Value::Nil => return Err("value is nil; should be of type string".into()),
                    other => {
                        return Err(format!(
                            "value has type {}; should be string",
                            other.type_name()
                        ))
                    }
                };
                let g = m.read();
                match g.lookup(&key) {
                    Some(v) => Val {
                        v: v.clone(),
                        iface: g.elem == Elem::Any,
                    },
                    None => Val {
                        v: g.elem.zero(),
                        iface: g.elem == Elem::Any,
                    },
                }
            }
            Value::Object(o) if o.is_map() => {
                let key = match ix {
                    Value::String(k) => k.clone(),
                    Value::Nil => return Err("value is nil; should be of type string".into()),
                    other => {
                        return Err(format!(
                            "value has type {}; should be string",
                            other.type_name()
                        ))
                    }
                };
                Val::iface(o.field(&key).unwrap_or(Value::Nil))
            }
            Value::Object(o) => match o.repr() {
                crate::value::Repr::Value(inner) => {
                    return index(&Val::new(inner), std::slice::from_ref(ix)).and_then(|v| {
                        let rest_start = indexes
                            .iter()
                            .position(|p| std::ptr::eq(p, ix))
                            .map_or(indexes.len(), |p| p + 1);
                        index(&v, &indexes[rest_start..])
                    })
                }
                _ => return Err(format!("can't index item of type {}", o.type_name())),
            },
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(cur)
}

/// Go's builtin `slice item [i [j [k]]]`.
pub(crate) fn slice(item: &Val, indexes: &[Value]) -> Result<Value, String> {
    if item.v.is_nil() {
        return Err("slice of untyped nil".into());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match &item.v {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::List(l) => l.items.len(),
        Value::Bytes(b) => b.len(),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut idx = [0usize, len, len];
    for (i, ix) in indexes.iter().enumerate() {
        idx[i] = index_arg(ix, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match &item.v {
        Value::String(s) => match s.get(idx[0]..idx[1]) {
            Some(sub) => Value::str(sub),
            None => Value::Bytes(Arc::from(&s.as_bytes()[idx[0]..idx[1]])).bytes_to_string(),
        },
        Value::List(l) => Value::List(Arc::new(List {
            elem: l.elem,
            name: l.name.clone(),
            items: l.items[idx[0]..idx[1]].to_vec(),
            nil: l.nil && idx[1] == 0,
        })),
        Value::Bytes(b) => Value::Bytes(Arc::from(&b[idx[0]..idx[1]])),
        _ => Value::Nil,
    })
}

/// Go's builtin `len`.
pub(crate) fn len(item: &Val) -> Result<Value, String> {
    let n = match &item.v {
        Value::Nil if item.iface => return Err("len of nil pointer".into()),
        Value::Nil => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        Value::String(s) => crate::gostr::go_len(s),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.items.len(),
        Value::Map(m) => m.len(),
        Value::Object(o) => match o.len() {
            Some(n) => n,
            None => return Err(format!("len of type {}", o.type_name())),
        },
        other => return Err(format!("len of type {}", other.type_name())),
    };
    Ok(Value::Int(n as i64))
}

/// What `html`, `js` and `urlquery` escape: the single string argument, or `Sprint` of the
/// arguments with nils printed as `<no value>`.
fn eval_args(args: &[Val]) -> String {
    if let [Val {
        v: Value::String(s),
        ..
    }] = args
    {
        return s.to_string();
    }
    let vals: Vec<Value> = args
        .iter()
        .map(|a| {
            if a.v.is_nil() {
                Value::str("<no value>")
            } else {
                a.v.clone()
            }
        })
        .collect();
    sprint(&vals)
}

/// `None` once the result would be longer than `limit` bytes (the output limit: the escapes
/// multiply the text, so escaping an escape in a loop would otherwise grow without bound).
pub(crate) fn html(args: &[Val], limit: usize) -> Option<String> {
    let s = eval_args(args);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if out.len() > limit {
            return None;
        }
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    (out.len() <= limit).then_some(out)
}

/// `None` once the result would be longer than `limit` bytes (the output limit: the escapes
/// multiply the text, so escaping an escape in a loop would otherwise grow without bound).
pub(crate) fn js(args: &[Val], limit: usize) -> Option<String> {
    let s = eval_args(args);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if out.len() > limit {
            return None;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if (c as u32) < 0x80 => out.push(c),
            c => {
                if crate::fmt::is_print(c) {
                    out.push(c)
                } else {
                    out.push_str(&format!("\\u{:04X}", c as u32))
                }
            }
        }
    }
    (out.len() <= limit).then_some(out)
}

/// `url.QueryEscape`.
/// `None` once the result would be longer than `limit` bytes (the output limit: the escapes
/// multiply the text, so escaping an escape in a loop would otherwise grow without bound).
pub(crate) fn urlquery(args: &[Val], limit: usize) -> Option<String> {
    let s = eval_args(args);
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if out.len() > limit {
            return None;
        }
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    (out.len() <= limit).then_some(out)
}

pub(crate) fn print(args: &[Value]) -> Value {
    Value::string(sprint(args))
}

pub(crate) fn println(args: &[Value]) -> Value {
    Value::string(sprintln(args))
}

impl Value {
    /// A `[]byte` turned into a Go string (bytes that are not UTF-8 carried, see
    /// [`crate::gostr`]).
    pub(crate) fn bytes_to_string(self) -> Value {
        match self {
            Value::Bytes(b) => Value::string(crate::gostr::from_go_bytes(&b)),
            other => other,
        }
    }
}
