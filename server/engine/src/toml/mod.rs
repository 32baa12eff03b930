//! Helm's `toToml` and `fromToml` (BurntSushi/toml encoding and decoding).
//!
//! `toToml` follows BurntSushi's encoder: plain keys first then tables, each group sorted; nil
//! map values skipped; nested tables indented two spaces per level; a blank line before each
//! top-level table and each `[[array]]` element; floats as Go's shortest `%g` with `.0` added
//! when it has neither `.` nor an exponent (`1e+06`, `42.0`); times as RFC 3339, TOML's local
//! date-times, dates and times in their local form.
//! `fromToml` decodes with a port of BurntSushi/toml v1.6.0 (the version helm v4.1.4 links, as
//! its build info says): `lex` is its lexer state machine, `parse` its parser; values come out as Go's decoder makes
//! them (`int64`, `float64`, `time.Time`, `[]interface {}`, `[]map[string]interface {}` for
//! `[[x]]`), a syntax error as `map[Error:toml: line 1 (last key "a"): ...]`. Known differences:
//! nesting deeper than 256 levels is an error (Go has no limit); an offset of zero prints as
//! `+0000 UTC` (Helm's `time.Local` is UTC); Go's `BUG` panics (unreachable from valid lexer
//! output) come back as `map[Error:BUG: ...]` instead of a function error.

mod lex;
mod parse;

use std::sync::Arc;

use cw_template::{Elem, List, Object, Repr, Value};

use parse::{Fail, TMap, TVal};

/// The Go type of a decoded `[[x]]` array of tables.
const TABLE_ARRAY_TYPE: &str = "[]map[string]interface {}";

/// Go's `reflect` panic for `toToml nil` (Helm reports it as the function's error).
const NIL_PANIC: &str = "reflect: call of reflect.Value.Type on zero Value";

/// How deep the encoder follows nested values (Go has no limit and overflows its stack on a
/// cyclic map; we stop with an error).
const MAX_DEPTH: usize = 200;

/// Encoding failures (BurntSushi's `encPanic` errors).
struct EncError(String);

struct Encoder {
    out: String,
    written: bool,
}

fn is_bare(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
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
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key_part(k: &str) -> String {
    if is_bare(k) {
        k.to_string()
    } else {
        quote(k)
    }
}

fn key_string(key: &[String]) -> String {
    key.iter()
        .map(|k| key_part(k))
        .collect::<Vec<_>>()
        .join(".")
}

/// The TOML kind BurntSushi assigns a Go value.
#[derive(PartialEq, Eq)]
enum Kind {
    Nil,
    Table,
    ArrayOfTables,
    Other,
}

fn time_text(v: &Value) -> Option<String> {
    let Value::Object(o) = v else { return None };
    if o.type_name() != "time.Time" {
        return None;
    }
    let Repr::Stringer(s) = o.repr() else {
        return None;
    };
    // BurntSushi's encoder: TOML's local date-times, dates and times (decoded into its
    // `datetime-local`, `date-local`, `time-local` zones) keep their local form; any other
    // time is RFC 3339 with nanoseconds.
    let mut parts = s.split(' ');
    let (date, time, _, zone) = (parts.next()?, parts.next()?, parts.next(), parts.next());
    match zone {
        Some("datetime-local") => Some(format!("{date}T{time}")),
        Some("date-local") => Some(date.to_string()),
        Some("time-local") => Some(time.to_string()),
        _ => crate::convert::rfc3339_nano(&s),
    }
}

/// The keys and values of a table: a map's entries (sorted), a struct's exported fields (in
/// declaration order, as BurntSushi writes them).
fn table_entries(v: &Value) -> Option<Vec<(String, Value)>> {
    match v {
        Value::Map(m) => Some(m.entries()),
        Value::Object(o) if time_text(v).is_none() => match o.repr() {
            Repr::Struct { fields, .. } => Some(cw_template::exported_fields(fields)),
            _ => None,
        },
        _ => None,
    }
}

/// A nil slice or map ([`cw_template::List::nil`], [`cw_template::Map::nil`]).
fn is_nil_container(v: &Value) -> bool {
    match v {
        Value::List(l) => l.nil,
        Value::Map(m) => m.read().is_nil_map(),
        _ => false,
    }
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Nil => Kind::Nil,
        Value::Map(_) => Kind::Table,
        Value::Object(_) if table_entries(v).is_some() => Kind::Table,
        Value::List(l) => {
            if !l.items.is_empty() && l.items.iter().all(|i| matches!(i, Value::Map(_))) {
                Kind::ArrayOfTables
            } else {
                Kind::Other
            }
        }
        _ => Kind::Other,
    }
}

