//! Sprig's defaults and JSON functions: `default`, `empty`, `coalesce`, `all`, `any`,
//! `compact`, `ternary`, `deepCopy`, `toPrettyJson`/`toRawJson` (Go's encoding/json output)
//! and `mustFromJson` (Go's decoder, with its syntax error texts).

use std::collections::BTreeMap;
use std::sync::Arc;

use cw_template::{FuncError, Object};
use cw_template::{Function, List, Map, MapRef, Param, Repr, Signature, Value};

use crate::conversion::go_string;
use crate::{FuncDoc, Registry};

/// Sprig's `empty`: the zero value of its type (nil, false, 0, "", empty collections); structs
/// and non-nil pointers are never empty.
pub(crate) fn empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) | Value::Int64(i) => *i == 0,
        Value::Uint64(u) => *u == 0,
        Value::Float(f) => *f == 0.0,
        Value::Complex(r, i) => *r == 0.0 && *i == 0.0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.items.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Object(o) => match o.repr() {
            Repr::Value(inner) => empty(&inner),
            _ => o.len() == Some(0),
        },
    }
}

/// The deepest nesting `deepCopy`, `deepEqual` and the JSON encoder follow (Go grows its
/// stack; ours is fixed, and a map can be made to contain itself with `set`).
pub(crate) const MAX_NESTING: usize = 300;

/// A deep copy of lists and maps (copystructure.Copy); other values are immutable and shared.
pub(crate) fn deep_copy(v: &Value, depth: usize) -> Result<Value, FuncError> {
    if depth > MAX_NESTING {
        return Err(FuncError::msg(format!(
            "value nested deeper than {MAX_NESTING} levels (or containing itself)"
        )));
    }
    Ok(match v {
        Value::List(l) => Value::List(Arc::new(List {
            elem: l.elem,
            name: l.name.clone(),
            items: l
                .items
                .iter()
                .map(|x| deep_copy(x, depth + 1))
                .collect::<Result<_, _>>()?,
            nil: l.nil,
        })),
        Value::Map(m) => {
            let src = m.read();
            Value::Map(MapRef::new(Map {
                elem: src.elem,
                name: src.name.clone(),
                methods: src.methods.clone(),
                entries: src
                    .entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), deep_copy(v, depth + 1)?)))
                    .collect::<Result<_, FuncError>>()?,
                nil: src.nil,
            }))
        }
        // copystructure zeroes unexported fields: a copied *semver.Version is 0.0.0.
        Value::Object(o) if o.type_name() == "*semver.Version" => crate::semver::zero_version(),
        other => other.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// encoding/json encoding.

struct JsonOptions {
    escape_html: bool,
    indent: Option<&'static str>,
}

/// Go's decoder limit (`exceeded max depth`).
const MAX_JSON_DEPTH: usize = 10_000;

fn json_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn newline(out: &mut String, o: &JsonOptions, depth: usize) {
    if let Some(ind) = o.indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn json_encode(out: &mut String, v: &Value, o: &JsonOptions, depth: usize) -> Result<(), String> {
    if depth > MAX_NESTING {
        // Go starts looking for cycles after 1000 levels; a value this deep is one here.
        return Err(format!(
            "json: unsupported value: encountered a cycle via {}",
            v.type_name()
        ));
    }
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Uint64(u) => out.push_str(&u.to_string()),
        Value::Float(f) => match cw_yaml::format_json_float(*f) {
            Some(s) => out.push_str(&s),
            None => {
                return Err(format!(
                    "json: unsupported value: {}",
                    cw_template::fmt::sprint(&[Value::Float(*f)])
                ))
            }
        },
        Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Value::String(s) => json_string(out, s, o.escape_html),
        Value::Bytes(b) => {
            use base64::Engine;
            out.push('"');
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(b));
            out.push('"');
        }
        Value::List(l) if l.nil => out.push_str("null"),
        Value::Map(m) if m.read().is_nil_map() => out.push_str("null"),
        Value::List(l) => {
            if l.items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, o, depth + 1);
                json_encode(out, item, o, depth + 1)?;
            }
            newline(out, o, depth);
            out.push(']');
        }
        Value::Map(m) => {
            let entries = m.entries();
            json_object(out, entries.iter().map(|(k, v)| (k.as_str(), v)), o, depth)?;
        }
        Value::Object(obj) => match crate::dates::as_time(v) {
            // time.Time's MarshalJSON: RFC 3339 with nanoseconds, not its String() form.
            Some(t) => {
                let text = crate::dates::format(&t, "2006-01-02T15:04:05.999999999Z07:00");
                if text.starts_with('-') || text.find('-').is_some_and(|i| i > 4) {
                    return Err("json: error calling MarshalJSON for type time.Time: \
                                Time.MarshalJSON: year outside of range [0,9999]"
                        .into());
                }
                json_string(out, &text, o.escape_html);
            }
            None => json_object_value(out, obj.as_ref(), o, depth)?,
        },
    }
    Ok(())
}

