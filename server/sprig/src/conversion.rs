//! Sprig's conversion functions (`atoi`, `int`, `int64`, `float64`, `toDecimal`, `seq`, `split`,
//! `splitList`, `splitn`, `toStrings`, `until`, `untilStep`, `join`, `sortAlpha`) and the shared
//! helpers that reproduce spf13/cast and Sprig's `strval`/`strslice`.

use cw_template::{Elem, FuncError, Function, Param, Signature, Value};

use crate::{FuncDoc, Registry};

/// Sprig's `strval`: strings as they are, `[]byte` as text, Stringers by `String()`, anything
/// else by `fmt.Sprintf("%v")`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => go_string(b),
        _ => cw_template::fmt::sprintf("%v", std::slice::from_ref(v)),
    }
}

/// Go's `string(bytes)`: bytes that are not UTF-8 are carried (see `cw_template::gostr`).
pub(crate) use cw_template::gostr::from_go_bytes as go_string;

/// Go's `strconv` underscore rule for base-prefixed literals (`underscoreOK`).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let b = if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        &b[1..]
    } else {
        b
    };
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, `0x`/`0o`/`0b`/`0` prefixes, underscores between
/// digits; `None` on any error (syntax or range).
pub(crate) fn parse_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (base, digits) = if lower.starts_with("0x") {
        (16, &body[2..])
    } else if lower.starts_with("0b") {
        (2, &body[2..])
    } else if lower.starts_with("0o") {
        (8, &body[2..])
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    let mut n: u64 = 0;
    let mut any = false;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(base)? as u64;
        n = n.checked_mul(base as u64)?.checked_add(d)?;
        any = true;
    }
    if !any || (digits.contains('_') || body.contains('_')) && !underscore_ok(s) {
        return None;
    }
    if neg {
        if n > 1u64 << 63 {
            return None;
        }
        Some((n as i64).wrapping_neg())
    } else {
        i64::try_from(n).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text (with Go's underscore rule), `inf`,
/// `infinity` and `nan`; `None` on a syntax or range error.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" || lower == "nan" {
        return s.to_ascii_lowercase().parse::<f64>().ok();
    }
    if body.is_empty() {
        return None;
    }
    if let Some(hex) = lower.strip_prefix("0x") {
        if s.contains('_') && !underscore_ok(s) {
            return None;
        }
        let v = parse_hex_float(&hex.replace('_', ""))?;
        return Some(if s.starts_with('-') { -v } else { v });
    }
    if !body
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-' | b'_'))
    {
        return None;
    }
    let cleaned: String;
    let text = if s.contains('_') {
        if !underscore_ok(s) {
            return None;
        }
        cleaned = s.replace('_', "");
        cleaned.as_str()
    } else {
        s
    };
    let v: f64 = text.parse().ok()?;
    if v.is_infinite() {
        return None;
    }
    Some(v)
}

/// The part of a Go hexadecimal float after `0x`: hex digits with an optional point, then a
/// mandatory binary exponent (`1p4`, `1.8p1`).
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once('p')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars().chain(frac.chars()) {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let v = v * 2f64.powi(exp.checked_sub(4 * frac.len() as i32)?);
    v.is_finite().then_some(v)
}

/// Go's conversion of a float64 to int64 on amd64 (out of range and NaN give the minimum).
pub(crate) fn float_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; every float in [-2^63, 2^63) converts.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast v1.7's `trimZeroDecimal`: `"3.0"` → `"3"`, anything else unchanged.
fn trim_zero_decimal(s: &str) -> &str {
    let b = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=b.len()).rev() {
        match b[i - 1] {
            b'.' => {
                if found_zero {
                    return &s[..i - 1];
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// spf13/cast `ToInt64` (errors give 0): ints, floats truncated, strings by
/// `ParseInt(trimZeroDecimal(s), 0, 0)`, bools as 0/1, nil as 0.
pub(crate) fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Uint64(u) => *u as i64,
        Value::Float(f) => float_to_i64(*f),
        Value::String(s) => parse_int_base0(trim_zero_decimal(s)).unwrap_or(0),
        Value::Bool(b) => *b as i64,
        _ => 0,
    }
}

/// spf13/cast `ToFloat64` (errors give 0).
pub(crate) fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i as f64,
        Value::Uint64(u) => *u as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_float(s).unwrap_or(0.0),
        Value::Bool(b) => *b as i64 as f64,
        _ => 0.0,
    }
}

