//! The pieces of Go's `strconv` and `fmt` that template parsing depends on: `ParseInt`/`ParseUint`
//! with base 0, `ParseFloat`, `Unquote`, `UnquoteChar`, `Quote` and the `%#U` verb.

use compact_str::CompactString;

/// `strconv.ErrSyntax`'s text, which Go's parser reports for a bad string literal.
pub(crate) const INVALID_SYNTAX: &str = "invalid syntax";

fn lower(c: u8) -> u8 {
    c | 0x20
}

/// Go's `underscoreOK`: underscores may only separate digits (or follow a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut s = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    if !s.is_empty() && (s[0] == b'-' || s[0] == b'+') {
        s = &s[1..];
    }
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(lower(s[1]), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = lower(s[1]) == b'x';
    }
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() || hex && (b'a'..=b'f').contains(&lower(c)) {
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

/// `strconv.ParseUint(s, 0, 64)`; `None` on any error (syntax or range).
pub(crate) fn parse_uint_base0(s0: &str) -> Option<u64> {
    let b = s0.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (base, digits): (u64, &[u8]) = if b[0] == b'0' {
        if b.len() >= 3 && matches!(lower(b[1]), b'b' | b'o' | b'x') {
            let base = match lower(b[1]) {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (base, &b[2..])
        } else {
            (8, &b[1..])
        }
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        let d = match c {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => (c - b'0') as u64,
            b'a'..=b'z' => (c - b'a' + 10) as u64,
            b'A'..=b'Z' => (c - b'A' + 10) as u64,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        n = n.checked_mul(base)?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s0) {
        return None;
    }
    Some(n)
}

/// `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint_base0(body)?;
    // Go checks underscores against the unsigned text; a sign is allowed by underscoreOK too.
    if neg {
        if u > 1u64 << 63 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        if u >= 1u64 << 63 {
            return None;
        }
        Some(u as i64)
    }
}

/// `strconv.ParseFloat(s, 64)` for the inputs the template lexer can produce (decimal and
/// hexadecimal floats, with underscores). Out-of-range values are errors, as in Go.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let neg = match b.first() {
        Some(b'+') => {
            i = 1;
            false
        }
        Some(b'-') => {
            i = 1;
            true
        }
        _ => false,
    };
    let body = &s[i..];
    if body.len() >= 2 && body.as_bytes()[0] == b'0' && lower(body.as_bytes()[1]) == b'x' {
        let v = parse_hex_float(&body[2..], s)?;
        return Some(if neg { -v } else { v });
    }
    // Decimal: digits, optional '.', digits, optional exponent; underscores checked as Go does.
    let bb = body.as_bytes();
    let mut j = 0;
    let mut saw_digits = false;
    let mut saw_dot = false;
    let mut underscores = false;
    let mut clean = String::with_capacity(body.len() + 1);
    if neg {
        clean.push('-');
    }
    while j < bb.len() {
        let c = bb[j];
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => {
                saw_dot = true;
                clean.push('.');
            }
            b'0'..=b'9' => {
                saw_digits = true;
                clean.push(c as char);
            }
            _ => break,
        }
        j += 1;
    }
    if !saw_digits {
        return None;
    }
    if j < bb.len() && lower(bb[j]) == b'e' {
        clean.push('e');
        j += 1;
        if j < bb.len() && (bb[j] == b'+' || bb[j] == b'-') {
            clean.push(bb[j] as char);
            j += 1;
        }
        let mut exp_digits = false;
        while j < bb.len() {
            match bb[j] {
                b'_' => underscores = true,
                c @ b'0'..=b'9' => {
                    exp_digits = true;
                    clean.push(c as char);
                }
                _ => break,
            }
            j += 1;
        }
        if !exp_digits {
            return None;
        }
    }
    if j != bb.len() {
        return None;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    let v: f64 = clean.parse().ok()?;
    if v.is_infinite() {
        return None; // Go: ErrRange
    }
    Some(v)
}