fn json_object<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a str, &'a Value)>,
    o: &JsonOptions,
    depth: usize,
) -> Result<(), String> {
    let mut any = false;
    for (k, v) in entries {
        out.push(if any { ',' } else { '{' });
        any = true;
        newline(out, o, depth + 1);
        json_string(out, k, o.escape_html);
        out.push(':');
        if o.indent.is_some() {
            out.push(' ');
        }
        json_encode(out, v, o, depth + 1)?;
    }
    if any {
        newline(out, o, depth);
        out.push('}');
    } else {
        out.push_str("{}");
    }
    Ok(())
}

fn json_object_value(
    out: &mut String,
    obj: &dyn Object,
    o: &JsonOptions,
    depth: usize,
) -> Result<(), String> {
    match obj.repr() {
        Repr::Value(v) => json_encode(out, &v, o, depth),
        Repr::Stringer(s) => {
            json_string(out, &s, o.escape_html);
            Ok(())
        }
        Repr::Struct { .. } => {
            let fields = cw_template::json_struct_fields(obj).unwrap_or_default();
            json_object(out, fields.iter().map(|(k, v)| (k.as_str(), v)), o, depth)
        }
    }
}

/// `json.Marshal` (`escape_html`) or the encoder with HTML escaping off, optionally indented
/// like `MarshalIndent(v, "", "  ")`.
fn to_json(v: &Value, escape_html: bool, pretty: bool) -> Result<String, String> {
    let mut out = String::new();
    let o = JsonOptions {
        escape_html,
        indent: pretty.then_some("  "),
    };
    json_encode(&mut out, v, &o, 0)?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// encoding/json decoding into interface{} (objects → map[string]interface{}, numbers →
// float64), with Go's syntax error texts.

struct Decoder<'a> {
    b: &'a [u8],
    i: usize,
}

/// Go's `quoteChar` for syntax errors.
fn quote_char(c: u8, rest: &[u8]) -> String {
    if c == b'\'' {
        return "'\\''".into();
    }
    if c == b'"' {
        return "'\"'".into();
    }
    // Go reports the whole UTF-8 sequence's first byte as a rune when it is ASCII; for
    // non-ASCII it reports the decoded rune.
    // Go reports the byte read as a rune (so a UTF-8 lead byte shows as Latin-1).
    let _ = rest;
    let text = char::from(c).to_string();
    let q = cw_template::fmt::quote(text.as_bytes(), false);
    format!("'{}'", &q[1..q.len() - 1])
}

const END: &str = "unexpected end of JSON input";

