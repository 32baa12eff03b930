//! BurntSushi/toml v1.6.0's parser (parse.go): builds the key/value tree from the lexer's items
//! with its redefinition rules (implicit tables, `[[arrays]]`, inline tables) and its value rules
//! (int64 through `strconv.ParseInt(s, 0, 64)`, floats, datetimes through Go's `time.Parse`),
//! and reports the first error as `ParseError.Error()` does:
//! `toml: line 2 (last key "a"): Key 'a' has already been defined.`
//!
//! One deliberate difference: Go has no nesting limit; tables, keys and values nested deeper
//! than [`MAX_DEPTH`] stop with `exceeded max depth of 256`, so hostile input stays cheap.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::lex::{
    is_bare_key_char, is_digit, is_hex, quote_rune, quote_str, Item, ItemType, Lexer,
};

/// Nesting limit for key paths and array/inline-table values.
pub(super) const MAX_DEPTH: usize = 256;

/// A decoded TOML value with the Go type BurntSushi gives it.
#[derive(Clone, Debug)]
pub(super) enum TVal {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A `time.Time`, as `Time.String()` prints it.
    Time(String),
    /// `[]interface {}`
    Array(Vec<TVal>),
    /// `map[string]interface {}`
    Table(TMap),
    /// `[]map[string]interface {}` (`[[x]]` arrays of tables).
    TableArray(Vec<TMap>),
}

pub(super) type TMap = BTreeMap<String, TVal>;

/// Why decoding stopped: a `ParseError` (its `Error()` text), or one of Go's `BUG` panics.
#[derive(Debug)]
pub(super) enum Fail {
    Parse(String),
    Bug(String),
}

type R<T> = Result<T, Fail>;

/// Only `tomlArray` matters for the redefinition rules (`isArray`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Array,
    Other,
}

/// `Key.String()`: the parts joined by `.`, each quoted when it is not a bare key.
pub(super) fn key_string(k: &[String]) -> String {
    let mut b = String::new();
    for (i, part) in k.iter().enumerate() {
        if i > 0 {
            b.push('.');
        }
        if part.is_empty() {
            b.push_str("\"\"");
        } else if part.chars().all(is_bare_key_char) {
            b.push_str(part);
        } else {
            b.push('"');
            for c in part.chars() {
                match c {
                    '"' => b.push_str("\\\""),
                    '\\' => b.push_str("\\\\"),
                    '\u{8}' => b.push_str("\\b"),
                    '\t' => b.push_str("\\t"),
                    '\n' => b.push_str("\\n"),
                    '\u{c}' => b.push_str("\\f"),
                    '\r' => b.push_str("\\r"),
                    c if (c as u32) < 0x20 || c == '\u{7f}' => {
                        b.push_str(&format!("\\u{:04x}", c as u32))
                    }
                    c => b.push(c),
                }
            }
            b.push('"');
        }
    }
    b
}

pub(super) struct Parser<'a> {
    lx: Lexer<'a>,
    context: Vec<String>,
    current_key: String,
    /// Line of the last item read with `next_pos` (Go's `p.pos`).
    pos_line: isize,
    key_info: HashMap<String, Kind>,
    pub(super) mapping: TMap,
    implicits: HashSet<String>,
}

/// Go's `parse`: the whole document, or the first error.
pub(super) fn parse(data: &str) -> R<TMap> {
    let data = data.strip_prefix('\u{feff}').unwrap_or(data);
    if data.bytes().take(6).any(|b| b == 0) {
        return Err(Fail::Parse(
            "toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8"
                .into(),
        ));
    }
    let mut p = Parser {
        lx: Lexer::new(data),
        context: Vec::new(),
        current_key: String::new(),
        pos_line: 0,
        key_info: HashMap::new(),
        mapping: TMap::new(),
        implicits: HashSet::new(),
    };
    loop {
        let item = p.next()?;
        if item.typ == ItemType::Eof {
            break;
        }
        p.top_level(item)?;
    }
    Ok(std::mem::take(&mut p.mapping))
}

fn bug(msg: String) -> Fail {
    Fail::Bug(format!("BUG: {msg}\n\n"))
}

