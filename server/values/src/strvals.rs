//! Helm's `strvals` (pkg/strvals): the `--set`, `--set-string`, `--set-json`, `--set-file` and
//! `--set-literal` line parsers, with Helm's typing rules and error texts.
//!
//! A line is `name1=value1,name2=value2`; names nest with `.` and index lists with `[N]`; `\`
//! escapes the next character (`a\.b=1` sets the key `a.b`); `{x,y}` is a list. `--set` types
//! values: `true`/`false` (any case) are booleans, `null` is nil (which deletes the key when
//! values are coalesced), `0` and decimal integers not starting with `0` are `int64`; anything
//! else (`010`, `1.50`, `1e6`) stays a string.

use std::collections::BTreeMap;

use cw_template::{MapRef, Value};

use crate::convert::is_table;
use crate::json;

/// The largest list index Helm accepts (`strvals.MaxIndex`).
pub const MAX_INDEX: i64 = 65536;
/// The deepest `a.b.c…` name Helm accepts (`strvals.MaxNestedNameLevel`).
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// The deepest nesting of lists and maps a line may build (`a[0][0]…`, `a[0].b[0].c…`).
/// Helm has no limit on list nesting; beyond this the input is hostile and would exhaust the
/// stack, so we stop with an error.
pub const MAX_NESTING: usize = 500;
/// The most list elements one line may create through indexes (`a[65536]` makes 65537;
/// Helm has no total limit, so nested big indexes could take gigabytes).
pub const MAX_LIST_SLOTS: usize = 4_000_000;

/// How values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--set`: typed values.
    Typed,
    /// `--set-string`: every value a string.
    String,
    /// `--set-json`: each value a JSON document.
    Json,
    /// `--set-file`: each value a path, replaced by the file's contents.
    File,
    /// `--set-literal`: the rest of the line, as is, is one string (no `,` splitting, no `\`
    /// escapes, no `{}` lists).
    Literal,
}

/// Reads a `--set-file` path into the value to set (the file's text).
pub type FileReader<'a> = &'a dyn Fn(&str) -> Result<Value, String>;

#[derive(Debug)]
struct PErr {
    msg: String,
    /// Go's `errors.Is(err, io.EOF)`: such errors end the parse silently.
    eof: bool,
}

impl PErr {
    fn new(msg: impl Into<String>) -> PErr {
        PErr {
            msg: msg.into(),
            eof: false,
        }
    }
    fn eof() -> PErr {
        PErr {
            msg: "EOF".into(),
            eof: true,
        }
    }
    fn wrap(self, prefix: &str) -> PErr {
        PErr {
            msg: format!("{prefix}{}", self.msg),
            eof: self.eof,
        }
    }
}

type PResult<T> = Result<T, PErr>;

/// Parses a `--set` line into `dest` (Helm's `strvals.ParseInto`). On error, `dest` may hold
/// part of the line, as in Helm; the error text is Helm's (without the `failed parsing --set
/// data: ` prefix).
pub fn parse_into(line: &str, dest: &MapRef) -> Result<(), String> {
    Parser::new(line, Mode::Typed, None).parse(dest)
}

/// Parses a `--set-string` line into `dest` (`strvals.ParseIntoString`).
pub fn parse_into_string(line: &str, dest: &MapRef) -> Result<(), String> {
    Parser::new(line, Mode::String, None).parse(dest)
}

/// Parses a `--set-json` `key=json` line into `dest` (`strvals.ParseJSON`). Helm reports any
/// failure as `failed parsing --set-json data LINE`; the detail returned here is ours.
pub fn parse_json(line: &str, dest: &MapRef) -> Result<(), String> {
    Parser::new(line, Mode::Json, None).parse(dest)
}

/// Parses a `--set-file` line into `dest` (`strvals.ParseIntoFile`), reading each value with
/// `reader`.
pub fn parse_into_file(line: &str, dest: &MapRef, reader: FileReader<'_>) -> Result<(), String> {
    Parser::new(line, Mode::File, Some(reader)).parse(dest)
}

/// Parses a `--set-literal` line into `dest` (`strvals.ParseLiteralInto`).
pub fn parse_literal_into(line: &str, dest: &MapRef) -> Result<(), String> {
    Parser::new(line, Mode::Literal, None).parse(dest)
}

/// Parses a `--set` line into a new map (`strvals.Parse`).
pub fn parse(line: &str) -> Result<Value, String> {
    let m = MapRef::new(cw_template::Map::default());
    parse_into(line, &m)?;
    Ok(Value::Map(m))
}

fn nesting_error() -> PErr {
    PErr::new(format!(
        "value nesting is greater than the maximum of {MAX_NESTING} levels"
    ))
}