/// Sprig's `strslice`: a list's non-nil items as strings, nil as no strings, anything else as
/// one string.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l.items.iter().filter(|x| !x.is_nil()).map(strval).collect(),
        Value::Bytes(b) => b.iter().map(|x| x.to_string()).collect(),
        Value::Nil => Vec::new(),
        Value::Object(o) => match o.repr() {
            // A named slice type (`chartutil.VersionSet`) is a slice to reflect.
            cw_template::Repr::Value(inner @ Value::List(_)) => strslice(&inner),
            _ => vec![strval(v)],
        },
        _ => vec![strval(v)],
    }
}

/// A `[]string` value.
pub(crate) fn string_list(items: Vec<String>) -> Value {
    Value::typed_list(Elem::String, items.into_iter().map(Value::string).collect())
}

/// A `map[string]string` with keys `_0`, `_1`, ...
fn indexed_map(parts: Vec<&str>) -> Value {
    Value::typed_map(
        None,
        Elem::String,
        parts
            .into_iter()
            .enumerate()
            .map(|(i, p)| (format!("_{i}"), Value::str(p)))
            .collect(),
    )
}

/// Go's `strings.Split` (an empty separator splits into UTF-8 sequences).
pub(crate) fn go_split<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    go_splitn(s, sep, -1)
}

/// Go's `strings.SplitN`.
pub(crate) fn go_splitn<'a>(s: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut out = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if n > 0 && out.len() as i64 == n - 1 {
                out.push(rest);
                return out;
            }
            let len = rest.chars().next().map_or(1, char::len_utf8);
            out.push(&rest[..len]);
            rest = &rest[len..];
        }
        return out;
    }
    if n < 0 {
        return s.split(sep).collect();
    }
    s.splitn(n as usize, sep).collect()
}

/// Sprig's `untilStep`, bounded: a huge range is refused rather than allocated.
fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    let mut v = Vec::new();
    let count = if stop < start {
        if step >= 0 {
            return Ok(v);
        }
        (start as i128 - stop as i128 + (-step as i128) - 1) / -step as i128
    } else {
        if step <= 0 {
            return Ok(v);
        }
        (stop as i128 - start as i128 + step as i128 - 1) / step as i128
    };
    if count > MAX_SEQ as i128 {
        return Err(FuncError::msg(format!(
            "range of {count} items is larger than the limit of {MAX_SEQ}"
        )));
    }
    let mut i = start as i128;
    if stop < start {
        while i > stop as i128 {
            v.push(i as i64);
            i += step as i128;
        }
    } else {
        while i < stop as i128 {
            v.push(i as i64);
            i += step as i128;
        }
    }
    Ok(v)
}

/// The most items `until`/`untilStep`/`seq` build (Go would try to allocate any size).
pub(crate) const MAX_SEQ: usize = 10_000_000;

fn int_list(v: Vec<i64>) -> Value {
    Value::typed_list(Elem::Int, v.into_iter().map(Value::Int).collect())
}

fn seq(params: &[i64]) -> Result<String, FuncError> {
    let list = match params.len() {
        1 => {
            let end = params[0];
            let inc = if end < 1 { -1 } else { 1 };
            until_step(1, end.saturating_add(inc), inc)?
        }
        2 => {
            let (start, end) = (params[0], params[1]);
            let step = if end < start { -1 } else { 1 };
            until_step(start, end.saturating_add(step), step)?
        }
        3 => {
            let (start, step, end) = (params[0], params[1], params[2]);
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return Ok(String::new());
                }
            }
            until_step(start, end.saturating_add(inc), step)?
        }
        _ => return Ok(String::new()),
    };
    Ok(list
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" "))
}