impl Parser<'_> {
    fn error_at(&self, line: isize, msg: String) -> Fail {
        let last = self.current();
        Fail::Parse(if last.is_empty() {
            format!("toml: line {line}: {msg}")
        } else {
            format!("toml: line {line} (last key {}): {msg}", quote_str(&last))
        })
    }

    /// `panicf`: at the position of the last `next_pos` item.
    fn panicf(&self, msg: String) -> Fail {
        self.error_at(self.pos_line, msg)
    }

    /// `panicItemf` / `panicErr`: at the item's position.
    fn panic_item(&self, it: &Item, msg: String) -> Fail {
        self.error_at(it.line, msg)
    }

    fn depth_error(&self, line: isize) -> Fail {
        self.error_at(line, format!("exceeded max depth of {MAX_DEPTH}"))
    }

    fn next(&mut self) -> R<Item> {
        let it = self.lx.next_item();
        if it.typ == ItemType::Error {
            let msg = it.err.clone().unwrap_or_else(|| it.val.clone());
            if it.bug {
                return Err(Fail::Bug(msg));
            }
            return Err(self.error_at(it.line, msg));
        }
        Ok(it)
    }

    fn next_pos(&mut self) -> R<Item> {
        let it = self.next()?;
        self.pos_line = it.line;
        Ok(it)
    }

    fn expect(&mut self, typ: ItemType) -> R<Item> {
        let it = self.next()?;
        if it.typ != typ {
            return Err(bug(format!("Expected '{typ:?}' but got '{:?}'.", it.typ)));
        }
        Ok(it)
    }

    /// Reads the parts of a key up to `end` (the first part already read).
    fn key_parts(&mut self, first: Item, end: ItemType) -> R<Vec<String>> {
        let mut key = Vec::new();
        let mut name = first;
        while name.typ != end && name.typ != ItemType::Eof {
            if key.len() >= MAX_DEPTH {
                return Err(self.depth_error(name.line));
            }
            key.push(self.key_string(&name)?);
            name = self.next()?;
        }
        if name.typ != end || key.is_empty() {
            return Err(bug(format!("Expected '{end:?}' but got '{:?}'.", name.typ)));
        }
        Ok(key)
    }

    fn top_level(&mut self, item: Item) -> R<()> {
        match item.typ {
            ItemType::CommentStart => {
                self.expect(ItemType::Text)?;
            }
            ItemType::TableStart | ItemType::ArrayTableStart => {
                let array = item.typ == ItemType::ArrayTableStart;
                let name = self.next_pos()?;
                let end = if array {
                    ItemType::ArrayTableEnd
                } else {
                    ItemType::TableEnd
                };
                let key = self.key_parts(name, end)?;
                self.add_context(&key, array)?;
                // tomlHash / tomlArrayHash: neither counts as an array for `isArray`.
                self.set_type("", Kind::Other);
            }
            ItemType::KeyStart => {
                let outer_context = self.context.clone();
                let k = self.next_pos()?;
                let key = self.key_parts(k, ItemType::KeyEnd)?;
                self.current_key = key[key.len() - 1].clone();
                let parents = &key[..key.len() - 1];
                for part in parents {
                    let mut c = self.context.clone();
                    c.push(part.clone());
                    self.add_implicit_context(&c)?;
                }
                let v_item = self.next()?;
                let (val, typ) = self.value(v_item, false, 0)?;
                let ck = self.current_key.clone();
                self.set_value(&ck, val)?;
                self.set_type(&ck, typ);
                self.context = outer_context;
                self.current_key.clear();
            }
            t => return Err(bug(format!("Unexpected type at top level: {t:?}"))),
        }
        Ok(())
    }

    /// `keyString`: a key part's text.
    fn key_string(&mut self, it: &Item) -> R<String> {
        match it.typ {
            ItemType::Text => Ok(it.val.clone()),
            ItemType::String
            | ItemType::StringEsc
            | ItemType::MultilineString
            | ItemType::RawString
            | ItemType::RawMultilineString => match self.value(it.clone(), false, 0)?.0 {
                TVal::String(s) => Ok(s),
                _ => Err(bug("Unexpected key type".into())),
            },
            t => Err(bug(format!("Unexpected key type: {t:?}"))),
        }
    }

    fn value(&mut self, it: Item, parent_is_array: bool, depth: usize) -> R<(TVal, Kind)> {
        // Nested values recurse; keep room on the stack whatever the caller left.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.value_inner(it, parent_is_array, depth)
        })
    }

    fn value_inner(&mut self, it: Item, parent_is_array: bool, depth: usize) -> R<(TVal, Kind)> {
        let s = |v: String| Ok((TVal::String(v), Kind::Other));
        match it.typ {
            ItemType::String | ItemType::RawString => s(it.val),
            ItemType::StringEsc => {
                let v = self.replace_escapes(&it, &it.val)?;
                s(v)
            }
            ItemType::MultilineString => {
                let stripped = strip_escaped_newlines(strip_first_newline(&it.val));
                let v = self.replace_escapes(&it, &stripped)?;
                s(v)
            }
            ItemType::RawMultilineString => s(strip_first_newline(&it.val).to_string()),
            ItemType::Integer => Ok((self.value_integer(&it)?, Kind::Other)),
            ItemType::Float => Ok((self.value_float(&it)?, Kind::Other)),
            ItemType::Bool => match it.val.as_str() {
                "true" => Ok((TVal::Bool(true), Kind::Other)),
                "false" => Ok((TVal::Bool(false), Kind::Other)),
                v => Err(bug(format!("Expected boolean value, but got '{v}'."))),
            },
            ItemType::Datetime => match parse_datetime(&it.val) {
                Ok(t) => Ok((TVal::Time(t), Kind::Other)),
                // Go reports the text after its z/t/space replacements.
                Err(val) => {
                    Err(self.panic_item(&it, format!("invalid datetime: {}", quote_str(&val))))
                }
            },
            ItemType::Array | ItemType::InlineTableStart => {
                if depth >= MAX_DEPTH {
                    return Err(self.depth_error(it.line));
                }
                if it.typ == ItemType::Array {
                    self.value_array(depth)
                } else {
                    self.value_inline_table(parent_is_array, depth)
                }
            }
            t => Err(bug(format!("Unexpected value type: {t:?}"))),
        }
    }

    fn value_integer(&self, it: &Item) -> R<TVal> {
        let v = &it.val;
        if !num_underscores_ok(v) {
            return Err(self.panic_item(
                it,
                format!(
                    "Invalid integer {}: underscores must be surrounded by digits",
                    quote_str(v)
                ),
            ));
        }
        if num_has_leading_zero(v) {
            return Err(self.panic_item(
                it,
                format!(
                    "Invalid integer {}: cannot have leading zeroes",
                    quote_str(v)
                ),
            ));
        }
        match parse_int(v) {
            Ok(n) => Ok(TVal::Int(n)),
            Err(true) => Err(self.panic_item(it, format!("{v} is out of range for int64"))),
            Err(false) => Err(bug(format!("Expected integer value, but got '{v}'."))),
        }
    }

    fn value_float(&self, it: &Item) -> R<TVal> {
        let v = &it.val;
        let parts: Vec<&str> = v.split(['.', 'e', 'E']).filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| !num_underscores_ok(p)) {
            return Err(self.panic_item(
                it,
                format!(
                    "Invalid float {}: underscores must be surrounded by digits",
                    quote_str(v)
                ),
            ));
        }
        if parts.first().is_some_and(|p| num_has_leading_zero(p)) {
            return Err(self.panic_item(
                it,
                format!("Invalid float {}: cannot have leading zeroes", quote_str(v)),
            ));
        }
        if !num_periods_ok(v) {
            return Err(self.panic_item(
                it,
                format!(
                    "Invalid float {}: '.' must be followed by one or more digits",
                    quote_str(v)
                ),
            ));
        }
        let mut val = v.replace('_', "");
        let mut signbit = false;
        if val == "+nan" || val == "-nan" {
            signbit = val == "-nan";
            val = "nan".into();
        }
        match parse_float(&val) {
            Ok(mut f) => {
                if signbit {
                    f = -f.abs();
                }
                Ok(TVal::Float(f))
            }
            Err(true) => Err(self.panic_item(it, format!("{v} is out of range for float64"))),
            Err(false) => {
                Err(self.panic_item(it, format!("Invalid float value: {}", quote_str(v))))
            }
        }
    }

    fn value_array(&mut self, depth: usize) -> R<(TVal, Kind)> {
        let ck = self.current_key.clone();
        self.set_type(&ck, Kind::Array);
        let mut array = Vec::with_capacity(2);
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::ArrayEnd => break,
                ItemType::CommentStart => {
                    self.expect(ItemType::Text)?;
                }
                _ => {
                    let (v, _) = self.value(it, true, depth + 1)?;
                    array.push(v);
                }
            }
        }
        Ok((TVal::Array(array), Kind::Array))
    }

    fn value_inline_table(&mut self, parent_is_array: bool, depth: usize) -> R<(TVal, Kind)> {
        let mut top = TMap::new();
        let outer_context = self.context.clone();
        let outer_key = std::mem::take(&mut self.current_key);
        self.context.push(outer_key.clone());
        let prev_context = self.context.clone();
        self.implicits.insert(key_string(&self.context));
        let ctx = self.context.clone();
        self.add_context(&ctx, parent_is_array)?;
        loop {
            let it = self.next()?;
            if it.typ == ItemType::InlineTableEnd {
                break;
            }
            if it.typ == ItemType::CommentStart {
                self.expect(ItemType::Text)?;
                continue;
            }
            let k = self.next_pos()?;
            let key = self.key_parts(k, ItemType::KeyEnd)?;
            self.current_key = key[key.len() - 1].clone();
            let parents = &key[..key.len() - 1];
            for part in parents {
                let mut c = self.context.clone();
                c.push(part.clone());
                self.add_implicit_context(&c)?;
            }
            let v_item = self.next()?;
            let (val, typ) = self.value(v_item, false, depth + 1)?;
            let ck = self.current_key.clone();
            self.set_value(&ck, val.clone())?;
            self.set_type(&ck, typ);

            let mut hash = &mut top;
            for c in parents {
                let entry = hash
                    .entry(c.clone())
                    .or_insert_with(|| TVal::Table(TMap::new()));
                match entry {
                    TVal::Table(m) => hash = m,
                    _ => {
                        let msg =
                            format!("{} is not a table", quote_str(&key_string(&self.context)));
                        return Err(self.panicf(msg));
                    }
                }
            }
            hash.insert(ck, val);
            self.context = prev_context.clone();
        }
        self.context = outer_context;
        self.current_key = outer_key;
        Ok((TVal::Table(top), Kind::Other))
    }

    /// `addContext`: makes `key` the current table (creating implicit parents), or appends a
    /// new table to the array of tables `key`.
    fn add_context(&mut self, key: &[String], array: bool) -> R<()> {
        if key.len() > MAX_DEPTH {
            return Err(self.depth_error(self.pos_line));
        }
        let Some((last, parents)) = key.split_last() else {
            return Err(bug("empty key".into()));
        };
        let cur = self.current();
        let line = self.pos_line;
        let mut key_context: Vec<String> = Vec::with_capacity(key.len());
        let mut hash = &mut self.mapping;
        for k in parents {
            key_context.push(k.clone());
            if !hash.contains_key(k) {
                self.implicits.insert(key_string(&key_context));
                hash.insert(k.clone(), TVal::Table(TMap::new()));
            }
            hash = match hash.get_mut(k) {
                Some(TVal::TableArray(t)) => match t.last_mut() {
                    Some(m) => m,
                    None => return Err(bug("empty array of tables".into())),
                },
                Some(TVal::Table(m)) => m,
                _ => {
                    let msg = format!(
                        "Key '{}' was already created as a hash.",
                        key_string(&key_context)
                    );
                    return Err(Fail::Parse(format_error(line, &cur, &msg)));
                }
            };
        }
        if array {
            let entry = hash
                .entry(last.clone())
                .or_insert_with(|| TVal::TableArray(Vec::new()));
            match entry {
                TVal::TableArray(t) => t.push(TMap::new()),
                _ => {
                    self.context = key_context;
                    let msg = format!(
                        "Key '{}' was already created and cannot be used as an array.",
                        key_string(key)
                    );
                    return Err(self.panicf(msg));
                }
            }
            self.context = key_context;
        } else {
            self.context = key_context;
            self.set_value(last, TVal::Table(TMap::new()))?;
        }
        self.context.push(last.clone());
        Ok(())
    }

    /// `setValue`: sets `key` in the current table; a key may be set again only when it was
    /// created implicitly or holds an array.
    fn set_value(&mut self, key: &str, value: TVal) -> R<()> {
        let cur = self.current();
        let line = self.pos_line;
        let mut key_context: Vec<String> = Vec::with_capacity(self.context.len() + 1);
        let mut hash = &mut self.mapping;
        for k in &self.context {
            key_context.push(k.clone());
            hash = match hash.get_mut(k) {
                None => {
                    return Err(bug(format!(
                        "Context for key '{}' has not been established.",
                        key_string(&key_context)
                    )))
                }
                Some(TVal::TableArray(t)) => match t.last_mut() {
                    Some(m) => m,
                    None => return Err(bug("empty array of tables".into())),
                },
                Some(TVal::Table(m)) => m,
                Some(_) => {
                    let msg = format!(
                        "Key '{}' has already been defined.",
                        key_string(&key_context)
                    );
                    return Err(Fail::Parse(format_error(line, &cur, &msg)));
                }
            };
        }
        key_context.push(key.to_string());
        if hash.contains_key(key) {
            let ks = key_string(&key_context);
            if self.key_info.get(&ks) == Some(&Kind::Array) {
                self.implicits.remove(&ks);
                hash.insert(key.to_string(), value);
                return Ok(());
            }
            if self.implicits.remove(&ks) {
                return Ok(());
            }
            let msg = format!("Key '{ks}' has already been defined.");
            return Err(Fail::Parse(format_error(line, &cur, &msg)));
        }
        hash.insert(key.to_string(), value);
        Ok(())
    }

    fn set_type(&mut self, key: &str, typ: Kind) {
        let mut kc = self.context.clone();
        if !key.is_empty() {
            kc.push(key.to_string());
        }
        if kc.is_empty() {
            kc.push(String::new());
        }
        self.key_info.insert(key_string(&kc), typ);
    }

    fn add_implicit_context(&mut self, key: &[String]) -> R<()> {
        if key.len() > MAX_DEPTH {
            return Err(self.depth_error(self.pos_line));
        }
        self.implicits.insert(key_string(key));
        self.add_context(key, false)
    }

    /// `current`: the full name of the current key, for `(last key "...")`.
    fn current(&self) -> String {
        if self.current_key.is_empty() {
            return key_string(&self.context);
        }
        if self.context.is_empty() {
            return self.current_key.clone();
        }
        format!("{}.{}", key_string(&self.context), self.current_key)
    }

    fn replace_escapes(&self, it: &Item, s: &str) -> R<String> {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut skip = 0usize;
        for (i, c) in s.char_indices() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(&e) = b.get(i + 1) else {
                return Err(bug("Escape sequence at end of string.".into()));
            };
            match e {
                b' ' | b'\t' => {
                    return Err(self.panic_item(it, format!("invalid escape: '\\{}'", e as char)))
                }
                b'b' => out.push('\u{8}'),
                b't' => out.push('\t'),
                b'n' => out.push('\n'),
                b'f' => out.push('\u{c}'),
                b'r' => out.push('\r'),
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                // TOML 1.1 escapes: not decoded without BURNTSUSHI_TOML_110.
                b'e' | b'x' => continue,
                b'u' | b'U' => {
                    let n = if e == b'u' { 4 } else { 8 };
                    let hex = s.get(i + 2..i + 2 + n).unwrap_or("");
                    out.push(self.ascii_escape_to_unicode(it, hex)?);
                    skip = n + 1;
                    continue;
                }
                _ => {
                    return Err(bug(format!(
                        "Expected valid escape code after \\, but got {}.",
                        quote_rune(e as char)
                    )))
                }
            }
            skip = 1;
        }
        Ok(out)
    }

    fn ascii_escape_to_unicode(&self, it: &Item, s: &str) -> R<char> {
        let Ok(n) = u32::from_str_radix(s, 16) else {
            return Err(bug(format!(
                "Could not parse '{s}' as a hexadecimal number, but the lexer claims it's OK"
            )));
        };
        match char::from_u32(n) {
            Some(c) => Ok(c),
            None => Err(self.panic_item(
                it,
                format!("Escaped character '\\u{s}' is not valid UTF-8."),
            )),
        }
    }
}