struct Parser<'a> {
    depth: usize,
    /// List elements allocated so far.
    slots: usize,
    chars: Vec<char>,
    pos: usize,
    mode: Mode,
    reader: Option<FileReader<'a>>,
}

/// A Go type assertion failure (`interface conversion: interface {} is string, not
/// map[string]interface {}`), which Helm's parser recovers as `unable to parse key: ...`.
fn conversion_panic(found: Option<&Value>, want: &str) -> PErr {
    let found = match found {
        None | Some(Value::Nil) => "nil".to_string(),
        Some(v) => v.type_name(),
    };
    PErr::new(format!(
        "unable to parse key: interface conversion: interface {{}} is {found}, not {want}"
    ))
}

const MAP_TYPE: &str = "map[string]interface {}";
const LIST_TYPE: &str = "[]interface {}";

impl<'a> Parser<'a> {
    fn new(line: &str, mode: Mode, reader: Option<FileReader<'a>>) -> Parser<'a> {
        Parser {
            depth: 0,
            slots: 0,
            chars: line.chars().collect(),
            pos: 0,
            mode,
            reader,
        }
    }

    fn parse(&mut self, data: &MapRef) -> Result<(), String> {
        loop {
            match self.key(data, 0) {
                Ok(()) => continue,
                Err(e) if e.eof => return Ok(()),
                Err(e) => return Err(e.msg),
            }
        }
    }

    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// Everything left on the line.
    fn rest(&mut self) -> String {
        let s = self.chars[self.pos..].iter().collect();
        self.pos = self.chars.len();
        s
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Go's `runesUntil`: runes up to a stop rune (consumed), with `\` escapes.
    /// Err(()) means end of input (Go's io.EOF) with the runes read so far.
    fn runes_until(&mut self, stop: &[char]) -> (Vec<char>, Option<char>) {
        let mut v = Vec::new();
        loop {
            match self.read() {
                None => return (v, None),
                Some(r) if stop.contains(&r) => return (v, Some(r)),
                Some('\\') if self.mode != Mode::Literal => match self.read() {
                    None => return (v, None),
                    Some(n) => v.push(n),
                },
                Some(r) => v.push(r),
            }
        }
    }

    fn typed(&self, rs: &[char]) -> PResult<Value> {
        let s: String = rs.iter().collect();
        match self.mode {
            Mode::File => match self.reader {
                Some(read) => read(&s).map_err(PErr::new),
                None => Ok(Value::string(s)),
            },
            Mode::String | Mode::Json | Mode::Literal => Ok(Value::string(s)),
            Mode::Typed => Ok(typed_val(&s)),
        }
    }

    fn key(&mut self, data: &MapRef, nested: usize) -> PResult<()> {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            Err(nesting_error())
        } else {
            self.key_inner(data, nested)
        };
        self.depth -= 1;
        r
    }

    fn list_item(&mut self, list: Vec<Value>, i: i64, nested: usize) -> (Vec<Value>, Option<PErr>) {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            (list, Some(nesting_error()))
        } else {
            self.list_item_inner(list, i, nested)
        };
        self.depth -= 1;
        r
    }

    fn set_index(&mut self, list: Vec<Value>, i: i64, v: Value) -> (Vec<Value>, Option<PErr>) {
        set_index_budget(list, i, v, &mut self.slots)
    }

