//! Go's fmt over template values: `Sprint`, `Sprintln`, `Sprintf` with Go's exact output
//! (verbs, flags, width/precision, argument indexes, `%!verb(type=value)` error forms) and
//! strconv's float formatting (shortest 'e'/'f'/'g' digits as Go prints them).

use crate::value::{Elem, Repr, Value};

/// Nesting depth past which containers print as `...` (a map that contains itself would
/// otherwise never finish; Go overflows its stack there).
const MAX_PRINT_DEPTH: usize = 200;

/// `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::new();
    let mut prev_string = false;
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Value::String(_));
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.flags = Flags::default();
        p.print_arg(arg, 'v', 0);
        prev_string = is_string;
    }
    p.buf
}

/// `fmt.Sprintln`: operands printed with `%v`, always separated by spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.flags = Flags::default();
        p.print_arg(arg, 'v', 0);
    }
    p.buf.push('\n');
    p.buf
}

/// `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.len() + 16 * args.len());
    if sprintf_plain(&mut out, format, args, usize::MAX).is_some() {
        return out;
    }
    let mut p = Printer::new();
    p.do_printf(format, args);
    p.buf
}

/// [`sprintf`], or `None` when the result would be longer than `limit` bytes (the output limit
/// of an execution: no result that long could be written anyway). Memory stays bounded by
/// about `limit` whatever the widths in `format`.
pub fn sprintf_limited(format: &str, args: &[Value], limit: usize) -> Option<String> {
    let mut out = String::new();
    sprintf_into_limited(&mut out, format, args, limit).then_some(out)
}

/// [`sprintf_into`] that stops once `out` would be longer than `limit` bytes: `false` then,
/// with `out` holding part of the text.
pub fn sprintf_into_limited(out: &mut String, format: &str, args: &[Value], limit: usize) -> bool {
    let start = out.len();
    if sprintf_plain(out, format, args, limit).is_some() {
        return out.len() <= limit;
    }
    out.truncate(start);
    let mut p = Printer {
        buf: std::mem::take(out),
        limit: Some(limit),
        ..Printer::new()
    };
    p.do_printf(format, args);
    *out = p.buf;
    !p.overflow && out.len() <= limit
}

/// [`sprintf`] appended to `out`.
pub fn sprintf_into(out: &mut String, format: &str, args: &[Value]) {
    let start = out.len();
    if sprintf_plain(out, format, args, usize::MAX).is_some() {
        return;
    }
    out.truncate(start);
    let mut p = Printer::new();
    p.do_printf(format, args);
    out.push_str(&p.buf);
}

/// The common case of `printf "%s-%s" .a .b` without the general printer: only `%%`, `%s`, `%v`
/// and `%d` verbs without flags, width or precision, exactly one argument per verb, strings for
/// `%s`/`%v`, ints for `%d`/`%v` and integral floats below 1e6 for `%v` (which all print as Go
/// prints them: the string itself, the decimal integer), appended to `out`. `None` for anything
/// else (and `out` holds part of the text then).
fn sprintf_plain(out: &mut String, format: &str, args: &[Value], limit: usize) -> Option<()> {
    let f = format.as_bytes();
    let mut next = args.iter();
    let mut start = 0;
    let mut i = 0;
    while i < f.len() {
        if f[i] != b'%' {
            i += 1;
            continue;
        }
        out.push_str(&format[start..i]);
        let verb = *f.get(i + 1)?;
        match verb {
            b'%' => out.push('%'),
            b's' | b'v' | b'd' => match (next.next()?, verb) {
                // Over the limit: the general printer stops at it ([`sprintf_into_limited`]).
                (Value::String(s), b's' | b'v') if out.len() + s.len() <= limit => out.push_str(s),
                (Value::Int(n) | Value::Int64(n), b'd' | b'v') => push_int(out, *n),
                (Value::Float(x), b'v') => push_int(out, integral_below_1e6(*x)?),
                _ => return None,
            },
            _ => return None,
        }
        i += 2;
        start = i;
    }
    if next.next().is_some() {
        return None;
    }
    out.push_str(&format[start..]);
    Some(())
}

/// An integral float64 below 1e6 in magnitude (not -0) as the integer `%v` prints it as: Go's
/// shortest `%g` uses the exponent form from exponent 6 on.
#[inline]
fn integral_below_1e6(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 1e6 && !(f == 0.0 && f.is_sign_negative())).then_some(f as i64)
}

/// Appends the decimal form of `n` (Go's `%d`), without going through `core::fmt`.
#[inline]
pub(crate) fn push_int(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut u = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    if let Ok(digits) = std::str::from_utf8(&buf[i..]) {
        out.push_str(digits);
    }
}

