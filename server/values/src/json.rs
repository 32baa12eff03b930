//! A small JSON decoder with Go `encoding/json` semantics for `--set-json`: numbers become
//! float64, duplicate keys keep the last value, a value may be followed by anything (Go's
//! `json.Decoder` reads one value from a stream).

use std::collections::BTreeMap;

use cw_template::Value;

/// Nesting limit. Go's decoder allows 10000 levels; we stop at 1000 so that recursion stays
/// well inside a thread's stack (no real values nest that deep).
pub const MAX_DEPTH: usize = 1000;

/// Decodes one JSON value at the start of `s` (after blanks). Returns the value and the number
/// of bytes consumed.
pub fn decode_prefix(s: &str) -> Result<(Value, usize), String> {
    let mut d = Decoder {
        b: s.as_bytes(),
        s,
        pos: 0,
    };
    d.ws();
    if d.pos >= d.b.len() {
        return Err("EOF".into());
    }
    let v = d.value(0)?;
    Ok((v, d.pos))
}

/// Decodes a whole JSON document (Go's `json.Unmarshal`): only blanks may follow the value.
pub fn decode_all(s: &str) -> Result<Value, String> {
    let (v, used) = decode_prefix(s)?;
    let rest = &s[used..];
    if let Some(c) = rest
        .chars()
        .find(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
    {
        return Err(format!("invalid character '{c}' after top-level value"));
    }
    Ok(v)
}

struct Decoder<'a> {
    b: &'a [u8],
    s: &'a str,
    pos: usize,
}

impl Decoder<'_> {
    fn ws(&mut self) {
        while self.pos < self.b.len() && matches!(self.b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn err_here(&self, context: &str) -> String {
        match self.s[self.pos.min(self.s.len())..].chars().next() {
            None => "unexpected end of JSON input".into(),
            Some(c) => format!("invalid character '{c}' {context}"),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("exceeded max depth".into());
        }
        self.ws();
        let Some(&c) = self.b.get(self.pos) else {
            return Err("unexpected end of JSON input".into());
        };
        match c {
            b'{' => {
                self.pos += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.b.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(Value::map(m));
                }
                loop {
                    self.ws();
                    if self.b.get(self.pos) != Some(&b'"') {
                        return Err(self.err_here("looking for beginning of object key string"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.b.get(self.pos) != Some(&b':') {
                        return Err(self.err_here("after object key"));
                    }
                    self.pos += 1;
                    let v = self.value(depth + 1)?;
                    m.insert(k, v);
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Value::map(m));
                        }
                        _ => return Err(self.err_here("after object key:value pair")),
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(Value::list(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Value::list(items));
                        }
                        _ => return Err(self.err_here("after array element")),
                    }
                }
            }
            b'"' => Ok(Value::string(self.string()?)),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Nil),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err_here("looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        for &w in word.as_bytes() {
            if self.b.get(self.pos) != Some(&w) {
                return Err(
                    self.err_here(&format!("in literal {word} (expecting '{}')", w as char))
                );
            }
            self.pos += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.pos < self.b.len() && self.b[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        if self.b[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.b.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err_here("in numeric literal")),
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err_here("after decimal point in numeric literal"));
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err_here("in exponent of numeric literal"));
            }
        }
        let text = &self.s[start..self.pos];
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            )),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.pos..self.pos + 4)?;
        let v = u32::from_str_radix(h, 16).ok()?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let Some(c) = self.s[self.pos..].chars().next() else {
                return Err("unexpected end of JSON input".into());
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.pos += 1;
                    let Some(&e) = self.b.get(self.pos) else {
                        return Err("unexpected end of JSON input".into());
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let Some(u) = self.hex4() else {
                                return Err(self.err_here("in \\u hexadecimal character escape"));
                            };
                            if (0xD800..0xDC00).contains(&u) {
                                // A high surrogate: Go pairs it with a following \uDC00-\uDFFF.
                                let save = self.pos;
                                if self.s[self.pos..].starts_with("\\u") {
                                    self.pos += 2;
                                    if let Some(lo) = self.hex4() {
                                        if (0xDC00..0xE000).contains(&lo) {
                                            let cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                            continue;
                                        }
                                    }
                                }
                                self.pos = save;
                                out.push('\u{FFFD}');
                            } else {
                                out.push(char::from_u32(u).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.err_here("in string escape code"));
                        }
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.err_here("in string literal"));
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_stops_after_value() {
        let (v, n) = decode_prefix("1,b=2").unwrap();
        assert!(matches!(v, Value::Float(f) if f == 1.0));
        assert_eq!(n, 1);
        let (_, n) = decode_prefix(" [1, {\"a\":null}] ,x").unwrap();
        assert_eq!(n, 16);
        let (_, n) = decode_prefix("truex").unwrap();
        assert_eq!(n, 4);
        let (v, n) = decode_prefix("01").unwrap();
        assert!(matches!(v, Value::Float(f) if f == 0.0));
        assert_eq!(n, 1);
    }

    #[test]
    fn errors() {
        assert!(decode_prefix("1.").is_err());
        assert!(decode_prefix("{\"a\"}").is_err());
        assert!(decode_prefix("tru").is_err());
        assert!(decode_prefix("1e400").is_err());
        assert!(decode_all("{} x").is_err());
        assert!(decode_prefix("\"\\ud83d\\ude00\"").is_ok());
    }
}