impl Encoder {
    fn wf(&mut self, s: &str) {
        self.out.push_str(s);
        self.written = true;
    }

    fn newline(&mut self) {
        if self.written {
            self.wf("\n");
        }
    }

    fn indent(key: &[String]) -> String {
        "  ".repeat(key.len().saturating_sub(1))
    }

    fn encode(&mut self, key: &[String], v: &Value, depth: usize) -> Result<(), EncError> {
        if depth > MAX_DEPTH {
            return Err(EncError("toml: value nested too deeply".into()));
        }
        match kind(v) {
            Kind::Nil => Ok(()),
            Kind::Table => self.table(key, v, depth),
            Kind::ArrayOfTables => {
                let Value::List(l) = v else { return Ok(()) };
                for item in &l.items {
                    self.newline();
                    self.wf(&format!("{}[[{}]]", Self::indent(key), key_string(key)));
                    self.newline();
                    self.map_body(key, item, false, depth + 1)?;
                }
                Ok(())
            }
            Kind::Other => self.key_value(key, v, false, depth),
        }
    }

    fn table(&mut self, key: &[String], v: &Value, depth: usize) -> Result<(), EncError> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            self.wf(&format!("{}[{}]", Self::indent(key), key_string(key)));
            self.newline();
        }
        self.map_body(key, v, false, depth + 1)
    }

    fn map_body(
        &mut self,
        key: &[String],
        v: &Value,
        inline: bool,
        depth: usize,
    ) -> Result<(), EncError> {
        let Some(entries) = table_entries(v) else {
            return Ok(());
        };
        let (sub, direct): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|(_, v)| matches!(kind(v), Kind::Table | Kind::ArrayOfTables));
        let has_sub = !sub.is_empty();
        if inline {
            self.wf("{");
        }
        for (group, trail) in [(direct, has_sub), (sub, false)] {
            let n = group.len();
            for (i, (k, val)) in group.into_iter().enumerate() {
                // BurntSushi skips nil entries: nil interfaces, slices and maps.
                if val.is_nil() || is_nil_container(&val) {
                    continue;
                }
                if inline {
                    self.key_value(&[k], &val, true, depth)?;
                    if trail || i != n - 1 {
                        self.wf(", ");
                    }
                } else {
                    let mut sub_key = key.to_vec();
                    sub_key.push(k);
                    self.encode(&sub_key, &val, depth + 1)?;
                }
            }
        }
        if inline {
            self.wf("}");
        }
        Ok(())
    }

    fn key_value(
        &mut self,
        key: &[String],
        v: &Value,
        inline: bool,
        depth: usize,
    ) -> Result<(), EncError> {
        if key.is_empty() {
            return self.element(v, depth);
        }
        let last = key_part(&key[key.len() - 1]);
        self.wf(&format!("{}{} = ", Self::indent(key), last));
        self.element(v, depth)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn element(&mut self, v: &Value, depth: usize) -> Result<(), EncError> {
        if depth > MAX_DEPTH {
            return Err(EncError("toml: value nested too deeply".into()));
        }
        match v {
            Value::Nil => Err(EncError(NIL_PANIC.into())),
            Value::Bool(b) => {
                self.wf(if *b { "true" } else { "false" });
                Ok(())
            }
            Value::Int(i) | Value::Int64(i) => {
                self.wf(&i.to_string());
                Ok(())
            }
            Value::Uint64(u) => {
                self.wf(&u.to_string());
                Ok(())
            }
            Value::Float(f) => {
                let s = if f.is_nan() {
                    if f.is_sign_negative() { "-nan" } else { "nan" }.to_string()
                } else if f.is_infinite() {
                    if *f < 0.0 { "-inf" } else { "+inf" }.to_string()
                } else {
                    let s = cw_template::fmt::format_float(*f, b'g', -1);
                    if s.contains('.') || s.contains('e') {
                        s
                    } else {
                        s + ".0"
                    }
                };
                self.wf(&s);
                Ok(())
            }
            Value::String(s) => {
                self.wf(&quote(s));
                Ok(())
            }
            Value::Bytes(b) => {
                // []byte is an array of integers for BurntSushi.
                let items: Vec<String> = b.iter().map(|x| x.to_string()).collect();
                self.wf(&format!("[{}]", items.join(", ")));
                Ok(())
            }
            Value::List(l) => {
                if l.items.iter().any(Value::is_nil) {
                    return Err(EncError(
                        "toml: cannot encode array with nil element".into(),
                    ));
                }
                self.wf("[");
                let n = l.items.len();
                for (i, item) in l.items.iter().enumerate() {
                    self.element(item, depth + 1)?;
                    if i != n - 1 {
                        self.wf(", ");
                    }
                }
                self.wf("]");
                Ok(())
            }
            Value::Map(_) => self.map_body(&[], v, true, depth + 1),
            Value::Complex(..) => Err(EncError(
                "toml: cannot encode a value of type complex128".into(),
            )),
            Value::Object(o) => {
                if let Some(t) = time_text(v) {
                    self.wf(&t);
                    return Ok(());
                }
                match o.repr() {
                    Repr::Value(inner) => self.element(&inner, depth + 1),
                    Repr::Stringer(s) => {
                        self.wf(&quote(&s));
                        Ok(())
                    }
                    Repr::Struct { .. } => self.map_body(&[], v, true, depth + 1),
                }
            }
        }
    }
}