/// Appends `fmt.Sprint(v)` of one value to `out` (what `{{ . }}` prints for a non-nil value).
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Int(i) | Value::Int64(i) => push_int(out, *i),
        Value::Float(f) if integral_below_1e6(*f).is_some() => push_int(out, *f as i64),
        _ => {
            let mut p = Printer {
                buf: std::mem::take(out),
                ..Printer::new()
            };
            p.print_arg(v, 'v', 0);
            *out = p.buf;
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Flags {
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
    wid: usize,
    prec: usize,
}

#[derive(Default)]
struct Printer {
    buf: String,
    flags: Flags,
    erroring: bool,
    reordered: bool,
    good_arg_num: bool,
    /// The most bytes `buf` may hold (an execution's [`crate::limit`], or the caller's limit in
    /// [`sprintf_limited`]): text that would pass it is not written and `overflow` is set.
    /// Widths go up to about 10^7 per verb in Go, and a list may hold the same big string
    /// thousands of times, so printing would otherwise build gigabytes before any output
    /// budget could see them.
    limit: Option<usize>,
    overflow: bool,
}

const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

impl Printer {
    fn new() -> Printer {
        let limit = crate::limit::value_limit();
        Printer {
            limit: (limit != usize::MAX).then_some(limit),
            ..Printer::default()
        }
    }

    /// Stops (and flags the execution, [`crate::limit::exceeds`]) when `extra` more bytes
    /// would take `buf` over the limit.
    #[inline]
    fn over(&mut self, extra: usize) -> bool {
        if let Some(limit) = self.limit {
            if self.overflow || self.buf.len().saturating_add(extra) > limit {
                self.overflow = true;
                crate::limit::exceeds(usize::MAX);
                return true;
            }
        }
        false
    }

    // ---- padding ----

    fn write_padding(&mut self, n: isize) {
        if n <= 0 {
            return;
        }
        if self.over(n as usize) {
            return;
        }
        let c = if self.flags.zero && !self.flags.minus {
            '0'
        } else {
            ' '
        };
        for _ in 0..n {
            self.buf.push(c);
        }
    }

    fn pad(&mut self, s: &str) {
        if self.over(s.len()) {
            return;
        }
        if !self.flags.wid_present || self.flags.wid == 0 {
            self.buf.push_str(s);
            return;
        }
        let width = self.flags.wid as isize - s.chars().count() as isize;
        if !self.flags.minus {
            self.write_padding(width);
            self.buf.push_str(s);
        } else {
            self.buf.push_str(s);
            self.write_padding(width);
        }
    }

    // ---- basic formatters (format.go) ----

    fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { "true" } else { "false" });
    }

    fn fmt_unicode(&mut self, u: u64) {
        let mut prec = 4usize;
        if self.flags.prec_present && self.flags.prec > 4 {
            prec = self.flags.prec;
        }
        let mut hex = format!("{u:X}");
        while hex.len() < prec {
            hex.insert(0, '0');
        }
        let mut s = format!("U+{hex}");
        if self.flags.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if is_print(c) {
                    s.push_str(" '");
                    s.push(c);
                    s.push('\'');
                }
            }
        }
        let old = self.flags.zero;
        self.flags.zero = false;
        self.pad(&s);
        self.flags.zero = old;
    }

    fn fmt_integer(&mut self, u: u64, base: u64, signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };
        let f = &self.flags;
        if base == 10 && verb != 'O' && !(f.prec_present || f.wid_present || f.plus || f.space) {
            // Plain decimal (every `%v` of an integer, each byte of a `%v` of bytes): written
            // in place, no padding to apply.
            let mut tmp = [0u8; 20];
            let mut i = tmp.len();
            loop {
                i -= 1;
                tmp[i] = b'0' + (u % 10) as u8;
                u /= 10;
                if u == 0 {
                    break;
                }
            }
            if negative {
                self.buf.push('-');
            }
            self.buf
                .push_str(std::str::from_utf8(&tmp[i..]).unwrap_or_default());
            return;
        }
        let mut prec = 0usize;
        if self.flags.prec_present {
            prec = self.flags.prec;
            if prec == 0 && u == 0 {
                let old = self.flags.zero;
                self.flags.zero = false;
                self.write_padding(self.flags.wid as isize);
                self.flags.zero = old;
                return;
            }
        } else if self.flags.zero && !self.flags.minus && self.flags.wid_present {
            prec = self.flags.wid;
            if negative || self.flags.plus || self.flags.space {
                prec = prec.saturating_sub(1);
            }
        }
        let mut rev: Vec<u8> = Vec::with_capacity(24);
        while u >= base {
            rev.push(digits[(u % base) as usize]);
            u /= base;
        }
        rev.push(digits[u as usize]);
        while rev.len() < prec {
            rev.push(b'0');
        }
        if self.flags.sharp {
            match base {
                2 => {
                    rev.push(b'b');
                    rev.push(b'0');
                }
                8 if rev.last() != Some(&b'0') => {
                    rev.push(b'0');
                }
                16 => {
                    rev.push(digits[16]);
                    rev.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            rev.push(b'o');
            rev.push(b'0');
        }
        if negative {
            rev.push(b'-');
        } else if self.flags.plus {
            rev.push(b'+');
        } else if self.flags.space {
            rev.push(b' ');
        }
        rev.reverse();
        let s = String::from_utf8(rev).unwrap_or_default();
        let old = self.flags.zero;
        self.flags.zero = false;
        self.pad(&s);
        self.flags.zero = old;
    }

    fn truncate<'a>(&self, s: &'a str) -> &'a str {
        if self.flags.prec_present {
            if let Some((i, _)) = s.char_indices().nth(self.flags.prec) {
                return &s[..i];
            }
        }
        s
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad(s);
    }

    fn fmt_sbx(&mut self, b: &[u8], digits: &[u8; 17]) {
        let mut length = b.len();
        if self.flags.prec_present && self.flags.prec < length {
            length = self.flags.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.flags.space {
                if self.flags.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.flags.sharp {
                width += 2;
            }
        } else {
            if self.flags.wid_present {
                self.write_padding(self.flags.wid as isize);
            }
            return;
        }
        if self.flags.wid_present && self.flags.wid > width && !self.flags.minus {
            self.write_padding((self.flags.wid - width) as isize);
        }
        if self.flags.sharp {
            self.buf.push('0');
            self.buf.push(digits[16] as char);
        }
        for (i, &c) in b[..length].iter().enumerate() {
            if self.flags.space && i > 0 {
                self.buf.push(' ');
                if self.flags.sharp {
                    self.buf.push('0');
                    self.buf.push(digits[16] as char);
                }
            }
            self.buf.push(digits[(c >> 4) as usize] as char);
            self.buf.push(digits[(c & 0xF) as usize] as char);
        }
        if self.flags.wid_present && self.flags.wid > width && self.flags.minus {
            self.write_padding((self.flags.wid - width) as isize);
        }
    }

    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.flags.sharp && can_backquote(s) {
            let q = format!("`{s}`");
            self.pad(&q);
            return;
        }
        let q = quote(&cw_base::gostr::go_bytes(s), self.flags.plus);
        self.pad(&q);
    }

    fn fmt_c(&mut self, c: u64) {
        let ch = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let mut b = [0u8; 4];
        let s: &str = ch.encode_utf8(&mut b);
        let s = s.to_string();
        self.pad(&s);
    }

    fn fmt_qc(&mut self, c: u64) {
        let ch = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let q = quote_rune(ch, self.flags.plus);
        self.pad(&q);
    }

    fn fmt_float(&mut self, v: f64, verb: u8, prec: i32) {
        let prec = if self.flags.prec_present {
            self.flags.prec as i32
        } else {
            prec
        };
        let body = format_float(v, verb, prec);
        let mut num: Vec<u8> = Vec::with_capacity(body.len() + 1);
        if body.starts_with('-') || body.starts_with('+') {
            num.extend_from_slice(body.as_bytes());
        } else {
            num.push(b'+');
            num.extend_from_slice(body.as_bytes());
        }
        if self.flags.space && num[0] == b'+' && !self.flags.plus {
            num[0] = b' ';
        }
        if num[1] == b'I' || num[1] == b'N' {
            let old = self.flags.zero;
            self.flags.zero = false;
            if num[1] == b'N' && !self.flags.space && !self.flags.plus {
                num.remove(0);
            }
            let s = String::from_utf8(num).unwrap_or_default();
            self.pad(&s);
            self.flags.zero = old;
            return;
        }
        if self.flags.sharp && verb != b'b' {
            let mut digits: i32 = 0;
            if matches!(verb, b'v' | b'g' | b'G' | b'x') {
                digits = prec;
                if digits == -1 {
                    digits = 6;
                }
            }
            let mut tail: Vec<u8> = Vec::new();
            let mut has_decimal_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_decimal_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    b'e' | b'E' if verb != b'x' && verb != b'X' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_decimal_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        let s = String::from_utf8(num).unwrap_or_default();
        if self.flags.plus || !s.starts_with('+') {
            if self.flags.zero
                && !self.flags.minus
                && self.flags.wid_present
                && self.flags.wid > s.len()
            {
                self.buf.push_str(&s[..1]);
                self.write_padding((self.flags.wid - s.len()) as isize);
                self.buf.push_str(&s[1..]);
                return;
            }
            self.pad(&s);
            return;
        }
        self.pad(&s[1..]);
    }

    // ---- print.go ----

    fn bad_verb(&mut self, verb: char, v: &Value) {
        self.erroring = true;
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        match v {
            Value::Nil => self.buf.push_str("<nil>"),
            _ => {
                self.buf.push_str(&v.type_name());
                self.buf.push('=');
                self.print_arg(v, 'v', 0);
            }
        }
        self.buf.push(')');
        self.erroring = false;
    }

    fn fmt_bool(&mut self, b: bool, verb: char, v: &Value) {
        match verb {
            't' | 'v' => self.fmt_boolean(b),
            _ => self.bad_verb(verb, v),
        }
    }

    fn fmt_int64(&mut self, i: i64, verb: char, v: &Value) {
        let u = i as u64;
        match verb {
            'v' if self.flags.sharp_v => self.fmt_integer(u, 10, true, verb, LDIGITS),
            'v' | 'd' => self.fmt_integer(u, 10, true, verb, LDIGITS),
            'b' => self.fmt_integer(u, 2, true, verb, LDIGITS),
            'o' | 'O' => self.fmt_integer(u, 8, true, verb, LDIGITS),
            'x' => self.fmt_integer(u, 16, true, verb, LDIGITS),
            'X' => self.fmt_integer(u, 16, true, verb, UDIGITS),
            'c' => self.fmt_c(u),
            'q' => self.fmt_qc(u),
            'U' => self.fmt_unicode(u),
            _ => self.bad_verb(verb, v),
        }
    }

    fn fmt_uint64(&mut self, u: u64, verb: char, v: &Value) {
        match verb {
            'v' if self.flags.sharp_v => {
                let old = self.flags.sharp;
                self.flags.sharp = true;
                self.fmt_integer(u, 16, false, verb, LDIGITS);
                self.flags.sharp = old;
            }
            'v' | 'd' => self.fmt_integer(u, 10, false, verb, LDIGITS),
            'b' => self.fmt_integer(u, 2, false, verb, LDIGITS),
            'o' | 'O' => self.fmt_integer(u, 8, false, verb, LDIGITS),
            'x' => self.fmt_integer(u, 16, false, verb, LDIGITS),
            'X' => self.fmt_integer(u, 16, false, verb, UDIGITS),
            'c' => self.fmt_c(u),
            'q' => self.fmt_qc(u),
            'U' => self.fmt_unicode(u),
            _ => self.bad_verb(verb, v),
        }
    }

    fn fmt_float64(&mut self, f: f64, verb: char, v: &Value) {
        match verb {
            'v' => self.fmt_float(f, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(f, verb as u8, -1),
            'f' | 'e' | 'E' | 'F' => self.fmt_float(f, verb as u8, 6),
            _ => self.bad_verb(verb, v),
        }
    }

    fn fmt_string(&mut self, s: &str, verb: char, v: &Value) {
        match verb {
            'v' => {
                if self.flags.sharp_v {
                    self.fmt_q(s)
                } else {
                    self.fmt_s(s)
                }
            }
            's' => self.fmt_s(s),
            'x' => self.fmt_sbx(&cw_base::gostr::go_bytes(s), LDIGITS),
            'X' => self.fmt_sbx(&cw_base::gostr::go_bytes(s), UDIGITS),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, v),
        }
    }

    fn fmt_bytes(&mut self, b: &[u8], verb: char, v: &Value, depth: usize) {
        match verb {
            'v' | 'd' => {
                let f = &self.flags;
                if !(f.sharp_v || f.prec_present || f.wid_present || f.plus || f.space) {
                    // Plain `[1 2 3]`: every byte in decimal, written in place.
                    self.buf.reserve(b.len() * 4 + 2);
                    self.buf.push('[');
                    for (i, &c) in b.iter().enumerate() {
                        if i > 0 {
                            self.buf.push(' ');
                        }
                        if c >= 100 {
                            self.buf.push(char::from(b'0' + c / 100));
                        }
                        if c >= 10 {
                            self.buf.push(char::from(b'0' + c / 10 % 10));
                        }
                        self.buf.push(char::from(b'0' + c % 10));
                    }
                    self.buf.push(']');
                    return;
                }
                if self.flags.sharp_v {
                    self.buf.push_str("[]byte{");
                } else {
                    self.buf.push('[');
                }
                for (i, &c) in b.iter().enumerate() {
                    if i > 0 {
                        self.buf
                            .push_str(if self.flags.sharp_v { ", " } else { " " });
                    }
                    if self.flags.sharp_v {
                        let old = self.flags.sharp;
                        self.flags.sharp = true;
                        self.fmt_integer(c as u64, 16, false, 'v', LDIGITS);
                        self.flags.sharp = old;
                    } else {
                        let _ = depth;
                        self.fmt_integer(c as u64, 10, false, 'v', LDIGITS);
                    }
                }
                self.buf.push(if self.flags.sharp_v { '}' } else { ']' });
            }
            's' => self.fmt_s(&String::from_utf8_lossy(b)),
            'x' => self.fmt_sbx(b, LDIGITS),
            'X' => self.fmt_sbx(b, UDIGITS),
            'q' => {
                let s = self.truncate_bytes(b);
                if self.flags.sharp {
                    if let Ok(st) = std::str::from_utf8(s) {
                        if can_backquote(st) {
                            let q = format!("`{st}`");
                            self.pad(&q);
                            return;
                        }
                    }
                }
                let q = quote(s, self.flags.plus);
                self.pad(&q);
            }
            _ => self.bad_verb(verb, v),
        }
    }

    fn truncate_bytes<'a>(&self, b: &'a [u8]) -> &'a [u8] {
        if self.flags.prec_present {
            // Precision counts runes.
            let s = String::from_utf8_lossy(b);
            if let Some((i, _)) = s.char_indices().nth(self.flags.prec) {
                if std::str::from_utf8(b).is_ok() {
                    return &b[..i];
                }
            }
        }
        b
    }

    /// `printArg`/`printValue`: one operand with one verb.
    fn print_arg(&mut self, v: &Value, verb: char, depth: usize) {
        if self.overflow {
            return;
        }
        if let Value::Nil = v {
            match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb, v),
            }
            return;
        }
        match verb {
            'T' => {
                let t = v.type_name();
                let saved = self.flags;
                self.fmt_s(&t);
                self.flags = saved;
                return;
            }
            'p' => {
                self.bad_verb(verb, v);
                return;
            }
            _ => {}
        }
        match v {
            Value::Nil => {}
            Value::Bool(b) => self.fmt_bool(*b, verb, v),
            Value::Int(i) | Value::Int64(i) => self.fmt_int64(*i, verb, v),
            Value::Uint64(u) => self.fmt_uint64(*u, verb, v),
            Value::Float(f) => self.fmt_float64(*f, verb, v),
            Value::Complex(re, im) => match verb {
                'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                    let old_plus = self.flags.plus;
                    self.buf.push('(');
                    self.fmt_float64(*re, verb, v);
                    self.flags.plus = true;
                    self.fmt_float64(*im, verb, v);
                    self.buf.push_str("i)");
                    self.flags.plus = old_plus;
                }
                _ => self.bad_verb(verb, v),
            },
            Value::String(s) => self.fmt_string(s, verb, v),
            Value::Bytes(b) => self.fmt_bytes(b, verb, v, depth),
            Value::List(l) => {
                if depth > MAX_PRINT_DEPTH {
                    self.buf.push_str("...");
                    return;
                }
                if self.flags.sharp_v && l.nil {
                    self.buf.push_str(&l.type_name());
                    self.buf.push_str("(nil)");
                    return;
                }
                if self.flags.sharp_v {
                    self.buf.push_str(&l.type_name());
                    self.buf.push('{');
                } else {
                    self.buf.push('[');
                }
                for (i, item) in l.items.iter().enumerate() {
                    if self.overflow {
                        break;
                    }
                    if i > 0 {
                        self.buf
                            .push_str(if self.flags.sharp_v { ", " } else { " " });
                    }
                    self.print_elem(item, l.elem, verb, depth + 1);
                }
                self.buf.push(if self.flags.sharp_v { '}' } else { ']' });
            }
            Value::Map(m) => {
                if depth > MAX_PRINT_DEPTH {
                    self.buf.push_str("...");
                    return;
                }
                let (elem, name, entries, nil) = {
                    let g = m.read();
                    (g.elem, g.type_name(), m_entries(&g), g.is_nil_map())
                };
                if self.flags.sharp_v && nil {
                    self.buf.push_str(&name);
                    self.buf.push_str("(nil)");
                    return;
                }
                if self.flags.sharp_v {
                    self.buf.push_str(&name);
                    self.buf.push('{');
                } else {
                    self.buf.push_str("map[");
                }
                for (i, (k, val)) in entries.iter().enumerate() {
                    if self.overflow {
                        break;
                    }
                    if i > 0 {
                        self.buf
                            .push_str(if self.flags.sharp_v { ", " } else { " " });
                    }
                    let key = Value::str(k);
                    self.print_arg(&key, verb, depth + 1);
                    self.buf.push(':');
                    self.print_elem(val, elem, verb, depth + 1);
                }
                self.buf.push(if self.flags.sharp_v { '}' } else { ']' });
            }
            Value::Object(o) => {
                if depth > MAX_PRINT_DEPTH {
                    self.buf.push_str("...");
                    return;
                }
                match o.repr() {
                    Repr::Stringer(s) => {
                        if self.erroring {
                            self.buf.push_str(&s);
                        } else if !self.flags.sharp_v && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q')
                        {
                            self.print_arg(&Value::string(s), verb, depth);
                        } else {
                            self.bad_verb(verb, v);
                        }
                    }
                    Repr::Value(inner) => self.print_arg(&inner, verb, depth),
                    Repr::Struct { pointer, fields } => {
                        if pointer && depth > 0 {
                            // Go prints nested pointers as addresses.
                            self.buf.push_str("0xc000010000");
                            return;
                        }
                        if pointer {
                            self.buf.push('&');
                        }
                        if self.flags.sharp_v {
                            self.buf.push_str(o.type_name().trim_start_matches('*'));
                        }
                        self.buf.push('{');
                        for (i, (name, val)) in fields.iter().enumerate() {
                            if i > 0 {
                                self.buf
                                    .push_str(if self.flags.sharp_v { ", " } else { " " });
                            }
                            if self.flags.plus_v || self.flags.sharp_v {
                                self.buf.push_str(name);
                                self.buf.push(':');
                            }
                            self.print_arg(val, verb, depth + 1);
                        }
                        self.buf.push('}');
                    }
                }
            }
        }
    }

    /// An element of a slice or map: a nil `interface {}` element prints `<nil>` whatever the verb.
    fn print_elem(&mut self, v: &Value, elem: Elem, verb: char, depth: usize) {
        if v.is_nil() && elem == Elem::Any {
            if self.flags.sharp_v {
                self.buf.push_str("interface {}(nil)");
            } else {
                self.buf.push_str("<nil>");
            }
            return;
        }
        self.print_arg(v, verb, depth);
    }

    fn do_printf(&mut self, format: &str, a: &[Value]) {
        let fb = format.as_bytes();
        let end = fb.len();
        let mut arg_num = 0usize;
        let mut after_index;
        self.reordered = false;
        let mut i = 0usize;
        while i < end && !self.overflow {
            self.good_arg_num = true;
            let lasti = i;
            while i < end && fb[i] != b'%' {
                i += 1;
            }
            if i > lasti {
                self.buf.push_str(&format[lasti..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.flags = Flags::default();
            while i < end {
                match fb[i] {
                    b'#' => self.flags.sharp = true,
                    b'0' => self.flags.zero = true,
                    b'+' => self.flags.plus = true,
                    b'-' => self.flags.minus = true,
                    b' ' => self.flags.space = true,
                    _ => break,
                }
                i += 1;
            }
            // Argument index.
            (arg_num, i, after_index) = self.arg_number(arg_num, format, i, a.len());
            // Width.
            if i < end && fb[i] == b'*' {
                i += 1;
                let (n, ok, na) = int_from_arg(a, arg_num);
                arg_num = na;
                self.flags.wid_present = ok;
                if !ok {
                    self.buf.push_str("%!(BADWIDTH)");
                }
                if n < 0 {
                    self.flags.wid = n.unsigned_abs() as usize;
                    self.flags.minus = true;
                    self.flags.zero = false;
                } else {
                    self.flags.wid = n as usize;
                }
                after_index = false;
            } else {
                let (n, ok, ni) = parsenum(fb, i, end);
                self.flags.wid = n;
                self.flags.wid_present = ok;
                i = ni;
                if after_index && self.flags.wid_present {
                    self.good_arg_num = false;
                }
            }
            // Precision.
            if i + 1 < end && fb[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, format, i, a.len());
                if i < end && fb[i] == b'*' {
                    i += 1;
                    let (n, ok, na) = int_from_arg(a, arg_num);
                    arg_num = na;
                    self.flags.prec_present = ok;
                    if n < 0 {
                        self.flags.prec = 0;
                        self.flags.prec_present = false;
                    } else {
                        self.flags.prec = n as usize;
                    }
                    if !self.flags.prec_present {
                        self.buf.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (n, ok, ni) = parsenum(fb, i, end);
                    i = ni;
                    self.flags.prec = n;
                    self.flags.prec_present = true;
                    if !ok {
                        self.flags.prec = 0;
                    }
                }
            }
            if !after_index {
                (arg_num, i, after_index) = self.arg_number(arg_num, format, i, a.len());
            }
            let _ = after_index;
            if i >= end {
                self.buf.push_str("%!(NOVERB)");
                break;
            }
            let c = format[i..].chars().next().unwrap_or('\u{FFFD}');
            i += c.len_utf8();
            if c == '%' {
                self.buf.push('%');
                continue;
            }
            if !self.good_arg_num {
                self.buf.push_str("%!");
                self.buf.push(c);
                self.buf.push_str("(BADINDEX)");
                continue;
            } else if arg_num >= a.len() {
                self.buf.push_str("%!");
                self.buf.push(c);
                self.buf.push_str("(MISSING)");
                continue;
            }
            if c == 'w' {
                // Sprintf does not support %w.
                self.bad_verb(c, &a[arg_num]);
                arg_num += 1;
                continue;
            }
            if c == 'v' {
                if self.flags.sharp {
                    self.flags.sharp = false;
                    self.flags.sharp_v = true;
                }
                if self.flags.plus {
                    self.flags.plus = false;
                    self.flags.plus_v = true;
                }
            }
            let arg = &a[arg_num];
            arg_num += 1;
            self.print_arg(arg, c, 0);
        }
        if !self.reordered && arg_num < a.len() {
            self.flags = Flags::default();
            self.buf.push_str("%!(EXTRA ");
            for (k, arg) in a[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.buf.push_str(", ");
                }
                if !arg.is_nil() {
                    self.buf.push_str(&arg.type_name());
                    self.buf.push('=');
                }
                self.print_arg(arg, 'v', 0);
            }
            self.buf.push(')');
        }
    }

    fn arg_number(
        &mut self,
        arg_num: usize,
        format: &str,
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        let fb = format.as_bytes();
        if fb.len() <= i || fb[i] != b'[' {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&fb[i..]);
        if ok && index >= 0 && (index as usize) < num_args {
            return (index as usize, i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }
}

fn m_entries(m: &crate::value::Map) -> Vec<(String, Value)> {
    m.entries
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn too_large(n: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&n)
}

fn parsenum(s: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut is_num = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if too_large(num) {
            return (0, false, end);
        }
        num = num * 10 + (s[i] - b'0') as i64;
        is_num = true;
        i += 1;
    }
    (num as usize, is_num, i)
}

fn parse_arg_number(f: &[u8]) -> (i64, usize, bool) {
    if f.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..f.len() {
        if f[i] == b']' {
            let (width, ok, newi) = parsenum(f, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width as i64 - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

fn int_from_arg(a: &[Value], arg_num: usize) -> (i64, bool, usize) {
    let mut new_arg_num = arg_num;
    let mut num = 0i64;
    let mut is_int = false;
    if arg_num < a.len() {
        match &a[arg_num] {
            Value::Int(i) | Value::Int64(i) => {
                num = *i;
                is_int = true;
            }
            Value::Uint64(u) if *u <= i64::MAX as u64 => {
                num = *u as i64;
                is_int = true;
            }
            _ => {}
        }
        new_arg_num = arg_num + 1;
        if too_large(num) {
            num = 0;
            is_int = false;
        }
    }
    (num, is_int, new_arg_num)
}

// ---- strconv ----

/// Decimal digits of a finite non-negative float: `d` without trailing zeros, decimal point
/// position `dp` (value = 0.d × 10^dp). Zero has no digits and dp 0.
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

fn parse_sci(s: &str) -> Digits {
    // s is like "1.2345e-7" or "5e3" (Rust's LowerExp).
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut d: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    while d.last() == Some(&b'0') {
        d.pop();
    }
    if d.is_empty() {
        return Digits { d, dp: 0 };
    }
    Digits { d, dp: exp + 1 }
}

fn shortest_digits(v: f64) -> Digits {
    if v == 0.0 {
        return Digits { d: vec![], dp: 0 };
    }
    parse_sci(&format!("{:e}", v.abs()))
}

fn prec_digits(v: f64, n: usize) -> Digits {
    if v == 0.0 {
        return Digits { d: vec![], dp: 0 };
    }
    parse_sci(&format!("{:.*e}", n.saturating_sub(1), v.abs()))
}

fn fmt_e(out: &mut String, neg: bool, digs: &Digits, prec: i32, fmt: u8) {
    if neg {
        out.push('-');
    }
    let nd = digs.d.len();
    out.push(if nd == 0 { '0' } else { digs.d[0] as char });
    if prec > 0 {
        out.push('.');
        let mut i = 1usize;
        let m = nd.min(prec as usize + 1);
        if i < m {
            for &c in &digs.d[i..m] {
                out.push(c as char);
            }
            i = m;
        }
        while i <= prec as usize {
            out.push('0');
            i += 1;
        }
    }
    out.push(fmt as char);
    let mut exp = digs.dp - 1;
    if nd == 0 {
        exp = 0;
    }
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
        out.push((b'0' + exp as u8) as char);
    } else {
        out.push_str(&exp.to_string());
    }
}

fn fmt_f(out: &mut String, neg: bool, digs: &Digits, prec: i32) {
    if neg {
        out.push('-');
    }
    let nd = digs.d.len() as i32;
    if digs.dp > 0 {
        let m = nd.min(digs.dp);
        for &c in &digs.d[..m as usize] {
            out.push(c as char);
        }
        for _ in m..digs.dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = digs.dp + i - 1;
            let c = if j >= 0 && j < nd {
                digs.d[j as usize] as char
            } else {
                '0'
            };
            out.push(c);
        }
    }
}

/// `strconv.FormatFloat(v, fmt, prec, 64)` for fmt in `e E f F g G b x X`.
pub fn format_float(v: f64, fmt: u8, prec: i32) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let neg = v.is_sign_negative();
    let mut out = String::new();
    match fmt {
        b'b' => {
            let bits = v.to_bits();
            let exp = ((bits >> 52) & 0x7FF) as i64;
            let mut mant = bits & ((1u64 << 52) - 1);
            let e = if exp == 0 {
                -1074
            } else {
                mant |= 1u64 << 52;
                exp - 1075
            };
            if neg {
                out.push('-');
            }
            out.push_str(&format!("{mant}p{}{}", if e >= 0 { "+" } else { "" }, e));
            out
        }
        b'x' | b'X' => fmt_x(v, prec, fmt),
        b'e' | b'E' => {
            let (digs, p) = if prec < 0 {
                let d = shortest_digits(v);
                let p = (d.d.len() as i32 - 1).max(0);
                (d, p)
            } else {
                (prec_digits(v, prec as usize + 1), prec)
            };
            fmt_e(&mut out, neg, &digs, p, fmt);
            out
        }
        b'f' | b'F' => {
            if prec < 0 {
                let d = shortest_digits(v);
                let p = (d.d.len() as i32 - d.dp).max(0);
                fmt_f(&mut out, neg, &d, p);
            } else {
                if neg {
                    out.push('-');
                }
                out.push_str(&format!("{:.*}", prec as usize, v.abs()));
            }
            out
        }
        b'g' | b'G' => {
            let shortest = prec < 0;
            let (digs, mut prec) = if shortest {
                let d = shortest_digits(v);
                let n = d.d.len() as i32;
                (d, n)
            } else {
                let p = if prec == 0 { 1 } else { prec };
                (prec_digits(v, p as usize), p)
            };
            let nd = digs.d.len() as i32;
            let mut eprec = prec;
            if eprec > nd && nd >= digs.dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            if exp < -4 || exp >= eprec {
                if prec > nd {
                    prec = nd;
                }
                fmt_e(&mut out, neg, &digs, prec - 1, fmt + b'e' - b'g');
                return out;
            }
            if prec > digs.dp {
                prec = nd;
            }
            fmt_f(&mut out, neg, &digs, (prec - digs.dp).max(0));
            out
        }
        _ => {
            out.push('%');
            out.push(fmt as char);
            out
        }
    }
}

/// strconv's `%x` float format: `-0x1.23abcp+20`.
fn fmt_x(v: f64, prec: i32, fmt: u8) -> String {
    let bits = v.to_bits();
    let neg = v.is_sign_negative();
    let mut exp = ((bits >> 52) & 0x7FF) as i32;
    let mut mant = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        // Subnormal or zero.
        exp = -1022;
    } else {
        mant |= 1u64 << 52;
        exp -= 1023;
    }
    if mant == 0 {
        exp = 0;
    }
    // Normalise so that the leading 1 is at bit 60.
    let mut m = mant << 8; // 52+8 = 60
    if m != 0 {
        while m & (1u64 << 60) == 0 {
            m <<= 1;
            exp -= 1;
        }
    }
    // Round to prec hex digits after the point.
    if (0..15).contains(&prec) {
        let shift = 60 - prec as u32 * 4;
        let extra = m & ((1u64 << shift) - 1);
        m >>= shift;
        let half = 1u64 << (shift - 1);
        if extra > half || (extra == half && m & 1 == 1) {
            m += 1;
        }
        m <<= shift;
        if m >> 61 != 0 {
            m >>= 1;
            exp += 1;
        }
    }
    let digits: &[u8; 17] = if fmt == b'X' { UDIGITS } else { LDIGITS };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(if fmt == b'X' { 'X' } else { 'x' });
    out.push((b'0' + ((m >> 60) & 1) as u8) as char);
    m <<= 4; // remove leading bit: the fraction is now in bits 63..4 (60 bits)
    if prec < 0 && m != 0 {
        out.push('.');
        while m != 0 {
            out.push(digits[((m >> 60) & 0xF) as usize] as char);
            m <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            out.push(digits[((m >> 60) & 0xF) as usize] as char);
            m <<= 4;
        }
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
    out
}

// ---- quoting (strconv.Quote) ----

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
pub fn is_print(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7F).contains(&u);
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
            | G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
    )
}

fn push_escaped_rune(out: &mut String, c: char, quote: char, ascii_only: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if ascii_only {
        if (c as u32) < 0x80 && is_print(c) {
            out.push(c);
            return;
        }
    } else if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0C' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0B' => out.push_str("\\v"),
        _ => {
            let u = c as u32;
            if u < 0x20 || u == 0x7F {
                out.push_str(&format!("\\x{u:02x}"));
            } else if u < 0x10000 {
                out.push_str(&format!("\\u{u:04x}"));
            } else {
                out.push_str(&format!("\\U{u:08x}"));
            }
        }
    }
}