fn format_error(line: isize, last: &str, msg: &str) -> String {
    if last.is_empty() {
        format!("toml: line {line}: {msg}")
    } else {
        format!("toml: line {line} (last key {}): {msg}", quote_str(last))
    }
}

fn strip_first_newline(s: &str) -> &str {
    s.strip_prefix('\n')
        .or_else(|| s.strip_prefix("\r\n"))
        .unwrap_or(s)
}

/// `stripEscapedNewlines`: drops each line-ending backslash and the whitespace after it.
fn strip_escaped_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut s = s;
    let mut i = 0usize;
    loop {
        let Some(ix) = s[i..].find('\\') else {
            out.push_str(s);
            return out;
        };
        i += ix;
        let b = s.as_bytes();
        if b.get(i + 1) == Some(&b'\\') {
            i += 2;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        if j == i + 1 || !s[i..j].contains('\n') {
            i += 1;
            continue;
        }
        out.push_str(&s[..i]);
        s = &s[j..];
        i = 0;
    }
}

/// `numHasLeadingZero`.
fn num_has_leading_zero(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() > 1 && b[0] == b'0' && !matches!(b[1], b'b' | b'o' | b'x') {
        return true;
    }
    b.len() > 2 && (b[0] == b'-' || b[0] == b'+') && b[1] == b'0'
}