/// Helm's `toToml` with the panic case separated: `Err` is the text of the Go panic Helm turns
/// into a function error (`toToml nil`); encoding errors are returned as the output text.
pub(crate) fn to_toml_checked(v: &Value) -> Result<String, String> {
    if v.is_nil() {
        return Err(NIL_PANIC.into());
    }
    // A named map (`.Files`) encodes as its map; a struct (`.Capabilities`) as a table of its
    // fields.
    let plain;
    let v = match v {
        Value::Object(o) => match o.repr() {
            Repr::Value(inner) => {
                plain = inner;
                &plain
            }
            _ => v,
        },
        _ => v,
    };
    if kind(v) == Kind::ArrayOfTables {
        // BurntSushi's `errNoKey`, returned as the text.
        return Ok("toml: top-level values must be Go maps or structs".into());
    }
    let mut enc = Encoder {
        out: String::new(),
        written: false,
    };
    let r = match kind(v) {
        Kind::Table => enc.table(&[], v, 0),
        _ => enc.key_value(&[], v, false, 0),
    };
    Ok(match r {
        Ok(()) => enc.out,
        Err(EncError(e)) => e,
    })
}

/// A `time.Time` decoded from a TOML datetime; prints like Go's `Time.String()`.
struct TomlTime(String);