/// `strconv.Quote` (or `QuoteToASCII` when `ascii_only`) of possibly invalid UTF-8 bytes.
pub fn quote(b: &[u8], ascii_only: bool) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    out.push('"');
    let mut rest = b;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                for c in s.chars() {
                    push_escaped_rune(&mut out, c, '"', ascii_only);
                }
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                if let Ok(s) = std::str::from_utf8(good) {
                    for c in s.chars() {
                        push_escaped_rune(&mut out, c, '"', ascii_only);
                    }
                }
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                // Go escapes each invalid byte separately.
                out.push_str(&format!("\\x{:02x}", bad[0]));
                let _ = n;
                rest = &bad[1..];
            }
        }
    }
    out.push('"');
    out
}

fn quote_rune(c: char, ascii_only: bool) -> String {
    let mut out = String::from("'");
    push_escaped_rune(&mut out, c, '\'', ascii_only);
    out.push('\'');
    out
}

fn can_backquote(s: &str) -> bool {
    for c in s.chars() {
        if c == '`' || c == '\u{FEFF}' {
            return false;
        }
        if (c as u32) < 0x20 && c != '\t' || c == '\x7F' {
            return false;
        }
    }
    true
}

#[cfg(test)]
#[path = "fmt_tests.rs"]
mod tests;