/// `numUnderscoresOK`: each `_` follows a (hex) digit, and the number does not end with one.
fn num_underscores_ok(s: &str) -> bool {
    if matches!(s, "nan" | "+nan" | "-nan" | "inf" | "-inf" | "+inf") {
        return true;
    }
    let mut accept = false;
    for r in s.chars() {
        if r == '_' && !accept {
            return false;
        }
        accept = is_hex(r);
    }
    accept
}

/// `numPeriodsOK`: every `.` is followed by a digit.
fn num_periods_ok(s: &str) -> bool {
    let mut period = false;
    for r in s.chars() {
        if period && !is_digit(r) {
            return false;
        }
        period = r == '.';
    }
    !period
}

/// `strconv.ParseInt(s, 0, 64)` on what the lexer lets through: `Err(true)` when out of range,
/// `Err(false)` on a syntax error.
fn parse_int(s: &str) -> Result<i64, bool> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() {
        return Err(false);
    }
    let mut n: u128 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or(false)? as u128;
        n = n * radix as u128 + d;
        if n > 1 << 64 {
            return Err(true);
        }
    }
    if neg {
        if n > 1 << 63 {
            return Err(true);
        }
        Ok((n as i128).wrapping_neg() as i64)
    } else {
        i64::try_from(n).map_err(|_| true)
    }
}

