//! Go's `encoding/json` `Unmarshal` into `interface{}` for Helm's `fromJson`/`fromJsonArray`:
//! the input is first checked by a port of Go's scanner state machine (scanner.go), so a syntax
//! error has Go's exact text (`invalid character 'x' after object key`, `unexpected end of JSON
//! input`, ...), then decoded with Go's rules: numbers as `float64` (out of range: Go's
//! `cannot unmarshal number ... into Go value of type float64`, the value left nil and decoding
//! going on), strings with invalid UTF-8 and lone surrogates replaced by U+FFFD, duplicate keys
//! (last wins).
//!
//! One deliberate difference: Go allows 10000 levels of nesting; we stop at [`MAX_DEPTH`] with
//! Go's wording (`invalid character '[' exceeded max depth`), so deep values stay cheap to walk
//! and drop on small thread stacks.

use std::collections::BTreeMap;

use cw_template::Value;

/// Nesting limit (Go's `maxNestingDepth` is 10000).
pub(crate) const MAX_DEPTH: usize = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValueOrEmpty,
    BeginValue,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// In a literal (`true`, `false`, `null`): the literal and how many bytes are matched.
    Lit(&'static str, usize),
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `quoteChar`: the byte as a one-character quoted rune (`'x'`, `'\''`, `'\t'`, `'Ã'`).
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".into(),
        b'"' => "'\"'".into(),
        _ => {
            let ch = char::from(c);
            let mut buf = [0u8; 4];
            let q = cw_template::fmt::quote(ch.encode_utf8(&mut buf).as_bytes(), false);
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

/// Go's `scanner`, driven one byte at a time.
struct Scanner {
    state: State,
    stack: Vec<Parse>,
    end_top: bool,
}

impl Scanner {
    fn new() -> Scanner {
        Scanner {
            state: State::BeginValue,
            stack: Vec::new(),
            end_top: false,
        }
    }

    fn error(c: u8, context: &str) -> String {
        format!("invalid character {} {context}", quote_char(c))
    }

    fn push(&mut self, c: u8, p: Parse, next: State) -> Result<(), String> {
        self.stack.push(p);
        if self.stack.len() > MAX_DEPTH {
            return Err(Scanner::error(c, "exceeded max depth"));
        }
        self.state = next;
        Ok(())
    }

    fn pop(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.state = State::EndTop;
            self.end_top = true;
        } else {
            self.state = State::EndValue;
        }
    }

    fn step(&mut self, c: u8) -> Result<(), String> {
        use State::*;
        match self.state {
            BeginValueOrEmpty => {
                if is_space(c) {
                    return Ok(());
                }
                if c == b']' {
                    return self.end_value(c);
                }
                self.begin_value(c)
            }
            BeginValue => self.begin_value(c),
            BeginStringOrEmpty => {
                if is_space(c) {
                    return Ok(());
                }
                if c == b'}' {
                    if let Some(top) = self.stack.last_mut() {
                        *top = Parse::ObjectValue;
                    }
                    return self.end_value(c);
                }
                self.begin_string(c)
            }
            BeginString => self.begin_string(c),
            EndValue => self.end_value(c),
            EndTop => {
                if !is_space(c) {
                    return Err(Scanner::error(c, "after top-level value"));
                }
                Ok(())
            }
            InString => {
                match c {
                    b'"' => self.state = EndValue,
                    b'\\' => self.state = InStringEsc,
                    c if c < 0x20 => return Err(Scanner::error(c, "in string literal")),
                    _ => {}
                }
                Ok(())
            }
            InStringEsc => {
                match c {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => self.state = InString,
                    b'u' => self.state = InStringEscU(0),
                    _ => return Err(Scanner::error(c, "in string escape code")),
                }
                Ok(())
            }
            InStringEscU(n) => {
                if !c.is_ascii_hexdigit() {
                    return Err(Scanner::error(c, "in \\u hexadecimal character escape"));
                }
                self.state = if n == 3 {
                    InString
                } else {
                    InStringEscU(n + 1)
                };
                Ok(())
            }
            Neg => match c {
                b'0' => {
                    self.state = Zero;
                    Ok(())
                }
                b'1'..=b'9' => {
                    self.state = One;
                    Ok(())
                }
                _ => Err(Scanner::error(c, "in numeric literal")),
            },
            One => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                self.zero(c)
            }
            Zero => self.zero(c),
            Dot => {
                if c.is_ascii_digit() {
                    self.state = Dot0;
                    return Ok(());
                }
                Err(Scanner::error(c, "after decimal point in numeric literal"))
            }
            Dot0 => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                if c == b'e' || c == b'E' {
                    self.state = E;
                    return Ok(());
                }
                self.end_value(c)
            }
            E => {
                if c == b'+' || c == b'-' {
                    self.state = ESign;
                    return Ok(());
                }
                self.e_sign(c)
            }
            ESign => self.e_sign(c),
            E0 => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                self.end_value(c)
            }
            Lit(word, n) => {
                let want = word.as_bytes()[n];
                if c != want {
                    return Err(Scanner::error(
                        c,
                        &format!("in literal {word} (expecting {})", quote_char(want)),
                    ));
                }
                self.state = if n + 1 == word.len() {
                    EndValue
                } else {
                    Lit(word, n + 1)
                };
                Ok(())
            }
        }
    }

    fn begin_value(&mut self, c: u8) -> Result<(), String> {
        use State::*;
        if is_space(c) {
            return Ok(());
        }
        self.state = match c {
            b'{' => return self.push(c, Parse::ObjectKey, BeginStringOrEmpty),
            b'[' => return self.push(c, Parse::ArrayValue, BeginValueOrEmpty),
            b'"' => InString,
            b'-' => Neg,
            b'0' => Zero,
            b't' => Lit("true", 1),
            b'f' => Lit("false", 1),
            b'n' => Lit("null", 1),
            b'1'..=b'9' => One,
            _ => return Err(Scanner::error(c, "looking for beginning of value")),
        };
        Ok(())
    }

    fn begin_string(&mut self, c: u8) -> Result<(), String> {
        if is_space(c) {
            return Ok(());
        }
        if c == b'"' {
            self.state = State::InString;
            return Ok(());
        }
        Err(Scanner::error(
            c,
            "looking for beginning of object key string",
        ))
    }

    fn zero(&mut self, c: u8) -> Result<(), String> {
        match c {
            b'.' => self.state = State::Dot,
            b'e' | b'E' => self.state = State::E,
            _ => return self.end_value(c),
        }
        Ok(())
    }

    fn e_sign(&mut self, c: u8) -> Result<(), String> {
        if c.is_ascii_digit() {
            self.state = State::E0;
            return Ok(());
        }
        Err(Scanner::error(c, "in exponent of numeric literal"))
    }

    fn end_value(&mut self, c: u8) -> Result<(), String> {
        let Some(&top) = self.stack.last() else {
            self.state = State::EndTop;
            self.end_top = true;
            return self.step(c);
        };
        if is_space(c) {
            self.state = State::EndValue;
            return Ok(());
        }
        match top {
            Parse::ObjectKey => {
                if c == b':' {
                    *self.stack.last_mut().expect("non-empty") = Parse::ObjectValue;
                    self.state = State::BeginValue;
                    return Ok(());
                }
                Err(Scanner::error(c, "after object key"))
            }
            Parse::ObjectValue => {
                if c == b',' {
                    *self.stack.last_mut().expect("non-empty") = Parse::ObjectKey;
                    self.state = State::BeginString;
                    return Ok(());
                }
                if c == b'}' {
                    self.pop();
                    return Ok(());
                }
                Err(Scanner::error(c, "after object key:value pair"))
            }
            Parse::ArrayValue => {
                if c == b',' {
                    self.state = State::BeginValue;
                    return Ok(());
                }
                if c == b']' {
                    self.pop();
                    return Ok(());
                }
                Err(Scanner::error(c, "after array element"))
            }
        }
    }
}