impl<'a> Decoder<'a> {
    /// The error at the current byte. At the end of input Go's scanner feeds a space: states
    /// that cannot take one report it, the others report the unexpected end.
    fn err(&self, context: &str) -> String {
        match self.b.get(self.i) {
            None if context.starts_with("in literal")
                || context.contains("numeric literal")
                || context.contains("escape") =>
            {
                format!("invalid character ' ' {context}")
            }
            None => END.into(),
            Some(&c) => format!(
                "invalid character {} {context}",
                quote_char(c, &self.b[self.i..])
            ),
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// One JSON value, nested containers kept on an explicit stack (no recursion, so any
    /// depth up to Go's limit is safe).
    fn value(&mut self) -> Result<Value, String> {
        enum Frame {
            Arr(Vec<Value>),
            Obj(BTreeMap<String, Value>, String),
        }
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.ws();
            let mut v = match self.b.get(self.i) {
                None => return Err(END.into()),
                Some(&open @ (b'{' | b'[')) => {
                    self.i += 1;
                    if stack.len() + 1 > MAX_JSON_DEPTH {
                        return Err("exceeded max depth".into());
                    }
                    self.ws();
                    if open == b'[' {
                        if self.b.get(self.i) == Some(&b']') {
                            self.i += 1;
                            Value::list(Vec::new())
                        } else {
                            stack.push(Frame::Arr(Vec::new()));
                            continue 'value;
                        }
                    } else if self.b.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        Value::map(BTreeMap::new())
                    } else {
                        let key = self.object_key()?;
                        stack.push(Frame::Obj(BTreeMap::new(), key));
                        continue 'value;
                    }
                }
                Some(b'"') => Value::string(self.string()?),
                Some(b't') => self.literal("true", Value::Bool(true))?,
                Some(b'f') => self.literal("false", Value::Bool(false))?,
                Some(b'n') => self.literal("null", Value::Nil)?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return Err(self.err("looking for beginning of value")),
            };
            // Attach the finished value to its parents, closing those that end here.
            loop {
                let closed = match stack.last_mut() {
                    None => return Ok(v),
                    Some(Frame::Arr(items)) => {
                        items.push(v);
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => {
                                self.i += 1;
                                continue 'value;
                            }
                            Some(b']') => self.i += 1,
                            _ => return Err(self.err("after array element")),
                        }
                        true
                    }
                    Some(Frame::Obj(entries, key)) => {
                        entries.insert(std::mem::take(key), v);
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => {
                                self.i += 1;
                                let k = self.object_key()?;
                                if let Some(Frame::Obj(_, key)) = stack.last_mut() {
                                    *key = k;
                                }
                                continue 'value;
                            }
                            Some(b'}') => self.i += 1,
                            _ => return Err(self.err("after object key:value pair")),
                        }
                        true
                    }
                };
                debug_assert!(closed);
                v = match stack.pop() {
                    Some(Frame::Arr(items)) => Value::list(items),
                    Some(Frame::Obj(entries, _)) => Value::map(entries),
                    None => return Err(END.into()),
                };
            }
        }
    }

    /// An object key and its colon.
    fn object_key(&mut self) -> Result<String, String> {
        self.ws();
        if self.b.get(self.i) != Some(&b'"') {
            return Err(self.err("looking for beginning of object key string"));
        }
        let key = self.string()?;
        self.ws();
        if self.b.get(self.i) != Some(&b':') {
            return Err(self.err("after object key"));
        }
        self.i += 1;
        Ok(key)
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        let w = word.as_bytes();
        self.i += 1;
        for (k, &expected) in w.iter().enumerate().skip(1) {
            match self.b.get(self.i) {
                Some(&c) if c == expected => self.i += 1,
                _ => {
                    return Err(self.err(&format!(
                        "in literal {word} (expecting {})",
                        quote_char(w[k], &w[k..])
                    )))
                }
            }
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let digits = |d: &mut Decoder<'_>| {
            let s = d.i;
            while let Some(b'0'..=b'9') = d.b.get(d.i) {
                d.i += 1;
            }
            d.i > s
        };
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.err("in numeric literal")),
        }
        if let Some(b'.') = self.b.get(self.i) {
            self.i += 1;
            if !digits(self) {
                return Err(self.err("after decimal point in numeric literal"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("in exponent of numeric literal"));
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        let f: f64 = text.parse().unwrap_or(0.0);
        if f.is_infinite() {
            return Err(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            ));
        }
        Ok(Value::Float(f))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0u32;
        for _ in 0..4 {
            match self.b.get(self.i).and_then(|&c| (c as char).to_digit(16)) {
                Some(d) => {
                    n = n * 16 + d;
                    self.i += 1;
                }
                None => return Err(self.err("in \\u hexadecimal character escape")),
            }
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err(END.into());
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(go_string(&out));
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&e) = self.b.get(self.i) else {
                        return Err(self.err("in string escape code"));
                    };
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err(self.err("in string escape code")),
                    };
                    self.i += 1;
                    if let Some(s) = simple {
                        out.push(s);
                        continue;
                    }
                    let mut cp = self.hex4()?;
                    if (0xD800..0xDC00).contains(&cp)
                        && self.b.get(self.i) == Some(&b'\\')
                        && self.b.get(self.i + 1) == Some(&b'u')
                    {
                        let save = self.i;
                        self.i += 2;
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            self.i = save;
                            cp = 0xFFFD;
                        }
                    }
                    let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return Err(self.err("in string literal")),
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }
}

