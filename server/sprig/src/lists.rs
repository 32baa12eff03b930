//! Sprig's list functions (`list`, `append`, `first`, `uniq`, `slice`, `chunk`...), with the
//! reflection-based Go semantics: any slice type is accepted, results are `[]interface {}`, and
//! a wrong kind fails with Sprig's message (`Cannot find first on type string`).
//!
//! Also the helpers the other part-2 modules share: registration with docs, Go's
//! `reflect.DeepEqual`, `cast.ToInt` and Go's runtime panic texts.

use cw_template::{CallCtx, Elem, FuncError, Function, List, Param, Signature, Value};
use std::sync::Arc;

use crate::{FuncDoc, Registry};

/// Go's text for a nil pointer dereference (`reflect.TypeOf(nil).Kind()` in Sprig).
pub(crate) const NIL_DEREF: &str =
    "runtime error: invalid memory address or nil pointer dereference";

/// The documentation triple: Go signature, summary, example.
pub(crate) type Doc = (&'static str, &'static str, &'static str);

/// Registers `name` with its Go signature and doc. `iface` marks an `interface {}` result.
pub(crate) fn def(
    r: &mut Registry,
    name: &'static str,
    sig: Signature,
    iface: bool,
    doc: Doc,
    f: impl Fn(&mut CallCtx<'_, '_>, Vec<Value>) -> Result<Value, FuncError> + Send + Sync + 'static,
) {
    let mut func = Function::new(sig, f);
    if iface {
        func = func.returning_interface();
    }
    r.funcs.insert(name, func);
    r.docs.push(FuncDoc {
        name,
        signature: doc.0,
        summary: doc.1,
        example: doc.2,
    });
}

/// Registers the same implementation under several names (Sprig's aliases and `must` twins,
/// whose template-visible behaviour is identical: a panic and an error read the same).
pub(crate) fn def_many(
    r: &mut Registry,
    names: &[&'static str],
    sig: Signature,
    iface: bool,
    doc: Doc,
    f: impl Fn(&mut CallCtx<'_, '_>, Vec<Value>) -> Result<Value, FuncError>
        + Send
        + Sync
        + Clone
        + 'static,
) {
    for name in names {
        let sig_s = doc.0.replacen(names[0], name, 1);
        let sig_s: &'static str = if sig_s == doc.0 {
            doc.0
        } else {
            Box::leak(sig_s.into_boxed_str())
        };
        def(
            r,
            name,
            sig.clone(),
            iface,
            (sig_s, doc.1, doc.2),
            f.clone(),
        );
    }
}

/// The items of a Go slice or array (Sprig's `reflect.Slice, reflect.Array` case), or the kind
/// name Sprig's error prints. `Err(None)` is a nil argument (Go panics on it).
pub(crate) fn slice_items(v: &Value) -> Result<Vec<Value>, Option<&'static str>> {
    match v {
        Value::Nil => Err(None),
        Value::List(l) => Ok(l.items.clone()),
        Value::Bytes(b) => Ok(b.iter().map(|&x| Value::Int(x as i64)).collect()),
        Value::Object(o) => {
            if v.kind_name() == "slice" {
                Ok(o.range()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, e)| e)
                    .collect())
            } else {
                Err(Some(v.kind_name()))
            }
        }
        other => Err(Some(other.kind_name())),
    }
}

/// `slice_items` with Sprig's error text `PREFIX KIND`.
fn items_or(v: &Value, prefix: &str) -> Result<Vec<Value>, FuncError> {
    slice_items(v).map_err(|k| match k {
        None => FuncError::msg(NIL_DEREF),
        Some(k) => FuncError::msg(format!("{prefix} {k}")),
    })
}

/// Go's `reflect.DeepEqual` over template values (types must match exactly).
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    deep_equal_at(a, b, 0)
}

