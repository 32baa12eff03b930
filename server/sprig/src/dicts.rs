//! Sprig's dictionary functions (`dict`, `get`, `set`, `merge`, `dig`...). Maps are shared and
//! mutable like Go maps: `set`, `unset` and `merge` change the map they are given. `merge` and
//! `mergeOverwrite` follow dario.cat/mergo v1 (`Merge` / `MergeWithOverwrite` on maps).

use std::collections::BTreeMap;

use cw_template::{Elem, FuncError, MapRef, Param, Signature, Value};

use crate::lists::{def, def_many};
use crate::Registry;

/// Sprig's `strval`: strings as is, anything else as `%v`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => cw_template::gostr::from_go_bytes(b),
        other => cw_template::fmt::sprintf("%v", std::slice::from_ref(other)),
    }
}

/// Go's failed type assertion `x.(map[string]interface{})`.
fn assert_map(v: &Value) -> Result<MapRef, FuncError> {
    match v {
        Value::Map(m) if m.elem() == Elem::Any && m.read().name.is_none() => Ok(m.clone()),
        Value::Nil => Err(FuncError::msg(
            "interface conversion: interface {} is nil, not map[string]interface {}",
        )),
        other => Err(FuncError::msg(format!(
            "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
            other.type_name()
        ))),
    }
}

/// mergo's `isEmptyValue` (dereferencing interfaces): zero values are empty.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) | Value::Int64(i) => *i == 0,
        Value::Uint64(u) => *u == 0,
        Value::Float(f) => *f == 0.0,
        Value::Complex(a, b) => *a == 0.0 && *b == 0.0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.items.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Object(_) => false,
    }
}

fn is_map(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_slice(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Bytes(_))
}

/// How deep `merge` follows nested maps (Go has no limit and overflows its stack on cyclic
/// maps; we stop with an error).
const MAX_MERGE_DEPTH: usize = 256;

/// mergo's `deepMerge` for a map destination and a map source.
fn merge_maps(dst: &MapRef, src: &MapRef, overwrite: bool, depth: usize) -> Result<(), FuncError> {
    if depth > MAX_MERGE_DEPTH {
        return Err(FuncError::msg("merge: maps nested too deeply"));
    }
    // Snapshot first: the source may be the destination itself (or contain it).
    let src_entries = src.entries();
    for (key, s) in src_entries {
        let d = dst.get(&key);
        if s.is_nil() {
            // A nil interface in the source: only an overwrite copies it.
            if overwrite {
                dst.insert(key, Value::Nil);
            }
            continue;
        }
        if let Value::Map(sm) = &s {
            if let Some(Value::Map(dm)) = &d {
                if !dm.ptr_eq(sm) {
                    merge_maps(dm, sm, overwrite, depth + 1)?;
                }
            }
        }
        if is_slice(&s) && overwrite {
            dst.insert(key, s);
            continue;
        }
        if let Some(dv) = &d {
            if !is_empty(dv) && (is_slice(&s) || (is_map(&s) && is_map(dv))) {
                continue;
            }
        }
        if overwrite || d.as_ref().is_none_or(is_empty) {
            dst.insert(key, s);
        }
    }
    Ok(())
}

fn merge_impl(args: Vec<Value>, overwrite: bool) -> Result<Value, FuncError> {
    let dst = match &args[0] {
        Value::Map(m) => m.clone(),
        _ => return Ok(Param::Map.zero()),
    };
    for src in &args[1..] {
        if let Value::Map(s) = src {
            merge_maps(&dst, s, overwrite, 0)?;
        }
    }
    Ok(Value::Map(dst))
}