/// `json.Unmarshal` into an `interface{}`.
pub(crate) fn from_json(text: &str) -> Result<Value, String> {
    let mut d = Decoder {
        b: text.as_bytes(),
        i: 0,
    };
    let v = d.value()?;
    d.ws();
    if d.i < d.b.len() {
        return Err(d.err("after top-level value"));
    }
    Ok(v)
}

// ---------------------------------------------------------------------------------------------
// Registration.

fn compact(v: &Value) -> Result<Value, FuncError> {
    match v {
        Value::Nil => Err(FuncError::msg(
            "runtime error: invalid memory address or nil pointer dereference",
        )),
        Value::List(l) => Ok(Value::list(
            l.items.iter().filter(|x| !empty(x)).cloned().collect(),
        )),
        Value::Bytes(b) => Ok(Value::list(
            b.iter()
                .filter(|&&x| x != 0)
                .map(|&x| Value::Int(x as i64))
                .collect(),
        )),
        Value::Object(o) => match o.repr() {
            Repr::Value(inner @ Value::List(_)) => compact(&inner),
            _ => Err(FuncError::msg(format!(
                "Cannot compact on type {}",
                crate::reflection::kind_name(v)
            ))),
        },
        other => Err(FuncError::msg(format!(
            "Cannot compact on type {}",
            other.kind_name()
        ))),
    }
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Any, Bool, String as Str};
    let f = &mut r.funcs;
    f.insert(
        "default",
        Function::new(Signature::variadic(1), |_, a| match a.get(1) {
            Some(g) if !empty(g) => Ok(g.clone()),
            _ => Ok(a[0].clone()),
        })
        .returning_interface(),
    );
    f.insert(
        "empty",
        Function::new(Signature::fixed(1), |_, a| Ok(Value::Bool(empty(&a[0])))),
    );
    f.insert(
        "coalesce",
        Function::new(Signature::variadic(0), |_, a| {
            Ok(a.into_iter().find(|v| !empty(v)).unwrap_or(Value::Nil))
        })
        .returning_interface(),
    );
    f.insert(
        "all",
        Function::new(Signature::variadic(0), |_, a| {
            Ok(Value::Bool(a.iter().all(|v| !empty(v))))
        }),
    );
    f.insert(
        "any",
        Function::new(Signature::variadic(0), |_, a| {
            Ok(Value::Bool(a.iter().any(|v| !empty(v))))
        }),
    );
    for name in ["compact", "mustCompact"] {
        f.insert(
            name,
            Function::new(Signature::fixed(1), |_, a| compact(&a[0])),
        );
    }
    f.insert(
        "ternary",
        Function::new(Signature::typed(&[Any, Any, Bool], None), |_, a| {
            Ok(if matches!(a[2], Value::Bool(true)) {
                a[0].clone()
            } else {
                a[1].clone()
            })
        })
        .returning_interface(),
    );
    for name in ["deepCopy", "mustDeepCopy"] {
        f.insert(
            name,
            Function::new(Signature::fixed(1), |_, a| {
                if a[0].is_nil() {
                    return Err(FuncError::msg(
                        "reflect: call of reflect.Value.Type on zero Value",
                    ));
                }
                deep_copy(&a[0], 0)
            })
            .returning_interface(),
        );
    }
    f.insert(
        "toPrettyJson",
        Function::new(Signature::fixed(1), |_, a| {
            if cw_template::limit::value_too_big(&a[0]) {
                return Ok(Value::Nil);
            }
            Ok(Value::string(
                to_json(&a[0], true, true).unwrap_or_default(),
            ))
        }),
    );
    f.insert(
        "mustToPrettyJson",
        Function::new(Signature::fixed(1), |_, a| {
            if cw_template::limit::value_too_big(&a[0]) {
                return Ok(Value::Nil);
            }
            Ok(Value::string(to_json(&a[0], true, true)?))
        }),
    );
    for name in ["toRawJson", "mustToRawJson"] {
        f.insert(
            name,
            Function::new(Signature::fixed(1), |_, a| {
                if cw_template::limit::value_too_big(&a[0]) {
                    return Ok(Value::Nil);
                }
                Ok(Value::string(to_json(&a[0], false, false)?))
            }),
        );
    }
    f.insert(
        "mustFromJson",
        Function::new(Signature::typed(&[Str], None), |_, a| {
            Ok(from_json(a[0].as_str().unwrap_or(""))?)
        })
        .returning_interface(),
    );
    docs(r);
}