    fn key_inner(&mut self, data: &MapRef, mut nested: usize) -> PResult<()> {
        let stop: &[char] = if self.mode == Mode::Literal {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (k, last) = self.runes_until(stop);
        let ks: String = k.iter().collect();
        let Some(last) = last else {
            if k.is_empty() {
                return Err(PErr::eof());
            }
            return Err(PErr::new(format!(
                "key {} has no value",
                cw_yaml::go_quote(&ks)
            )));
        };
        match last {
            '[' => {
                let i = self
                    .key_index()
                    .map_err(|e| e.wrap("error parsing index: "))?;
                let list = match data.get(&ks) {
                    None => Vec::new(),
                    Some(Value::List(l)) => l.items.clone(),
                    Some(other) => return Err(conversion_panic(Some(&other), LIST_TYPE)),
                };
                let (list, err) = self.list_item(list, i, nested);
                set(data, &ks, Value::list(list));
                match err {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
            '=' => {
                if self.mode == Mode::Literal {
                    let rest = self.rest();
                    set(data, &ks, Value::string(rest));
                    return Ok(());
                }
                if self.mode == Mode::Json {
                    if self.empty_val() {
                        set(data, &ks, Value::Nil);
                        return Ok(());
                    }
                    let v = self.json_value()?;
                    set(data, &ks, v);
                    self.empty_val();
                    return Ok(());
                }
                match self.val_list() {
                    Ok(vl) => {
                        set(data, &ks, Value::list(vl));
                        Ok(())
                    }
                    Err(ListErr::Eof) => {
                        set(data, &ks, Value::str(""));
                        Err(PErr::eof())
                    }
                    Err(ListErr::NotList) => {
                        let rs = self.val();
                        let v = self.typed(&rs)?;
                        set(data, &ks, v);
                        Ok(())
                    }
                    Err(ListErr::Other(e)) => Err(e),
                }
            }
            ',' => {
                set(data, &ks, Value::str(""));
                Err(PErr::new(format!(
                    "key {} has no value (cannot end with ,)",
                    cw_yaml::go_quote(&ks)
                )))
            }
            _ => {
                // '.'
                nested += 1;
                if nested > MAX_NESTED_NAME_LEVEL {
                    return Err(PErr::new(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let inner = match data.get(&ks) {
                    None => MapRef::new(cw_template::Map::default()),
                    Some(Value::Map(m)) if is_table(&Value::Map(m.clone())) => m,
                    Some(other) => return Err(conversion_panic(Some(&other), MAP_TYPE)),
                };
                let e = self.key(&inner, nested);
                if e.is_ok() && inner.is_empty() {
                    return Err(PErr::new(format!(
                        "key map {} has no value",
                        cw_yaml::go_quote(&ks)
                    )));
                }
                if !inner.is_empty() {
                    set(data, &ks, Value::Map(inner));
                }
                e
            }
        }
    }

    fn key_index(&mut self) -> PResult<i64> {
        let (v, last) = self.runes_until(&[']']);
        if last.is_none() {
            return Err(PErr::eof());
        }
        let s: String = v.iter().collect();
        go_atoi(&s).map_err(PErr::new)
    }

    fn list_item_inner(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        nested: usize,
    ) -> (Vec<Value>, Option<PErr>) {
        if i < 0 {
            return (
                list,
                Some(PErr::new(format!("negative {i} index not allowed"))),
            );
        }
        let (k, last) = self.runes_until(&['[', '.', '=']);
        if !k.is_empty() {
            return (
                list,
                Some(PErr::new(format!(
                    "unexpected data at end of array index: {}",
                    quote_runes(&k)
                ))),
            );
        }
        let Some(last) = last else {
            return (list, Some(PErr::eof()));
        };
        match last {
            '=' => {
                if self.mode == Mode::Literal {
                    let rest = self.rest();
                    return self.set_index(list, i, Value::string(rest));
                }
                if self.mode == Mode::Json {
                    if self.empty_val() {
                        return self.set_index(list, i, Value::Nil);
                    }
                    let v = match self.json_value() {
                        Ok(v) => v,
                        Err(e) => return (list, Some(e)),
                    };
                    let (list, err) = self.set_index(list, i, v);
                    if err.is_some() {
                        return (list, err);
                    }
                    self.empty_val();
                    return (list, None);
                }
                match self.val_list() {
                    Ok(vl) => self.set_index(list, i, Value::list(vl)),
                    Err(ListErr::Eof) => self.set_index(list, i, Value::str("")),
                    Err(ListErr::NotList) => {
                        let rs = self.val();
                        match self.typed(&rs) {
                            Ok(v) => self.set_index(list, i, v),
                            Err(e) => (list, Some(e)),
                        }
                    }
                    Err(ListErr::Other(e)) => (list, Some(e)),
                }
            }
            '[' => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => return (list, Some(e.wrap("error parsing index: "))),
                };
                let mut crt = Vec::new();
                if (list.len() as i64) > i {
                    let existed = list[i as usize].clone();
                    match existed {
                        Value::Nil => {}
                        Value::List(l) => crt = l.items.clone(),
                        other => return (list, Some(conversion_panic(Some(&other), LIST_TYPE))),
                    }
                }
                let (list2, err) = self.list_item(crt, next, nested);
                if err.is_some() {
                    return (list, err);
                }
                self.set_index(list, i, Value::list(list2))
            }
            _ => {
                // '.'
                let mut inner = MapRef::new(cw_template::Map::default());
                if (list.len() as i64) > i {
                    match &list[i as usize] {
                        Value::Map(m) if is_table(&list[i as usize]) => inner = m.clone(),
                        _ => {
                            list[i as usize] = Value::Map(inner.clone());
                        }
                    }
                }
                if let Err(e) = self.key(&inner, nested) {
                    return (list, Some(e));
                }
                self.set_index(list, i, Value::Map(inner))
            }
        }
    }

    /// Consumes blanks up to a comma or the end (true: the value is empty) or stops before
    /// any other character.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => continue,
                Some(_) => {
                    self.unread();
                    return false;
                }
            }
        }
    }

    fn json_value(&mut self) -> PResult<Value> {
        let rest: String = self.chars[self.pos..].iter().collect();
        let (v, used) = json::decode_prefix(&rest).map_err(PErr::new)?;
        self.pos += rest[..used].chars().count();
        Ok(v)
    }

    fn val(&mut self) -> Vec<char> {
        self.runes_until(&[',']).0
    }

    fn val_list(&mut self) -> Result<Vec<Value>, ListErr> {
        match self.read() {
            None => return Err(ListErr::Eof),
            Some('{') => {}
            Some(_) => {
                self.unread();
                return Err(ListErr::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.runes_until(&[',', '}']);
            match last {
                None => {
                    return Err(ListErr::Other(PErr::new("list must terminate with '}'")));
                }
                Some('}') => {
                    if let Some(r) = self.read() {
                        if r != ',' {
                            self.unread();
                        }
                    }
                    let v = self.typed(&rs).map_err(ListErr::Other)?;
                    list.push(v);
                    return Ok(list);
                }
                Some(_) => {
                    let v = self.typed(&rs).map_err(ListErr::Other)?;
                    list.push(v);
                }
            }
        }
    }
}

enum ListErr {
    Eof,
    NotList,
    Other(PErr),
}

fn set(data: &MapRef, key: &str, v: Value) {
    if key.is_empty() {
        return;
    }
    data.insert(key, v);
}

/// Go's `setIndex`, with a budget on list slots grown over one line.
fn set_index_budget(
    mut list: Vec<Value>,
    i: i64,
    v: Value,
    slots: &mut usize,
) -> (Vec<Value>, Option<PErr>) {
    if i < 0 {
        return (
            list,
            Some(PErr::new(format!("negative {i} index not allowed"))),
        );
    }
    if i > MAX_INDEX {
        return (
            list,
            Some(PErr::new(format!(
                "index of {i} is greater than maximum supported index of {MAX_INDEX}"
            ))),
        );
    }
    let i = i as usize;
    if list.len() <= i {
        *slots += i + 1 - list.len();
        if *slots > MAX_LIST_SLOTS {
            return (
                list,
                Some(PErr::new(format!(
                    "lists would grow beyond {MAX_LIST_SLOTS} elements in total"
                ))),
            );
        }
        list.resize(i + 1, Value::Nil);
    }
    list[i] = v;
    (list, None)
}

/// Helm's `typedVal` for `--set`.
pub fn typed_val(s: &str) -> Value {
    if s.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if s.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if s.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if s == "0" {
        return Value::Int64(0);
    }
    if !s.is_empty() && !s.starts_with('0') {
        if let Ok(i) = go_parse_int10(s) {
            return Value::Int64(i);
        }
    }
    Value::str(s)
}

/// Go's `strconv.ParseInt(s, 10, 64)`: optional sign, ASCII digits only.
fn go_parse_int10(s: &str) -> Result<i64, ()> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    s.parse::<i64>().map_err(|_| ())
}

/// Go's `strconv.Atoi` with its error texts.
fn go_atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            cw_yaml::go_quote(s)
        ));
    }
    s.parse::<i64>().map_err(|_| {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            cw_yaml::go_quote(s)
        )
    })
}