fn map_arg(v: &Value) -> MapRef {
    match v {
        Value::Map(m) => m.clone(),
        _ => MapRef::new(Default::default()),
    }
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Map, String as Str};
    def(
        r,
        "dict",
        Signature::variadic(0),
        false,
        (
            "dict(v ...interface{}) map[string]interface{}",
            "Makes a map from key/value pairs; keys are turned into strings, a missing last value is \"\".",
            "{{ dict \"a\" 1 \"b\" 2 }} → map[a:1 b:2]",
        ),
        |_, args| {
            let mut m = BTreeMap::new();
            let mut i = 0;
            while i < args.len() {
                let key = strval(&args[i]);
                let v = args.get(i + 1).cloned().unwrap_or_else(|| Value::str(""));
                m.insert(key, v);
                i += 2;
            }
            Ok(Value::map(m))
        },
    );
    def(
        r,
        "get",
        Signature::typed(&[Map, Str], None),
        true,
        (
            "get(d map[string]interface{}, key string) interface{}",
            "The value at `key`, or \"\" when the key is absent.",
            "{{ get (dict \"a\" 1) \"a\" }} → 1",
        ),
        |_, args| {
            let m = map_arg(&args[0]);
            Ok(m.get(args[1].as_str().unwrap_or(""))
                .unwrap_or_else(|| Value::str("")))
        },
    );
    def(
        r,
        "set",
        Signature::typed(&[Map, Str, Param::Any], None),
        false,
        (
            "set(d map[string]interface{}, key string, value interface{}) map[string]interface{}",
            "Sets `key` in the map (changing it) and returns the map.",
            "{{ $_ := set $d \"a\" 1 }}",
        ),
        |_, args| {
            let m = map_arg(&args[0]);
            m.insert(args[1].as_str().unwrap_or(""), args[2].clone());
            Ok(Value::Map(m))
        },
    );
    def(
        r,
        "unset",
        Signature::typed(&[Map, Str], None),
        false,
        (
            "unset(d map[string]interface{}, key string) map[string]interface{}",
            "Deletes `key` from the map (changing it) and returns the map.",
            "{{ $_ := unset $d \"a\" }}",
        ),
        |_, args| {
            let m = map_arg(&args[0]);
            m.write().entries.remove(args[1].as_str().unwrap_or(""));
            Ok(Value::Map(m))
        },
    );
    def(
        r,
        "hasKey",
        Signature::typed(&[Map, Str], None),
        false,
        (
            "hasKey(d map[string]interface{}, key string) bool",
            "Whether the map has the key.",
            "{{ hasKey (dict \"a\" 1) \"a\" }} → true",
        ),
        |_, args| {
            let m = map_arg(&args[0]);
            Ok(Value::Bool(m.get(args[1].as_str().unwrap_or("")).is_some()))
        },
    );
    def(
        r,
        "pluck",
        Signature::typed(&[Str], Some(Map)),
        false,
        (
            "pluck(key string, d ...map[string]interface{}) []interface{}",
            "The values at `key` in each map that has it.",
            "{{ pluck \"a\" (dict \"a\" 1) (dict \"a\" 2) }} → [1 2]",
        ),
        |_, args| {
            let key = args[0].as_str().unwrap_or("");
            Ok(Value::list(
                args[1..]
                    .iter()
                    .filter_map(|d| map_arg(d).get(key))
                    .collect(),
            ))
        },
    );
    def(
        r,
        "keys",
        Signature::typed(&[], Some(Map)),
        false,
        (
            "keys(dicts ...map[string]interface{}) []string",
            "The keys of the maps, as a []string. Go gives them in random order: sort them with sortAlpha.",
            "{{ keys (dict \"b\" 1 \"a\" 2) | sortAlpha }} → [a b]",
        ),
        |_, args| {
            let mut k = Vec::new();
            for d in &args {
                k.extend(map_arg(d).entries().into_iter().map(|(k, _)| Value::string(k)));
            }
            Ok(Value::typed_list(Elem::String, k))
        },
    );
    def(
        r,
        "pick",
        Signature::typed(&[Map], Some(Str)),
        false,
        (
            "pick(dict map[string]interface{}, keys ...string) map[string]interface{}",
            "A new map with only the given keys.",
            "{{ pick (dict \"a\" 1 \"b\" 2) \"a\" }} → map[a:1]",
        ),
        |_, args| {
            let m = map_arg(&args[0]);
            let mut res = BTreeMap::new();
            for k in &args[1..] {
                let k = k.as_str().unwrap_or("");
                if let Some(v) = m.get(k) {
                    res.insert(k.to_string(), v);
                }
            }
            Ok(Value::map(res))
        },
    );
    def(
        r,
        "omit",
        Signature::typed(&[Map], Some(Str)),
        false,
        (
            "omit(dict map[string]interface{}, keys ...string) map[string]interface{}",
            "A new map without the given keys.",
            "{{ omit (dict \"a\" 1 \"b\" 2) \"a\" }} → map[b:2]",
        ),
        |_, args| {
            let m = map_arg(&args[0]);
            let omit: Vec<&str> = args[1..].iter().filter_map(|k| k.as_str()).collect();
            Ok(Value::map(
                m.entries()
                    .into_iter()
                    .filter(|(k, _)| !omit.contains(&k.as_str()))
                    .collect(),
            ))
        },
    );
    def_many(
        r,
        &["merge", "mustMerge"],
        Signature::typed(&[Map], Some(Map)),
        true,
        (
            "merge(dst map[string]interface{}, srcs ...map[string]interface{}) interface{}",
            "Deep-merges the sources into `dst` (changing it): keys `dst` already has with a non-empty value win.",
            "{{ merge (dict \"a\" 1) (dict \"a\" 2 \"b\" 3) }} → map[a:1 b:3]",
        ),
        |_, args| merge_impl(args, false),
    );
    def_many(
        r,
        &["mergeOverwrite", "mustMergeOverwrite"],
        Signature::typed(&[Map], Some(Map)),
        true,
        (
            "mergeOverwrite(dst map[string]interface{}, srcs ...map[string]interface{}) interface{}",
            "Deep-merges the sources into `dst` (changing it); source values win, even empty ones.",
            "{{ mergeOverwrite (dict \"a\" 1) (dict \"a\" 2) }} → map[a:2]",
        ),
        |_, args| merge_impl(args, true),
    );
    def(
        r,
        "values",
        Signature::typed(&[Map], None),
        false,
        (
            "values(dict map[string]interface{}) []interface{}",
            "The values of the map (Go gives them in random order).",
            "{{ values (dict \"a\" 1) }} → [1]",
        ),
        |_, args| {
            Ok(Value::list(
                map_arg(&args[0])
                    .entries()
                    .into_iter()
                    .map(|(_, v)| v)
                    .collect(),
            ))
        },
    );
    def(
        r,
        "dig",
        Signature::variadic(0),
        true,
        (
            "dig(ps ...interface{}) (interface{}, error)",
            "Walks nested maps by keys, returning the default when a key is missing: `dig k1 k2 default map`. The map must be a plain map[string]interface{} (not .Values itself).",
            "{{ dig \"a\" \"b\" \"none\" (dict \"a\" (dict \"b\" 1)) }} → 1",
        ),
        |_, args| {
            if args.len() < 3 {
                return Err(FuncError::msg("dig needs at least three arguments"));
            }
            let mut dict = assert_map(&args[args.len() - 1])?;
            let def = args[args.len() - 2].clone();
            let mut ks = Vec::new();
            for k in &args[..args.len() - 2] {
                match k {
                    Value::String(s) => ks.push(s.clone()),
                    Value::Nil => {
                        return Err(FuncError::msg(
                            "interface conversion: interface {} is nil, not string",
                        ))
                    }
                    other => {
                        return Err(FuncError::msg(format!(
                            "interface conversion: interface {{}} is {}, not string",
                            other.type_name()
                        )))
                    }
                }
            }
            for (i, k) in ks.iter().enumerate() {
                let Some(step) = dict.get(k) else {
                    return Ok(def);
                };
                if i == ks.len() - 1 {
                    return Ok(step);
                }
                dict = assert_map(&step)?;
            }
            Ok(def)
        },
    );
}