fn deep_equal_at(a: &Value, b: &Value, depth: usize) -> bool {
    // Go tracks visited maps to stop on cycles; a depth bound does the same for us.
    if depth > 200 {
        return true;
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
            x.type_name() == y.type_name()
                && x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(&y.items)
                    .all(|(p, q)| deep_equal_at(p, q, depth + 1))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ptr_eq(y) {
                return true;
            }
            if x.type_name() != y.type_name() {
                return false;
            }
            let (ex, ey) = (x.entries(), y.entries());
            ex.len() == ey.len()
                && ex
                    .iter()
                    .zip(&ey)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && deep_equal_at(v1, v2, depth + 1))
        }
        (Value::Object(x), Value::Object(y)) => {
            if Arc::ptr_eq(x, y) {
                return true;
            }
            x.type_name() == y.type_name()
                && cw_template::fmt::sprintf("%#v", std::slice::from_ref(a))
                    == cw_template::fmt::sprintf("%#v", std::slice::from_ref(b))
        }
        _ => false,
    }
}

/// spf13/cast's `ToInt` as Sprig uses it: numbers truncate, strings parse (base prefixes,
/// `"3.0"`), anything else (and any failure) is 0.
pub(crate) fn to_int(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Uint64(u) => *u as i64,
        Value::Float(f) => go_f64_to_i64(*f),
        Value::Bool(b) => *b as i64,
        Value::String(s) => parse_go_int(&trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// Go's float64 → int64 conversion on amd64 (out of range and NaN give the minimum int).
pub(crate) fn go_f64_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable: anything at or above it (or below -2^63) overflows.
    if f.is_nan() || !(-TWO_63..TWO_63).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's trimZeroDecimal: `"3.000"` → `"3"`.
fn trim_zero_decimal(s: &str) -> String {
    let mut found_zero = false;
    for (i, c) in s.char_indices().rev() {
        match c {
            '.' => {
                if found_zero {
                    return s[..i].to_string();
                }
                break;
            }
            '0' => found_zero = true,
            _ => break,
        }
    }
    s.to_string()
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    if digits.is_empty() {
        return None;
    }
    if digits.contains('_') {
        // Underscores only between digits (or right after a base prefix), never doubled or last.
        let bad_start = digits.starts_with('_') && !prefixed;
        if bad_start || digits.ends_with('_') || digits.contains("__") {
            return None;
        }
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let mag = u64::from_str_radix(&clean, base).ok()?;
    if neg {
        if mag > i64::MAX as u64 + 1 {
            None
        } else {
            Some((mag as i128).wrapping_neg() as i64)
        }
    } else if mag > i64::MAX as u64 {
        None
    } else {
        Some(mag as i64)
    }
}

fn any_list(items: Vec<Value>) -> Value {
    Value::list(items)
}

/// Go's `reflect.Value.Slice(i, j)` on a slice.
fn go_slice(v: &Value, start: i64, end: i64) -> Result<Value, FuncError> {
    match v {
        Value::List(l) => {
            if start < 0 || end < start || end as usize > l.items.len() {
                return Err(FuncError::msg(
                    "reflect.Value.Slice: slice index out of bounds",
                ));
            }
            Ok(Value::List(Arc::new(List {
                elem: l.elem,
                name: l.name.clone(),
                items: l.items[start as usize..end as usize].to_vec(),
                nil: l.nil && end == 0,
            })))
        }
        Value::Bytes(b) => {
            if start < 0 || end < start || end as usize > b.len() {
                return Err(FuncError::msg(
                    "reflect.Value.Slice: slice index out of bounds",
                ));
            }
            Ok(Value::Bytes(Arc::from(&b[start as usize..end as usize])))
        }
        other => {
            let items = items_or(other, "list should be type of string, slice or array but")?;
            if start < 0 || end < start || end as usize > items.len() {
                return Err(FuncError::msg(
                    "reflect.Value.Slice: slice index out of bounds",
                ));
            }
            Ok(any_list(items[start as usize..end as usize].to_vec()))
        }
    }
}

fn slice_impl(args: &[Value]) -> Result<Value, FuncError> {
    let list = &args[0];
    let len = match list {
        Value::Nil => return Err(FuncError::msg(NIL_DEREF)),
        other => items_or(other, "list should be type of slice or array but")?.len(),
    };
    if len == 0 {
        return Ok(Value::Nil);
    }
    let start = args.get(1).map(to_int).unwrap_or(0);
    let end = args.get(2).map(to_int).unwrap_or(len as i64);
    go_slice(list, start, end)
}

fn chunk_impl(size: i64, list: &Value) -> Result<Value, FuncError> {
    let items = items_or(list, "Cannot chunk type")?;
    let l = items.len() as f64;
    let size_f = size as f64;
    let cs = go_f64_to_i64(((l - 1.0) / size_f).floor() + 1.0);
    if cs < 0 || cs > items.len() as i64 + 1 {
        return Err(FuncError::msg("runtime error: makeslice: len out of range"));
    }
    let mut out = Vec::with_capacity(cs as usize);
    for i in 0..cs {
        let mut clen = size;
        if i == cs - 1 {
            clen = go_f64_to_i64((l % size_f).floor());
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(FuncError::msg("runtime error: makeslice: len out of range"));
        }
        let mut row = Vec::new();
        for j in 0..clen {
            let ix = i * size + j;
            match usize::try_from(ix).ok().and_then(|ix| items.get(ix)) {
                Some(v) => row.push(v.clone()),
                None => return Err(FuncError::msg("reflect: slice index out of range")),
            }
        }
        out.push(any_list(row));
    }
    Ok(Value::List(Arc::new(List {
        elem: Elem::Any,
        name: Some(Arc::from("[][]interface {}")),
        items: out,
        nil: false,
    })))
}

pub(crate) fn register(r: &mut Registry) {
    let any1 = Signature::fixed(1);
    def_many(
        r,
        &["list", "tuple"],
        Signature::variadic(0),
        false,
        (
            "list(v ...interface{}) []interface{}",
            "Makes a list of its arguments (`tuple` is an alias).",
            "{{ list 1 \"a\" 2 }} → [1 a 2]",
        ),
        |_, args| Ok(any_list(args)),
    );
    def_many(
        r,
        &["append", "mustAppend"],
        Signature::fixed(2),
        false,
        (
            "append(list interface{}, v interface{}) []interface{}",
            "A new list with `v` appended; the original list is unchanged.",
            "{{ append (list 1 2) 3 }} → [1 2 3]",
        ),
        |_, args| {
            let mut items = items_or(&args[0], "Cannot push on type")?;
            items.push(args[1].clone());
            Ok(any_list(items))
        },
    );
    def_many(
        r,
        &["prepend", "mustPrepend"],
        Signature::fixed(2),
        false,
        (
            "prepend(list interface{}, v interface{}) []interface{}",
            "A new list with `v` at the front.",
            "{{ prepend (list 1 2) 0 }} → [0 1 2]",
        ),
        |_, args| {
            let mut items = items_or(&args[0], "Cannot prepend on type")?;
            items.insert(0, args[1].clone());
            Ok(any_list(items))
        },
    );
    def_many(
        r,
        &["first", "mustFirst"],
        any1.clone(),
        true,
        (
            "first(list interface{}) interface{}",
            "The first item of a list (nil for an empty list).",
            "{{ first (list 1 2 3) }} → 1",
        ),
        |_, args| {
            let items = items_or(&args[0], "Cannot find first on type")?;
            Ok(items.into_iter().next().unwrap_or(Value::Nil))
        },
    );
    def_many(
        r,
        &["last", "mustLast"],
        any1.clone(),
        true,
        (
            "last(list interface{}) interface{}",
            "The last item of a list (nil for an empty list).",
            "{{ last (list 1 2 3) }} → 3",
        ),
        |_, args| {
            let items = items_or(&args[0], "Cannot find last on type")?;
            Ok(items.into_iter().last().unwrap_or(Value::Nil))
        },
    );
    def_many(
        r,
        &["rest", "mustRest"],
        any1.clone(),
        false,
        (
            "rest(list interface{}) []interface{}",
            "Every item but the first.",
            "{{ rest (list 1 2 3) }} → [2 3]",
        ),
        |_, args| {
            let items = items_or(&args[0], "Cannot find rest on type")?;
            if items.is_empty() {
                return Ok(Value::nil_list(Elem::Any));
            }
            Ok(any_list(items.into_iter().skip(1).collect()))
        },
    );
    def_many(
        r,
        &["initial", "mustInitial"],
        any1.clone(),
        false,
        (
            "initial(list interface{}) []interface{}",
            "Every item but the last.",
            "{{ initial (list 1 2 3) }} → [1 2]",
        ),
        |_, args| {
            let mut items = items_or(&args[0], "Cannot find initial on type")?;
            if items.is_empty() {
                return Ok(Value::nil_list(Elem::Any));
            }
            items.pop();
            Ok(any_list(items))
        },
    );
    def_many(
        r,
        &["reverse", "mustReverse"],
        any1.clone(),
        false,
        (
            "reverse(v interface{}) []interface{}",
            "A new list with the items in reverse order.",
            "{{ reverse (list 1 2 3) }} → [3 2 1]",
        ),
        |_, args| {
            let mut items = items_or(&args[0], "Cannot find reverse on type")?;
            items.reverse();
            Ok(any_list(items))
        },
    );
    def_many(
        r,
        &["uniq", "mustUniq"],
        any1.clone(),
        false,
        (
            "uniq(list interface{}) []interface{}",
            "The items without duplicates (compared with Go's reflect.DeepEqual, so 1 and 1.0 differ).",
            "{{ uniq (list 1 1 2) }} → [1 2]",
        ),
        |_, args| {
            let items = items_or(&args[0], "Cannot find uniq on type")?;
            let mut dest: Vec<Value> = Vec::new();
            for it in items {
                if !dest.iter().any(|d| deep_equal(&it, d)) {
                    dest.push(it);
                }
            }
            Ok(any_list(dest))
        },
    );
    def_many(
        r,
        &["without", "mustWithout"],
        Signature::variadic(1),
        false,
        (
            "without(list interface{}, omit ...interface{}) []interface{}",
            "The items of the list that equal none of `omit`.",
            "{{ without (list 1 2 3) 2 }} → [1 3]",
        ),
        |_, args| {
            let items = items_or(&args[0], "Cannot find without on type")?;
            let omit = &args[1..];
            Ok(any_list(
                items
                    .into_iter()
                    .filter(|it| !omit.iter().any(|o| deep_equal(it, o)))
                    .collect(),
            ))
        },
    );
    def_many(
        r,
        &["has", "mustHas"],
        Signature::fixed(2),
        false,
        (
            "has(needle interface{}, haystack interface{}) bool",
            "Whether the list contains the value (false for a nil list).",
            "{{ has 2 (list 1 2 3) }} → true",
        ),
        |_, args| {
            if args[1].is_nil() {
                return Ok(Value::Bool(false));
            }
            let items = items_or(&args[1], "Cannot find has on type")?;
            Ok(Value::Bool(items.iter().any(|it| deep_equal(&args[0], it))))
        },
    );
    def_many(
        r,
        &["slice", "mustSlice"],
        Signature::variadic(1),
        true,
        (
            "slice(list interface{}, indices ...interface{}) interface{}",
            "`list[start:end]` of a slice, keeping its type; nil for an empty list.",
            "{{ slice (list 1 2 3 4) 1 3 }} → [2 3]",
        ),
        |_, args| slice_impl(&args),
    );
    def(
        r,
        "concat",
        Signature::variadic(0),
        true,
        (
            "concat(lists ...interface{}) interface{}",
            "Joins several lists into one.",
            "{{ concat (list 1 2) (list 3) }} → [1 2 3]",
        ),
        |_, args| {
            let mut res = Vec::new();
            for l in &args {
                match slice_items(l) {
                    Ok(items) => res.extend(items),
                    Err(None) => return Err(FuncError::msg(NIL_DEREF)),
                    Err(Some(k)) => {
                        return Err(FuncError::msg(format!("Cannot concat type {k} as list")))
                    }
                }
            }
            // Go appends to a nil slice: nothing appended, nothing allocated.
            if res.is_empty() {
                return Ok(Value::nil_list(Elem::Any));
            }
            Ok(any_list(res))
        },
    );
    def_many(
        r,
        &["chunk", "mustChunk"],
        Signature::typed(&[Param::Int, Param::Any], None),
        false,
        (
            "chunk(size int, list interface{}) [][]interface{}",
            "Splits a list into lists of `size` items (the last may be shorter).",
            "{{ chunk 2 (list 1 2 3) }} → [[1 2] [3]]",
        ),
        |_, args| chunk_impl(args[0].as_int().unwrap_or(0), &args[1]),
    );
}