/// `strconv.ParseFloat(s, 64)` on what the lexer lets through: `Err(true)` when it overflows,
/// `Err(false)` on a syntax error.
fn parse_float(s: &str) -> Result<f64, bool> {
    match s {
        "inf" | "+inf" => return Ok(f64::INFINITY),
        "-inf" => return Ok(f64::NEG_INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    // Go's decimal syntax: [+-] digits [. digits] [(e|E) [+-] digits], at least one mantissa
    // digit, nothing after.
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let mut digits = 0;
    let mut dot = false;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => digits += 1,
            b'.' if !dot => dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return Err(false);
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(false);
        }
    }
    if i != b.len() {
        return Err(false);
    }
    let f: f64 = s.parse().map_err(|_| false)?;
    if f.is_infinite() {
        return Err(true);
    }
    Ok(f)
}

/// The datetime layouts BurntSushi tries, in order (TOML 1.0: seconds required).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `time.RFC3339Nano` in `time.Local` (UTC here).
    Offset,
    /// `2006-01-02T15:04:05.999999999` in zone `datetime-local`.
    LocalDatetime,
    /// `2006-01-02` in zone `date-local`.
    LocalDate,
    /// `15:04:05.999999999` in zone `time-local`.
    LocalTime,
}

impl Layout {
    fn text(self) -> &'static str {
        match self {
            Layout::Offset => "2006-01-02T15:04:05.999999999Z07:00",
            Layout::LocalDatetime => "2006-01-02T15:04:05.999999999",
            Layout::LocalDate => "2006-01-02",
            Layout::LocalTime => "15:04:05.999999999",
        }
    }
}