impl Object for TomlTime {
    fn type_name(&self) -> String {
        "time.Time".into()
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn repr(&self) -> Repr {
        Repr::Stringer(self.0.clone())
    }
}

/// The template value of a decoded TOML value.
fn to_value(v: TVal) -> Value {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || match v {
        TVal::String(s) => Value::string(s),
        TVal::Int(i) => Value::Int64(i),
        TVal::Float(f) => Value::Float(f),
        TVal::Bool(b) => Value::Bool(b),
        TVal::Time(t) => Value::object(TomlTime(t)),
        TVal::Array(items) => Value::list(items.into_iter().map(to_value).collect()),
        TVal::Table(t) => table_value(t),
        // `[[x]]` tables decode to `[]map[string]interface {}`; the value model has no map
        // element type, so the slice carries the Go type as its name (`%T` prints it).
        TVal::TableArray(ts) => Value::List(Arc::new(List {
            elem: Elem::Any,
            name: Some(Arc::from(TABLE_ARRAY_TYPE)),
            items: ts.into_iter().map(table_value).collect(),
            nil: false,
        })),
    })
}

fn table_value(t: TMap) -> Value {
    Value::map(t.into_iter().map(|(k, v)| (k, to_value(v))).collect())
}

/// Helm's `fromToml`: `toml.Unmarshal` into a `map[string]interface {}`, or `map[Error:...]`
/// with the `ParseError` text when the text is not valid TOML.
pub(crate) fn from_toml(s: &str) -> Value {
    // Room for the parser's recursion (bounded by `MAX_DEPTH`) whatever the caller left.
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || match parse::parse(s) {
        Ok(t) => table_value(t),
        Err(Fail::Parse(e) | Fail::Bug(e)) => Value::map_from([("Error", Value::string(e))]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_toml(v: &Value) -> String {
        to_toml_checked(v).unwrap_or_else(|e| e)
    }

    fn d(pairs: Vec<(&str, Value)>) -> Value {
        Value::map_from(pairs)
    }

    #[test]
    fn encodes_like_burntsushi() {
        let v = d(vec![
            ("a", Value::Int(1)),
            ("b", Value::str("two")),
            ("c", Value::list(vec![Value::Int(1), Value::Int(2)])),
            ("d", d(vec![("e", Value::Bool(true))])),
        ]);
        assert_eq!(
            to_toml(&v),
            "a = 1\nb = \"two\"\nc = [1, 2]\n\n[d]\n  e = true\n"
        );
        let v = d(vec![
            ("big", Value::Float(1e6)),
            ("int", Value::Float(42.0)),
            ("neg0", Value::Float(-0.0)),
            ("l", Value::list(vec![Value::Float(1.0), Value::Float(2.0)])),
        ]);
        assert_eq!(
            to_toml(&v),
            "big = 1e+06\nint = 42.0\nl = [1.0, 2.0]\nneg0 = -0.0\n"
        );
        let v = d(vec![(
            "l",
            Value::list(vec![
                d(vec![("x", Value::Int(1))]),
                d(vec![("x", Value::Int(2))]),
            ]),
        )]);
        assert_eq!(to_toml(&v), "[[l]]\n  x = 1\n\n[[l]]\n  x = 2\n");
        let v = d(vec![
            ("z", d(vec![("y", d(vec![("x", Value::Int(1))]))])),
            ("a", Value::Int(1)),
        ]);
        assert_eq!(to_toml(&v), "a = 1\n\n[z]\n  [z.y]\n    x = 1\n");
        let v = d(vec![
            ("key with space", Value::Int(1)),
            ("", Value::Int(3)),
            ("ok_key-1", Value::Int(4)),
        ]);
        assert_eq!(
            to_toml(&v),
            "\"\" = 3\n\"key with space\" = 1\nok_key-1 = 4\n"
        );
        assert_eq!(
            to_toml(&d(vec![("a", Value::Nil), ("b", Value::Int(1))])),
            "b = 1\n"
        );
        assert_eq!(to_toml(&Value::str("str")), "\"str\"");
        assert_eq!(to_toml_checked(&Value::Nil), Err(NIL_PANIC.to_string()));
        assert_eq!(
            to_toml(&d(vec![("l", Value::list(vec![Value::Nil]))])),
            "toml: cannot encode array with nil element"
        );
    }

    #[test]
    fn decodes_to_go_types() {
        let v = from_toml(
            "a = 1\nb = \"two\"\n[c]\nd = true\nf = 1.5\nt = 1979-05-27T07:32:00Z\nd2 = 1979-05-27",
        );
        let text = cw_template::fmt::sprintf("%v", std::slice::from_ref(&v));
        assert_eq!(
            text,
            "map[a:1 b:two c:map[d:true d2:1979-05-27 00:00:00 +0000 date-local f:1.5 t:1979-05-27 07:32:00 +0000 UTC]]"
        );
        let Value::Map(m) = &v else { panic!("map") };
        assert_eq!(m.get("a").map(|x| x.type_name()), Some("int64".into()));
        let bad = from_toml("bad = ");
        let Value::Map(m) = &bad else { panic!("map") };
        assert!(m
            .get("Error")
            .is_some_and(|e| e.as_str().is_some_and(|s| s.starts_with("toml: line 1"))));
        assert_eq!(cw_template::fmt::sprintf("%v", &[from_toml("")]), "map[]");
    }
}

#[cfg(test)]
mod decode_tests {
    use super::*;

    fn show(text: &str) -> String {
        cw_template::fmt::sprintf("%v", &[from_toml(text)])
    }

    fn err(text: &str) -> String {
        let v = from_toml(text);
        let Value::Map(m) = &v else { panic!("map") };
        let e = m.get("Error").expect("an error");
        e.as_str().expect("string").to_string()
    }

    #[test]
    fn values_like_burntsushi() {
        assert_eq!(
            show("s = \"\\u00e9\\U0001F600\\t!\"\n\"quoted key\" = 1"),
            "map[quoted key:1 s:\u{e9}\u{1F600}\t!]"
        );
        assert_eq!(
            show("m = \"\"\"\nline1 \\\n   line2\"\"\"\nl = '''\nraw\\n'''"),
            "map[l:raw\\n m:line1 line2]"
        );
        assert_eq!(
            show("n = 1_000\no = 0o17\nb = 0b101\nf = 6.626e-34\nnf = -inf"),
            "map[b:5 f:6.626e-34 n:1000 nf:-Inf o:15]"
        );
        assert_eq!(
            show("a.b = 1\na.c = 2\n[t]\nx.y = [1, [2]]"),
            "map[a:map[b:1 c:2] t:map[x:map[y:[1 [2]]]]]"
        );
        assert_eq!(
            show("x = [{a = 1}, {b.c = 2}]"),
            "map[x:[map[a:1] map[b:map[c:2]]]]"
        );
        assert_eq!(
            show("t = 1979-05-27T00:32:00.999999-07:00\nlt = 07:32:00"),
            "map[lt:0000-01-01 07:32:00 +0000 time-local t:1979-05-27 00:32:00.999999 -0700 -0700]"
        );
        // BurntSushi lets a table replace an array value.
        assert_eq!(show("a = [1]\n[a]\nb = 1"), "map[a:map[b:1]]");
        let v = from_toml("[[x]]\na = 1\n[[x]]");
        let Value::Map(m) = &v else { panic!("map") };
        assert_eq!(
            m.get("x").map(|x| x.type_name()).as_deref(),
            Some("[]map[string]interface {}")
        );
    }

    #[test]
    fn errors_like_burntsushi() {
        assert_eq!(
            err("a = [1,,2]"),
            "toml: line 1 (last key \"a\"): unexpected comma"
        );
        assert_eq!(
            err("a = {x = 1,\n}"),
            "toml: line 1 (last key \"a.x\"): newlines not allowed within inline tables"
        );
        assert_eq!(
            err("[[a]]\n[a]"),
            "toml: line 2: Key 'a' has already been defined."
        );
        assert_eq!(
            err("a = 1\n[a]"),
            "toml: line 2: Key 'a' has already been defined."
        );
        assert_eq!(
            err("a = \"\\q\""),
            "toml: line 1 (last key \"a\"): invalid escape in string '\\q'"
        );
        assert_eq!(
            err("a = 01"),
            "toml: line 1 (last key \"a\"): Invalid integer \"01\": cannot have leading zeroes"
        );
        assert_eq!(
            err("a = 1979-02-30"),
            "toml: line 1 (last key \"a\"): invalid datetime: \"1979-02-30\""
        );
        assert_eq!(
            err("a = 1.5e999"),
            "toml: line 1 (last key \"a\"): 1.5e999 is out of range for float64"
        );
        assert_eq!(
            err("a = 1\n\u{1}"),
            "toml: line 2: TOML files cannot contain control characters: '0x01'"
        );
        assert_eq!(
            err("x = [{a=1}]\n[[x]]"),
            "toml: line 2: Key 'x' was already created and cannot be used as an array."
        );
        assert_eq!(
            err("\"a b\" = {c = 1, c = 2}"),
            "toml: line 1 (last key \"\\\"a b\\\".c\"): Key '\"a b\".c' has already been defined."
        );
    }

    #[test]
    fn never_panics_on_scrambled_input() {
        // Deterministic scraps of TOML syntax glued at random: every input decodes or errors.
        const BITS: &[&str] = &[
            "a",
            "b.c",
            "\"k\"",
            "'r'",
            " = ",
            "=",
            "[",
            "]",
            "[[",
            "]]",
            "{",
            "}",
            ",",
            ".",
            "\n",
            "\r\n",
            "\r",
            " ",
            "\t",
            "#x",
            "1",
            "0x",
            "0b1",
            "-",
            "+",
            "_",
            "1e5",
            "nan",
            "inf",
            "true",
            "1979-05-27",
            "T07:32:00",
            "Z",
            "+01:00",
            "\"\"\"",
            "'''",
            "\\",
            "\\u00",
            "\\U0001F600",
            "é",
            "\u{1}",
            "\u{7f}",
            "\"",
            "'",
            ":",
            "0",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(BITS[(seed % BITS.len() as u64) as usize]);
            }
            let v = from_toml(&text);
            if let Value::Map(m) = &v {
                if let Some(e) = m.get("Error") {
                    let e = e.as_str().unwrap_or_default().to_string();
                    assert!(e.starts_with("toml: line "), "{text:?} -> {e:?}");
                }
            }
        }
    }

    #[test]
    fn hostile_input_is_bounded() {
        let n = 100_000;
        let deep = format!("a = {}", "[".repeat(n));
        assert_eq!(
            err(&deep),
            "toml: line 1 (last key \"a\"): exceeded max depth of 256"
        );
        let deep = format!("a = {}", "{b = ".repeat(n));
        assert!(err(&deep).contains("exceeded max depth of 256"));
        let deep = format!("a = {}", "[{b = ".repeat(n));
        assert!(err(&deep).contains("exceeded max depth of 256"));
        let long = format!("[{}]", vec!["k"; n].join("."));
        assert!(err(&long).contains("exceeded max depth of 256"));
        let long = format!("{} = 1", vec!["k"; n].join("."));
        assert!(err(&long).contains("exceeded max depth of 256"));
        // Unclosed openers only: the lexer's own errors.
        assert!(err(&"[".repeat(n)).starts_with("toml: line 1: "));
        assert!(err(&"{".repeat(n)).starts_with("toml: line 1: "));
        // Within the limit: decoded, on a small stack.
        let ok = format!("a = {}{}", "[".repeat(200), "]".repeat(200));
        let depth = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let Value::Map(m) = from_toml(&ok) else {
                    return 0;
                };
                let mut v = m.get("a").expect("a");
                let mut depth = 0;
                while let Value::List(l) = v {
                    depth += 1;
                    match l.items.first() {
                        Some(x) => v = x.clone(),
                        None => break,
                    }
                }
                depth
            })
            .expect("thread")
            .join()
            .expect("no overflow");
        assert_eq!(depth, 200);
    }
}