fn docs(r: &mut Registry) {
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        ("default", "default(d interface{}, given ...interface{}) interface{}", "given, unless it is empty (nil, false, 0, \"\", empty list or map); then d.", "{{ .Values.port | default 80 }} → 80"),
        ("empty", "empty(v interface{}) bool", "Whether a value is empty: nil, false, 0, \"\" or an empty list or map.", "{{ empty \"\" }} → true"),
        ("coalesce", "coalesce(v ...interface{}) interface{}", "The first non-empty argument.", "{{ coalesce \"\" nil \"x\" }} → x"),
        ("all", "all(v ...interface{}) bool", "Whether every argument is non-empty.", "{{ all 1 \"a\" true }} → true"),
        ("any", "any(v ...interface{}) bool", "Whether any argument is non-empty.", "{{ any 0 \"\" \"x\" }} → true"),
        ("compact", "compact(list interface{}) []interface{}", "The list without its empty items.", "{{ compact (list 1 \"\" 2) }} → [1 2]"),
        ("mustCompact", "mustCompact(list interface{}) ([]interface{}, error)", "Like compact, failing on a non-list.", "{{ mustCompact (list 1 \"\") }} → [1]"),
        ("ternary", "ternary(vt, vf interface{}, v bool) interface{}", "vt when v is true, else vf.", "{{ true | ternary \"yes\" \"no\" }} → yes"),
        ("deepCopy", "deepCopy(v interface{}) interface{}", "A deep copy of a value (maps and lists are copied).", "{{ $c := deepCopy .Values }}"),
        ("mustDeepCopy", "mustDeepCopy(v interface{}) (interface{}, error)", "Like deepCopy, returning an error instead of failing.", "{{ $c := mustDeepCopy .Values }}"),
        ("toPrettyJson", "toPrettyJson(v interface{}) string", "Indented JSON (two spaces), HTML characters escaped; \"\" when the value cannot be encoded.", "{{ toPrettyJson (dict \"a\" 1) }} → {\\n  \"a\": 1\\n}"),
        ("toRawJson", "toRawJson(v interface{}) string", "Compact JSON without HTML escaping (`<` stays `<`).", "{{ toRawJson (dict \"a\" \"<b>\") }} → {\"a\":\"<b>\"}"),
        ("mustToPrettyJson", "mustToPrettyJson(v interface{}) (string, error)", "Like toPrettyJson, failing when the value cannot be encoded.", "{{ mustToPrettyJson .Values }}"),
        ("mustToRawJson", "mustToRawJson(v interface{}) (string, error)", "Like toRawJson, failing when the value cannot be encoded.", "{{ mustToRawJson .Values }}"),
        ("mustFromJson", "mustFromJson(s string) (interface{}, error)", "Decodes JSON (numbers become float64), failing on invalid JSON.", "{{ (mustFromJson \"{\\\"a\\\":1}\").a }} → 1"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_decoder_depth_limit_is_gos() {
        let ok = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(from_json(&ok).is_ok());
        let deep = "[".repeat(10_001);
        assert_eq!(
            from_json(&deep).err().as_deref(),
            Some("exceeded max depth")
        );
    }

    #[test]
    fn self_containing_map_is_refused_not_overflowed() {
        let m = Value::map(BTreeMap::new());
        if let Value::Map(r) = &m {
            r.insert("self", m.clone());
        }
        assert!(to_json(&m, true, false).is_err());
        assert!(deep_copy(&m, 0).is_err());
        assert!(crate::reflection::deep_equal(&m, &m));
        let other = deep_copy(&Value::map(BTreeMap::new()), 0).ok();
        assert!(other.is_some());
    }
}