/// Go's `%q` of a `[]rune`: each rune as a quoted character literal, `['a' 'b']`.
fn quote_runes(rs: &[char]) -> String {
    let parts: Vec<String> = rs
        .iter()
        .map(|&c| match c {
            '\'' => "'\\''".to_string(),
            '\\' => "'\\\\'".to_string(),
            '\n' => "'\\n'".to_string(),
            '\t' => "'\\t'".to_string(),
            '\r' => "'\\r'".to_string(),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("'\\x{:02x}'", c as u32),
            c => format!("'{c}'"),
        })
        .collect();
    format!("[{}]", parts.join(" "))
}

/// Helm's `loader.MergeMaps`: `b` over a copy of `a`, maps merged recursively, everything
/// else (lists included) replaced.
pub fn merge_maps(a: &Value, b: &Value) -> Value {
    let mut out: BTreeMap<String, Value> = match a {
        Value::Map(m) => m.read().entries.clone(),
        _ => BTreeMap::new(),
    };
    if let Value::Map(bm) = b {
        for (k, v) in bm.read().entries.iter() {
            if is_table(v) {
                if let Some(bv) = out.get(k) {
                    if is_table(bv) {
                        let merged = merge_maps(bv, v);
                        out.insert(k.clone(), merged);
                        continue;
                    }
                }
            }
            out.insert(k.clone(), v.clone());
        }
    }
    Value::map(out)
}