/// Go's `checkValid`: the first syntax error, with Go's text.
fn check_valid(data: &[u8]) -> Result<(), String> {
    let mut s = Scanner::new();
    for &c in data {
        s.step(c)?;
    }
    if s.end_top {
        return Ok(());
    }
    s.step(b' ')?;
    if s.end_top {
        return Ok(());
    }
    Err("unexpected end of JSON input".into())
}

/// Appends bytes as Go's `unquote` does: each byte that does not start a valid UTF-8 sequence
/// becomes one U+FFFD.
fn push_go_utf8(out: &mut String, mut b: &[u8]) {
    while !b.is_empty() {
        match std::str::from_utf8(b) {
            Ok(s) => {
                out.push_str(s);
                return;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&b[..good]).unwrap_or_default());
                out.push('\u{FFFD}');
                b = &b[good + 1..];
            }
        }
    }
}

/// Decodes input `check_valid` accepted, iteratively (no recursion on nesting).
struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    /// The first error saved while decoding went on (Go's `d.saveError`).
    saved: Option<String>,
}

enum Frame {
    List(Vec<Value>),
    Map(BTreeMap<String, Value>, String),
}

impl Decoder<'_> {
    fn skip_space(&mut self) {
        while self.pos < self.data.len() && is_space(self.data[self.pos]) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> u8 {
        self.skip_space();
        self.data.get(self.pos).copied().unwrap_or(b' ')
    }

    fn string(&mut self) -> String {
        // At the opening quote.
        self.pos += 1;
        let mut bytes: Vec<u8> = Vec::new();
        let mut out = String::new();
        let flush = |bytes: &mut Vec<u8>, out: &mut String| {
            push_go_utf8(out, bytes);
            bytes.clear();
        };
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            match c {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    flush(&mut bytes, &mut out);
                    let e = self.data.get(self.pos + 1).copied().unwrap_or(b'"');
                    self.pos += 2;
                    match e {
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let r = self.hex4();
                            if (0xD800..0xDC00).contains(&r)
                                && self.data.get(self.pos) == Some(&b'\\')
                                && self.data.get(self.pos + 1) == Some(&b'u')
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let r2 = self.hex4();
                                if (0xDC00..0xE000).contains(&r2) {
                                    let cp = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
                                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                    continue;
                                }
                                // Not a pair: the first is replaced, the second read again.
                                self.pos = save;
                                out.push('\u{FFFD}');
                                continue;
                            }
                            out.push(char::from_u32(r).unwrap_or('\u{FFFD}'));
                        }
                        other => out.push(char::from(other)),
                    }
                }
                _ => {
                    bytes.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut bytes, &mut out);
        out
    }

    fn hex4(&mut self) -> u32 {
        let h = self.data.get(self.pos..self.pos + 4).unwrap_or(b"0000");
        self.pos += 4;
        std::str::from_utf8(h)
            .ok()
            .and_then(|s| u32::from_str_radix(s, 16).ok())
            .unwrap_or(0xFFFD)
    }

    fn scalar(&mut self) -> Value {
        let c = self.peek();
        match c {
            b'"' => Value::string(self.string()),
            b't' => {
                self.pos += 4;
                Value::Bool(true)
            }
            b'f' => {
                self.pos += 5;
                Value::Bool(false)
            }
            b'n' => {
                self.pos += 4;
                Value::Nil
            }
            _ => {
                let start = self.pos;
                while self.pos < self.data.len()
                    && matches!(
                        self.data[self.pos],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.pos += 1;
                }
                let text = std::str::from_utf8(&self.data[start..self.pos]).unwrap_or("0");
                match text.parse::<f64>() {
                    Ok(f) if f.is_finite() => Value::Float(f),
                    _ => {
                        self.saved.get_or_insert_with(|| {
                            format!(
                                "json: cannot unmarshal number {text} into Go value of type float64"
                            )
                        });
                        Value::Nil
                    }
                }
            }
        }
    }

    fn value(&mut self) -> Value {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Read one value start: a container opens a frame, a scalar completes.
            let mut done = match self.peek() {
                b'[' => {
                    self.pos += 1;
                    if self.peek() == b']' {
                        self.pos += 1;
                        Some(Value::list(Vec::new()))
                    } else {
                        stack.push(Frame::List(Vec::new()));
                        None
                    }
                }
                b'{' => {
                    self.pos += 1;
                    if self.peek() == b'}' {
                        self.pos += 1;
                        Some(Value::map(BTreeMap::new()))
                    } else {
                        let key = self.key();
                        stack.push(Frame::Map(BTreeMap::new(), key));
                        None
                    }
                }
                _ => Some(self.scalar()),
            };
            // Hand completed values to their containers, closing those that end.
            while let Some(v) = done.take() {
                let Some(frame) = stack.last_mut() else {
                    return v;
                };
                let sep = self.peek();
                self.pos += 1;
                match frame {
                    Frame::List(items) => {
                        items.push(v);
                        if sep == b']' {
                            let Some(Frame::List(items)) = stack.pop() else {
                                unreachable!("top frame is a list")
                            };
                            done = Some(Value::list(items));
                        }
                    }
                    Frame::Map(m, key) => {
                        m.insert(std::mem::take(key), v);
                        if sep == b'}' {
                            let Some(Frame::Map(m, _)) = stack.pop() else {
                                unreachable!("top frame is a map")
                            };
                            done = Some(Value::map(m));
                        } else {
                            let k = self.key();
                            if let Some(Frame::Map(_, key)) = stack.last_mut() {
                                *key = k;
                            }
                        }
                    }
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> String {
        self.peek();
        let k = self.string();
        self.peek();
        self.pos += 1;
        k
    }
}

/// What `json.Unmarshal` decodes into an `interface{}`, or its error. A decoding error that
/// Go saves and goes on after (a number out of range) comes with the value.
pub(crate) struct Decoded {
    pub value: Value,
    pub error: Option<String>,
}

pub(crate) fn unmarshal(data: &[u8]) -> Result<Decoded, String> {
    check_valid(data)?;
    let mut d = Decoder {
        data,
        pos: 0,
        saved: None,
    };
    let value = d.value();
    Ok(Decoded {
        value,
        error: d.saved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        match unmarshal(s.as_bytes()) {
            Err(e) => e,
            Ok(_) => panic!("{s:?} decoded"),
        }
    }

    #[test]
    fn syntax_errors_have_go_text() {
        assert_eq!(err(""), "unexpected end of JSON input");
        assert_eq!(err("{\"a\" 1}"), "invalid character '1' after object key");
        assert_eq!(
            err("tru"),
            "invalid character ' ' in literal true (expecting 'e')"
        );
        assert_eq!(
            err("\u{e9}"),
            "invalid character 'Ã' looking for beginning of value"
        );
        assert_eq!(
            err("[\u{1}]"),
            "invalid character '\\x01' looking for beginning of value"
        );
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(err(&deep), "invalid character '[' exceeded max depth");
    }

    #[test]
    fn decodes_like_go() {
        let d =
            unmarshal(br#"{"a":[1,2.5,"x\u00e9\ud83d\ude00",true,null,{}],"a2":{"b":[]},"a":0}"#)
                .expect("valid");
        let s = cw_template::fmt::sprint(&[d.value]);
        assert_eq!(s, "map[a:0 a2:map[b:[]]]");
        let d = unmarshal(br#"["x\u00e9\ud83d\ude00", "\ud800x", -0.5e1]"#).expect("valid");
        assert_eq!(
            cw_template::fmt::sprint(&[d.value]),
            "[x\u{e9}\u{1F600} \u{FFFD}x -5]"
        );
        let d = unmarshal(br#"{"a":1e400,"b":1}"#).expect("valid");
        assert_eq!(cw_template::fmt::sprint(&[d.value]), "map[a:<nil> b:1]");
        assert_eq!(
            d.error.as_deref(),
            Some("json: cannot unmarshal number 1e400 into Go value of type float64")
        );
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(unmarshal(deep.as_bytes()).is_ok());
    }
}