/// The recorded helm cases of testdata/sprig/part2.json that call toToml/fromToml, fromJson/
/// fromJsonArray or fromYaml/fromYamlArray, rendered with Sprig's functions plus Helm's.
#[cfg(test)]
mod recorded {
    use super::*;
    use cw_template::{render_text, Elem, FuncMap, MissingKey};
    use cw_yaml::GoValue;

    const DATA: &str = include_str!("../../../../testdata/sprig/part2.json");

    /// Differences from BurntSushi/toml that are known, with the reason. A listed case that
    /// starts passing fails the test, so the list stays true.
    const KNOWN_GAPS: &[(&str, &str)] = &[];

    fn to_value(g: &GoValue) -> Value {
        match g {
            GoValue::Null => Value::Nil,
            GoValue::Bool(b) => Value::Bool(*b),
            GoValue::Int(i) => Value::Int(*i),
            GoValue::Uint(u) => Value::Uint64(*u),
            GoValue::Float(f) => Value::Float(*f),
            GoValue::String(s) | GoValue::Time(s) => Value::str(s),
            GoValue::Seq(items) => Value::list(items.iter().map(to_value).collect()),
            GoValue::Map(m) | GoValue::Struct(m) => {
                Value::map(m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect())
            }
        }
    }

    /// Sprig's functions plus Helm's static additions (toToml, fromToml, fromJson, fromYaml...).
    fn funcs() -> FuncMap {
        let mut f = cw_sprig::funcs();
        crate::funcs::add_static(&mut f);
        f
    }