/// The part of a hexadecimal float after `0x`: mantissa digits, optional '.', and a mandatory
/// `p` exponent.
fn parse_hex_float(s: &str, whole: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut mant: u128 = 0;
    let mut exp: i64 = 0;
    let mut saw_digits = false;
    let mut saw_dot = false;
    let mut underscores = false;
    let mut sticky = false;
    let mut j = 0;
    while j < b.len() {
        let c = b[j];
        let d = match c {
            b'_' => {
                underscores = true;
                j += 1;
                continue;
            }
            b'.' if !saw_dot => {
                saw_dot = true;
                j += 1;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => break,
        };
        saw_digits = true;
        if mant >> 120 == 0 {
            mant = mant << 4 | d as u128;
            if saw_dot {
                exp -= 4;
            }
        } else {
            sticky |= d != 0;
            if !saw_dot {
                exp += 4;
            }
        }
        j += 1;
    }
    if !saw_digits || j >= b.len() || lower(b[j]) != b'p' {
        return None;
    }
    j += 1;
    let mut eneg = false;
    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
        eneg = b[j] == b'-';
        j += 1;
    }
    let mut e: i64 = 0;
    let mut exp_digits = false;
    while j < b.len() {
        match b[j] {
            b'_' => underscores = true,
            c @ b'0'..=b'9' => {
                exp_digits = true;
                e = (e * 10 + (c - b'0') as i64).min(1 << 20);
            }
            _ => return None,
        }
        j += 1;
    }
    if !exp_digits {
        return None;
    }
    if underscores && !underscore_ok(whole) {
        return None;
    }
    let e = if eneg { -e } else { e };
    if mant == 0 {
        return Some(0.0);
    }
    if sticky {
        mant |= 1;
    }
    // mant * 2^(exp + e); the u128 -> f64 conversion rounds to nearest even, and scaling by a
    // power of two is exact outside the subnormal range.
    let mut v = mant as f64;
    let mut k = exp + e;
    while k > 0 {
        let step = k.min(1000);
        v *= 2f64.powi(step as i32);
        k -= step;
    }
    while k < 0 {
        let step = (-k).min(1000);
        v /= 2f64.powi(step as i32);
        k += step;
    }
    if v.is_infinite() {
        return None;
    }
    Some(v)
}

/// `strconv.UnquoteChar(s, quote)`: the first character of `s` (escape sequences decoded), and
/// the rest of `s`. The value is a code point, or a byte for `\x` and octal escapes (flagged).
pub(crate) fn unquote_char(s: &str, quote: u8) -> Result<(u32, bool, &str), ()> {
    let b = s.as_bytes();
    let c = *b.first().ok_or(())?;
    if c == quote && (quote == b'\'' || quote == b'"') {
        return Err(());
    }
    if c >= 0x80 {
        let ch = s.chars().next().ok_or(())?;
        return Ok((ch as u32, false, &s[ch.len_utf8()..]));
    }
    if c != b'\\' {
        return Ok((c as u32, false, &s[1..]));
    }
    if b.len() <= 1 {
        return Err(());
    }
    let e = b[1];
    if !e.is_ascii() {
        // `\` before a multi-byte character: no escape (Go's ErrSyntax).
        return Err(());
    }
    let rest = &s[2..];
    let simple = |v: u8| Ok((v as u32, false, rest));
    match e {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(12),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(11),
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let rb = rest.as_bytes();
            if rb.len() < n {
                return Err(());
            }
            let mut v: u32 = 0;
            for &d in &rb[..n] {
                let x = (d as char).to_digit(16).ok_or(())?;
                v = v << 4 | x;
            }
            let tail = &rest[n..];
            if e == b'x' {
                return Ok((v, true, tail));
            }
            if char::from_u32(v).is_none() {
                return Err(());
            }
            Ok((v, false, tail))
        }
        b'0'..=b'7' => {
            let rb = s.as_bytes();
            if rb.len() < 4 {
                return Err(());
            }
            let mut v: u32 = 0;
            for &d in &rb[1..4] {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(());
                }
                v = v * 8 + (d - b'0') as u32;
            }
            if v > 255 {
                return Err(());
            }
            Ok((v, true, &s[4..]))
        }
        b'\\' => simple(b'\\'),
        b'\'' | b'"' => {
            if e != quote {
                return Err(());
            }
            simple(e)
        }
        _ => Err(()),
    }
}

/// `strconv.Unquote` for a lexed string token (`"..."` or `` `...` ``). Bytes that do not form
/// valid UTF-8 (from `\x` or octal escapes) are carried as [`cw_base::gostr`] says.
pub(crate) fn unquote(s: &str) -> Result<CompactString, ()> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b[b.len() - 1] {
        return Err(());
    }
    let quote = b[0];
    let inner = &s[1..s.len() - 1];
    match quote {
        b'`' => {
            if inner.contains('`') {
                return Err(());
            }
            if inner.contains('\r') {
                return Ok(CompactString::new(inner.replace('\r', "")));
            }
            Ok(CompactString::new(inner))
        }
        b'"' => {
            // One pass for the usual string with no escape, newline or inner quote.
            if memchr::memchr3(b'\\', b'\n', b'"', inner.as_bytes()).is_none() {
                return Ok(CompactString::new(inner));
            }
            if !inner.contains('\\') && !inner.contains('\n') {
                return Err(()); // an unescaped quote inside
            }
            if inner.contains('\n') {
                return Err(());
            }
            let mut out: Vec<u8> = Vec::with_capacity(inner.len());
            let mut rest = inner;
            while !rest.is_empty() {
                let (v, is_byte, tail) = unquote_char(rest, b'"')?;
                if is_byte || v < 0x80 {
                    out.push(v as u8);
                } else {
                    let ch = char::from_u32(v).ok_or(())?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                rest = tail;
            }
            Ok(CompactString::from(cw_base::gostr::from_go_bytes(&out)))
        }
        _ => Err(()),
    }
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// `strconv.Quote`.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        _ if is_print(c) => out.push(c),
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        _ => {
            let u = c as u32;
            if u < 0x20 || u == 0x7f {
                out.push_str(&format!("\\x{u:02x}"));
            } else if u < 0x10000 {
                out.push_str(&format!("\\u{u:04x}"));
            } else {
                out.push_str(&format!("\\U{u:08x}"));
            }
        }
    }
}