/// A parsed datetime: the fields as written and the zone as `Time.String()` prints it.
struct GoTime {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    nsec: i64,
    zone: String,
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let d0 = *s.first().filter(|c| c.is_ascii_digit())?;
    match s.get(1).filter(|c| c.is_ascii_digit()) {
        Some(d1) => Some((((d0 - b'0') * 10 + (d1 - b'0')) as i64, &s[2..])),
        None if fixed => None,
        None => Some(((d0 - b'0') as i64, &s[1..])),
    }
}

fn lit(s: &[u8], c: u8) -> Option<&[u8]> {
    (s.first() == Some(&c)).then(|| &s[1..])
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `time.ParseInLocation(layout, value, zone)` for the four layouts above.
fn go_parse(layout: Layout, value: &str) -> Option<GoTime> {
    let mut v = value.as_bytes();
    let (mut year, mut month, mut day) = (0i64, 1i64, 1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    if layout != Layout::LocalTime {
        let y = v.get(..4)?;
        if !y.iter().all(u8::is_ascii_digit) {
            return None;
        }
        year = std::str::from_utf8(y).ok()?.parse().ok()?;
        v = lit(&v[4..], b'-')?;
        (month, v) = getnum(v, true)?;
        if !(1..=12).contains(&month) {
            return None;
        }
        v = lit(v, b'-')?;
        (day, v) = getnum(v, true)?;
        if layout != Layout::LocalDate {
            v = lit(v, b'T')?;
        }
    }
    if layout != Layout::LocalDate {
        (hour, v) = getnum(v, false)?;
        if !(0..24).contains(&hour) {
            return None;
        }
        v = lit(v, b':')?;
        (min, v) = getnum(v, true)?;
        if !(0..60).contains(&min) {
            return None;
        }
        v = lit(v, b':')?;
        (sec, v) = getnum(v, true)?;
        if !(0..60).contains(&sec) {
            return None;
        }
        // .999999999: any number of digits, the first nine count.
        if v.len() >= 2 && matches!(v[0], b'.' | b',') && v[1].is_ascii_digit() {
            let mut n = 1;
            while n < v.len() && v[n].is_ascii_digit() {
                n += 1;
            }
            let digits = &v[1..n.min(10)];
            let mut ns: i64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            for _ in digits.len()..9 {
                ns *= 10;
            }
            nsec = ns;
            v = &v[n..];
        }
    }
    let zone = match layout {
        Layout::Offset => {
            if let Some(rest) = lit(v, b'Z') {
                v = rest;
                "+0000 UTC".to_string()
            } else {
                if v.len() < 6 || v[3] != b':' {
                    return None;
                }
                let (hr, _) = getnum(&v[1..3], true)?;
                let (mm, _) = getnum(&v[4..6], true)?;
                if hr > 24 || mm > 60 {
                    return None;
                }
                let mut offset = hr * 60 + mm;
                match v[0] {
                    b'+' => {}
                    b'-' => offset = -offset,
                    _ => return None,
                }
                v = &v[6..];
                if offset == 0 {
                    // time.Local's own offset: Helm runs with Local = UTC.
                    "+0000 UTC".to_string()
                } else {
                    let sign = if offset < 0 { '-' } else { '+' };
                    let m = offset.abs();
                    let z = format!("{sign}{:02}{:02}", m / 60, m % 60);
                    format!("{z} {z}")
                }
            }
        }
        Layout::LocalDatetime => "+0000 datetime-local".into(),
        Layout::LocalDate => "+0000 date-local".into(),
        Layout::LocalTime => "+0000 time-local".into(),
    };
    if !v.is_empty() {
        return None;
    }
    if day < 1 || day > days_in(month, year) {
        return None;
    }
    Some(GoTime {
        year,
        month,
        day,
        hour,
        min,
        sec,
        nsec,
        zone,
    })
}

/// `missingLeadingZero`: Go's parser takes a one-digit hour; TOML does not.
fn missing_leading_zero(d: &str, layout: &str) -> bool {
    let d = d.as_bytes();
    for (i, c) in layout.bytes().enumerate() {
        if c == b'.' || c == b'Z' {
            return false;
        }
        if !c.is_ascii_digit() && d.get(i) != Some(&c) {
            return true;
        }
    }
    false
}

/// `valueDatetime`: the `Time.String()` text, or (for `invalid datetime`) the text as Go
/// reports it, after replacing `z`, `t` and space with `Z`, `T`, `T`.
fn parse_datetime(val: &str) -> Result<String, String> {
    let val: String = val
        .chars()
        .map(|c| match c {
            'z' => 'Z',
            't' | ' ' => 'T',
            c => c,
        })
        .collect();
    for layout in [
        Layout::Offset,
        Layout::LocalDatetime,
        Layout::LocalDate,
        Layout::LocalTime,
    ] {
        if let Some(t) = go_parse(layout, &val) {
            if missing_leading_zero(&val, layout.text()) {
                return Err(val);
            }
            let mut s = format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                t.year, t.month, t.day, t.hour, t.min, t.sec
            );
            if t.nsec != 0 {
                let frac = format!("{:09}", t.nsec);
                s.push('.');
                s.push_str(frac.trim_end_matches('0'));
            }
            s.push(' ');
            s.push_str(&t.zone);
            return Ok(s);
        }
    }
    Err(val)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_like_go() {
        let dt = |s: &str| parse_datetime(s).ok();
        assert_eq!(
            dt("1979-05-27T07:32:00Z").as_deref(),
            Some("1979-05-27 07:32:00 +0000 UTC")
        );
        assert_eq!(
            dt("1979-05-27 07:32:00.999999-07:00").as_deref(),
            Some("1979-05-27 07:32:00.999999 -0700 -0700")
        );
        assert_eq!(
            dt("1979-05-27T07:32:00+00:00").as_deref(),
            Some("1979-05-27 07:32:00 +0000 UTC")
        );
        assert_eq!(
            dt("1979-05-27t07:32:00.1234567891").as_deref(),
            Some("1979-05-27 07:32:00.123456789 +0000 datetime-local")
        );
        assert_eq!(
            dt("07:32:00").as_deref(),
            Some("0000-01-01 07:32:00 +0000 time-local")
        );
        assert_eq!(
            dt("2024-02-29").as_deref(),
            Some("2024-02-29 00:00:00 +0000 date-local")
        );
        assert_eq!(dt("2023-02-29"), None);
        assert_eq!(dt("1979-05-27T7:32:00Z"), None);
        assert_eq!(dt("1979-05-27T24:00:00"), None);
        assert_eq!(dt("1979-5-27"), None);
        assert_eq!(dt("1979-05-27T07:32"), None);
        assert_eq!(
            parse_datetime("1979-05-27 07:32z"),
            Err("1979-05-27T07:32Z".to_string())
        );
    }

    #[test]
    fn numbers_like_go() {
        assert_eq!(parse_int("0xff"), Ok(255));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), Err(true));
        assert_eq!(parse_int("0b1_0"), Ok(2));
        assert_eq!(parse_float("1e400"), Err(true));
        assert_eq!(parse_float("1.2.3"), Err(false));
        assert_eq!(parse_float("1e-400"), Ok(0.0));
        assert_eq!(parse_float("-1.5e+3"), Ok(-1500.0));
    }
}