    #[test]
    fn toml_cases_match_helm() {
        let doc: serde_json::Value = serde_json::from_str(DATA).expect("json");
        let name = doc["template_name"].as_str().expect("name");
        let values_text = doc["values"].as_str().expect("values");
        let (mut pass, mut gaps, mut failed, mut skipped) = (0, 0, Vec::new(), 0);
        for case in doc["cases"].as_array().expect("cases") {
            let t = case["template"].as_str().expect("template");
            if !["Toml", "fromJson", "fromYaml"]
                .iter()
                .any(|f| t.contains(f))
            {
                continue;
            }
            let loaded = cw_yaml::load(values_text);
            let top = match loaded.root.as_ref().map(GoValue::from_node) {
                Some(GoValue::Map(m)) => m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect(),
                _ => Default::default(),
            };
            let data = Value::map_from([(
                "Values",
                Value::typed_map(Some("common.Values"), Elem::Any, top),
            )]);
            let (out, err) = render_text(name, t, funcs(), MissingKey::Zero, data);
            if err.as_deref().is_some_and(|e| e.contains("\" not defined")) {
                println!("skipped (needs another function): {t}");
                skipped += 1;
                continue;
            }
            let got = match err {
                Some(e) => Err(e),
                None => Ok(out.replace("<no value>", "")),
            };
            let want = match (case["output"].as_str(), case["error"].as_str()) {
                (Some(o), _) => Ok(o.to_string()),
                (_, Some(e)) => Err(e.to_string()),
                _ => panic!("case without result"),
            };
            let gap = KNOWN_GAPS.iter().find(|(g, _)| *g == t);
            if got == want {
                if gap.is_some() {
                    failed.push(format!("{t}\n  passes but is listed in KNOWN_GAPS"));
                }
                pass += 1;
            } else if let Some((_, why)) = gap {
                println!("known gap: {t}: {why}");
                gaps += 1;
            } else {
                failed.push(format!("{t}\n  want {want:?}\n  got  {got:?}"));
            }
        }
        println!(
            "toml/json/yaml decoders vs helm: {pass} passed, {gaps} known gaps, {skipped} skipped, {} failed",
            failed.len()
        );
        for f in &failed {
            println!("FAIL: {f}");
        }
        assert!(pass >= 25, "most recorded toml cases must run");
        assert!(
            failed.is_empty(),
            "{} toml cases differ from helm",
            failed.len()
        );
    }
}