/// Go's `fmt.Sprintf("%.10q...", s)` used for long tokens: the first ten characters, quoted.
pub(crate) fn quote_prefix(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => quote(&s[..i]),
        None => quote(s),
    }
}

/// Go's `%#U`: `U+002D '-'` (the character only when printable).
pub(crate) fn fmt_unicode(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// `fmt.Sscan` of a complex constant as the lexer produces it (`1+2i`, `-1.5e3-0x1p2i`).
pub(crate) fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let b = s.as_bytes();
    if b.last() != Some(&b'i') {
        return None;
    }
    // Split at the sign that starts the imaginary part: the last '+'/'-' that is not at the
    // start and does not follow an exponent marker.
    let mut split = None;
    for i in (1..b.len()).rev() {
        if (b[i] == b'+' || b[i] == b'-') && !matches!(lower(b[i - 1]), b'e' | b'p') {
            split = Some(i);
            break;
        }
    }
    let i = split?;
    let re = scan_float(&s[..i])?;
    let im = scan_float(&s[i..s.len() - 1])?;
    Some((re, im))
}

/// `fmt`'s float scanning: like `ParseFloat` but underscores are accepted anywhere among digits.
fn scan_float(s: &str) -> Option<f64> {
    parse_float(s).or_else(|| parse_float(&s.replace('_', "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_like_go() {
        assert_eq!(parse_uint_base0("017"), Some(15));
        assert_eq!(parse_uint_base0("0o17"), Some(15));
        assert_eq!(parse_uint_base0("0x1F"), Some(31));
        assert_eq!(parse_uint_base0("0b101"), Some(5));
        assert_eq!(parse_uint_base0("1_000"), Some(1000));
        assert_eq!(parse_uint_base0("0_17"), Some(15));
        assert_eq!(parse_uint_base0("1__0"), None);
        assert_eq!(parse_uint_base0("089"), None);
        assert_eq!(parse_uint_base0("0x"), None);
        assert_eq!(parse_uint_base0("0"), Some(0));
        assert_eq!(parse_uint_base0("18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_uint_base0("18446744073709551616"), None);
        assert_eq!(parse_int_base0("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int_base0("9223372036854775808"), None);
        assert_eq!(parse_int_base0("-0x10"), Some(-16));
    }

    #[test]
    fn floats_like_go() {
        assert_eq!(parse_float("1.5"), Some(1.5));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float(".5"), Some(0.5));
        assert_eq!(parse_float("1_0.5"), Some(10.5));
        assert_eq!(parse_float("0x1p-2"), Some(0.25));
        assert_eq!(parse_float("0x1.8p1"), Some(3.0));
        assert_eq!(parse_float("0x1"), None);
        assert_eq!(parse_float("1e"), None);
        assert_eq!(parse_float("1e400"), None);
        assert_eq!(parse_float("089"), Some(89.0));
        assert_eq!(parse_float("."), None);
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote(r#""a\tb""#).unwrap(), "a\tb");
        assert_eq!(unquote(r#""\u00e9\101""#).unwrap(), "éA");
        assert!(unquote(r#""\'""#).is_err());
        assert!(unquote(r#""\q""#).is_err());
        assert_eq!(unquote("`a\\n\r`").unwrap(), "a\\n");
        assert_eq!(unquote_char("\\'", b'\''), Ok((39, false, "")));
        assert!(unquote_char("'", b'\'').is_err());
        // A backslash before a multi-byte character is no escape (found by the fuzzer: it
        // sliced inside the character).
        assert!(unquote("\"\\㛚\"").is_err());
        assert!(unquote_char("\\é'", b'\'').is_err());
        assert!(unquote("\"\\xé\"").is_err());
    }

    #[test]
    fn quoting_and_unicode() {
        assert_eq!(quote("a\"\n\u{1}é"), "\"a\\\"\\n\\x01é\"");
        assert_eq!(fmt_unicode('-'), "U+002D '-'");
        assert_eq!(fmt_unicode('\u{7}'), "U+0007");
        assert_eq!(quote_prefix("abcdefghijkl", 10), "\"abcdefghij\"");
        assert_eq!(parse_complex("1+2i"), Some((1.0, 2.0)));
        assert_eq!(parse_complex("1e2-3i"), Some((100.0, -3.0)));
    }
}