fn arg_str(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

fn arg_int(args: &[Value], i: usize) -> i64 {
    args.get(i).and_then(Value::as_int).unwrap_or(0)
}

fn doc(
    r: &mut Registry,
    name: &'static str,
    signature: &'static str,
    summary: &'static str,
    example: &'static str,
) {
    r.docs.push(FuncDoc {
        name,
        signature,
        summary,
        example,
    });
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Any, Int, String as Str};
    let f = &mut r.funcs;
    f.insert(
        "atoi",
        Function::new(Signature::typed(&[Str], None), |_, a| {
            Ok(Value::Int(atoi(arg_str(&a, 0))))
        }),
    );
    f.insert(
        "int64",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::Int64(to_int64(&a[0])))
        }),
    );
    f.insert(
        "int",
        Function::new(Signature::fixed(1), |_, a| Ok(Value::Int(to_int64(&a[0])))),
    );
    f.insert(
        "float64",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::Float(to_float64(&a[0])))
        }),
    );
    f.insert(
        "seq",
        Function::new(Signature::typed(&[], Some(Int)), |_, a| {
            let p: Vec<i64> = a.iter().filter_map(Value::as_int).collect();
            Ok(Value::string(seq(&p)?))
        }),
    );
    f.insert(
        "toDecimal",
        Function::new(Signature::fixed(1), |_, a| {
            let s = cw_template::fmt::sprint(&a[..1]);
            Ok(Value::Int64(parse_int_base8(&s).unwrap_or(0)))
        }),
    );
    f.insert(
        "split",
        Function::new(Signature::typed(&[Str, Str], None), |_, a| {
            Ok(indexed_map(go_split(arg_str(&a, 1), arg_str(&a, 0))))
        }),
    );
    f.insert(
        "splitList",
        Function::new(Signature::typed(&[Str, Str], None), |_, a| {
            Ok(string_list(
                go_split(arg_str(&a, 1), arg_str(&a, 0))
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            ))
        }),
    );
    f.insert(
        "splitn",
        Function::new(Signature::typed(&[Str, Int, Str], None), |_, a| {
            Ok(indexed_map(go_splitn(
                arg_str(&a, 2),
                arg_str(&a, 0),
                arg_int(&a, 1),
            )))
        }),
    );
    f.insert(
        "toStrings",
        Function::new(Signature::fixed(1), |_, a| Ok(string_list(strslice(&a[0])))),
    );
    f.insert(
        "until",
        Function::new(Signature::typed(&[Int], None), |_, a| {
            let n = arg_int(&a, 0);
            Ok(int_list(until_step(0, n, if n < 0 { -1 } else { 1 })?))
        }),
    );
    f.insert(
        "untilStep",
        Function::new(Signature::typed(&[Int, Int, Int], None), |_, a| {
            Ok(int_list(until_step(
                arg_int(&a, 0),
                arg_int(&a, 1),
                arg_int(&a, 2),
            )?))
        }),
    );
    f.insert(
        "join",
        Function::new(Signature::typed(&[Str, Any], None), |_, a| {
            if cw_template::limit::value_too_big(&a[1]) {
                return Ok(Value::Nil);
            }
            let items = strslice(&a[1]);
            let sep = arg_str(&a, 0);
            let len = items.iter().map(String::len).sum::<usize>()
                + items.len().saturating_sub(1).saturating_mul(sep.len());
            if cw_template::limit::exceeds(len) {
                return Ok(Value::Nil);
            }
            Ok(Value::string(items.join(sep)))
        }),
    );
    f.insert(
        "sortAlpha",
        Function::new(Signature::fixed(1), |_, a| {
            let mut items = match &a[0] {
                Value::List(_) | Value::Bytes(_) => strslice(&a[0]),
                Value::Object(o)
                    if matches!(o.repr(), cw_template::Repr::Value(Value::List(_))) =>
                {
                    strslice(&a[0])
                }
                v => vec![strval(v)],
            };
            items.sort();
            Ok(string_list(items))
        }),
    );

    doc(
        r,
        "atoi",
        "atoi(s string) int",
        "Parses a decimal integer (strconv.Atoi); anything unparsable gives 0.",
        "{{ atoi \"42\" }} → 42",
    );
    doc(r, "int64", "int64(v interface{}) int64", "Converts to int64 like spf13/cast: floats truncate, strings parse with base prefixes (`0x1F`), failures give 0.", "{{ int64 \"0x1F\" }} → 31");
    doc(
        r,
        "int",
        "int(v interface{}) int",
        "Converts to int like spf13/cast: floats truncate, `\"3.9\"` and `\"abc\"` give 0.",
        "{{ \"8080\" | int }} → 8080",
    );
    doc(
        r,
        "float64",
        "float64(v interface{}) float64",
        "Converts to float64 like spf13/cast; unparsable strings give 0.",
        "{{ float64 \"3.5\" }} → 3.5",
    );
    doc(r, "seq", "seq(params ...int) string", "Space-separated integers like the Unix `seq`: `seq END`, `seq START END`, `seq START STEP END`.", "{{ seq 1 2 7 }} → 1 3 5 7");
    doc(
        r,
        "toDecimal",
        "toDecimal(v interface{}) int64",
        "Reads a Unix octal permission as a number (0 when not octal).",
        "{{ toDecimal \"0777\" }} → 511",
    );
    doc(
        r,
        "split",
        "split(sep string, s string) map[string]string",
        "Splits into a map with keys `_0`, `_1`, ...",
        "{{ (split \"$\" \"a$b\")._1 }} → b",
    );
    doc(
        r,
        "splitList",
        "splitList(sep string, s string) []string",
        "Splits a string into a list of strings.",
        "{{ splitList \",\" \"a,b\" }} → [a b]",
    );
    doc(
        r,
        "splitn",
        "splitn(sep string, n int, s string) map[string]string",
        "Splits into at most n parts, as a map with keys `_0`, `_1`, ...",
        "{{ splitn \"$\" 2 \"a$b$c\" }} → map[_0:a _1:b$c]",
    );
    doc(
        r,
        "toStrings",
        "toStrings(v interface{}) []string",
        "Converts every non-nil item of a list to a string.",
        "{{ toStrings (list 1 2) }} → [1 2]",
    );
    doc(
        r,
        "until",
        "until(count int) []int",
        "The integers from 0 up to (or down to) count, exclusive.",
        "{{ until 3 }} → [0 1 2]",
    );
    doc(
        r,
        "untilStep",
        "untilStep(start, stop, step int) []int",
        "The integers from start to stop (exclusive) by step.",
        "{{ untilStep 0 10 3 }} → [0 3 6 9]",
    );
    doc(
        r,
        "join",
        "join(sep string, v interface{}) string",
        "Joins the items of a list (as strings, nils dropped) with a separator.",
        "{{ list \"a\" \"b\" | join \",\" }} → a,b",
    );
    doc(
        r,
        "sortAlpha",
        "sortAlpha(list interface{}) []string",
        "Sorts a list of strings in byte order.",
        "{{ sortAlpha (list \"b\" \"a\") }} → [a b]",
    );
}

/// Sprig's `atoi`: `strconv.Atoi` with the error dropped, so out-of-range numbers saturate
/// and anything else unparsable is 0.
fn atoi(s: &str) -> i64 {
    use std::num::IntErrorKind;
    match s.parse::<i64>() {
        Ok(n) => n,
        Err(e) => match e.kind() {
            IntErrorKind::PosOverflow => i64::MAX,
            IntErrorKind::NegOverflow => i64::MIN,
            _ => 0,
        },
    }
}

/// Go's `strconv.ParseInt(s, 8, 64)`.
fn parse_int_base8(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for c in body.chars() {
        let d = c.to_digit(8)? as u64;
        n = n.checked_mul(8)?.checked_add(d)?;
    }
    if neg {
        if n > 1u64 << 63 {
            return None;
        }
        Some((n as i64).wrapping_neg())
    } else {
        i64::try_from(n).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_like_go() {
        assert_eq!(parse_int_base0("0x1F"), Some(31));
        assert_eq!(parse_int_base0("010"), Some(8));
        assert_eq!(parse_int_base0("1_000"), Some(1000));
        assert_eq!(parse_int_base0("_1"), None);
        assert_eq!(parse_int_base0("1__0"), None);
        assert_eq!(parse_int_base0("0x"), None);
        assert_eq!(parse_int_base0("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int_base0("9223372036854775808"), None);
        assert_eq!(trim_zero_decimal("3.00"), "3");
        assert_eq!(trim_zero_decimal("3.9"), "3.9");
    }
}
