//! go-yaml v2 scalar resolution (YAML 1.1): which Go value a scalar becomes.
//!
//! Mirrors `resolve.go` of go-yaml v2 as used by sigs.k8s.io/yaml: a table of special words
//! (`yes`, `on`, `~`, `.inf`, `<<` …), then Go's `strconv.ParseInt(s, 0, 64)` (so `010` is octal,
//! `0x1F`, `0o17`, `0b101`, `1_000` and `+12` are integers), `ParseUint`, a YAML-style float regex,
//! and big integers. Timestamps stay strings (go-yaml v2 decodes them into `interface{}` as the
//! original text).

pub(crate) const STR_TAG: &str = "tag:yaml.org,2002:str";
pub(crate) const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
pub(crate) const INT_TAG: &str = "tag:yaml.org,2002:int";
pub(crate) const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
pub(crate) const NULL_TAG: &str = "tag:yaml.org,2002:null";
pub(crate) const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
pub(crate) const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
pub(crate) const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

/// A resolved scalar, typed as go-yaml v2 would hand it to `interface{}`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    /// A timestamp (kept as its text, as go-yaml v2 does for `interface{}` targets).
    Timestamp(String),
    /// The merge key `<<`.
    Merge,
}

impl Scalar {
    fn tag(&self) -> &'static str {
        match self {
            Scalar::Null => NULL_TAG,
            Scalar::Bool(_) => BOOL_TAG,
            Scalar::Int(_) | Scalar::Uint(_) => INT_TAG,
            Scalar::Float(_) => FLOAT_TAG,
            Scalar::Str(_) => STR_TAG,
            Scalar::Timestamp(_) => TIMESTAMP_TAG,
            Scalar::Merge => MERGE_TAG,
        }
    }
}

/// `!!str`-style short form of a long tag, as go-yaml's `shortTag`.
pub(crate) fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

fn special(s: &str) -> Option<Scalar> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        "<<" => Scalar::Merge,
        _ => return None,
    })
}

/// go-yaml v2 `resolve(tag, in)` for the tags it resolves (`""` = untagged plain scalar).
/// Returns `Err` with go-yaml's message for a tag the text cannot satisfy.
pub(crate) fn resolve(tag: &str, text: &str) -> Result<Scalar, String> {
    let resolvable = matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    );
    if !resolvable {
        // Unknown tags (and !!binary, handled by the caller) keep the text.
        return Ok(Scalar::Str(text.to_string()));
    }
    let out = resolve_untyped(tag, text);
    let rtag = out.tag();
    if tag.is_empty() || tag == rtag || tag == STR_TAG {
        return Ok(out);
    }
    if tag == FLOAT_TAG {
        if let Scalar::Int(i) = out {
            return Ok(Scalar::Float(i as f64));
        }
    }
    Err(cannot_decode(rtag, text, tag))
}

fn cannot_decode(rtag: &str, text: &str, tag: &str) -> String {
    format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        text,
        short_tag(tag)
    )
}

fn resolve_untyped(tag: &str, text: &str) -> Scalar {
    if tag == STR_TAG {
        return Scalar::Str(text.to_string());
    }
    let hint = match text.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 {
        return Scalar::Str(text.to_string());
    }
    if let Some(s) = special(text) {
        return s;
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(text) {
                return Scalar::Float(f);
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && looks_like_timestamp(text) {
                return Scalar::Timestamp(text.to_string());
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Ok(i) = go_parse_int(&plain) {
                return Scalar::Int(i);
            }
            if let Ok(u) = go_parse_uint(&plain) {
                return Scalar::Uint(u);
            }
            if yaml_style_float(&plain) {
                if let Some(f) = go_parse_float(&plain) {
                    return Scalar::Float(f);
                }
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if let Ok(i) = parse_digits(rest, 2, false) {
                    return Scalar::Int(i as i64);
                }
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                if let Ok(i) = parse_digits(rest, 2, true) {
                    return Scalar::Int(i as i64);
                }
            }
        }
        _ => {}
    }
    Scalar::Str(text.to_string())
}

/// go-yaml v2 `parseTimestamp`: only strings starting `YYYY-` in one of a few layouts.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    // date part: YYYY-M-D (1 or 2 digits each)
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(i) => (&rest[..i], Some((&rest[i..i + 1], &rest[i + 1..]))),
        None => (rest, None),
    };
    let mut parts = date.split('-');
    let (Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let num = |x: &str, max: u32| {
        !x.is_empty()
            && x.len() <= 2
            && x.bytes().all(|c| c.is_ascii_digit())
            && x.parse::<u32>().map(|v| v <= max).unwrap_or(false)
    };
    if !num(m, 12) || !num(d, 31) || m == "0" || m == "00" || d == "0" || d == "00" {
        return false;
    }
    let Some((sep, time)) = time else {
        return true;
    };
    // time part: H:M:S(.frac)? then Z/±hh:mm for T/t, nothing for ' '
    let (clock, zone) = if sep == " " {
        (time, "")
    } else {
        match time.find(['Z', '+', '-']) {
            Some(i) => (&time[..i], &time[i..]),
            None => return false,
        }
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 9 || !f.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let mut hp = hms.split(':');
    let (Some(h), Some(mi), Some(se), None) = (hp.next(), hp.next(), hp.next(), hp.next()) else {
        return false;
    };
    if !num(h, 23) || !num(mi, 59) || !num(se, 59) {
        return false;
    }
    match zone {
        "" | "Z" => true,
        z => {
            let z = &z[1..];
            z.len() == 5
                && z.as_bytes()[2] == b':'
                && num(&z[..2], 23)
                && num(&z[3..], 59)
                && z[..2].len() == 2
        }
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
pub(crate) fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumErr {
    Syntax,
    Range,
}

/// Splits Go's base prefix (base 0): returns (base, digits).
fn base_prefix(s: &str) -> (u32, &str) {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b'0' {
        match b[1] {
            b'x' | b'X' => return (16, &s[2..]),
            b'o' | b'O' => return (8, &s[2..]),
            b'b' | b'B' => return (2, &s[2..]),
            _ => return (8, &s[1..]),
        }
    }
    (10, s)
}

fn parse_digits(digits: &str, base: u32, neg: bool) -> Result<i128, NumErr> {
    if digits.is_empty() {
        return Err(NumErr::Syntax);
    }
    let mut v: u128 = 0;
    let mut overflow = false;
    for c in digits.chars() {
        let d = c.to_digit(base).ok_or(NumErr::Syntax)?;
        if !overflow {
            v = v * base as u128 + d as u128;
            if v > u64::MAX as u128 {
                overflow = true;
            }
        }
    }
    if overflow {
        return Err(NumErr::Range);
    }
    let v = v as i128;
    Ok(if neg { -v } else { v })
}

/// Go `strconv.ParseUint(s, 0, 64)` (no sign, no underscores).
pub(crate) fn go_parse_uint(s: &str) -> Result<u64, NumErr> {
    if s.is_empty() {
        return Err(NumErr::Syntax);
    }
    if s.starts_with(['+', '-']) {
        return Err(NumErr::Syntax);
    }
    let (base, digits) = base_prefix(s);
    // "0" alone is octal prefix with no digits: Go treats "0" as 0.
    if s == "0" {
        return Ok(0);
    }
    let v = parse_digits(digits, base, false)?;
    u64::try_from(v).map_err(|_| NumErr::Range)
}

/// Go `strconv.ParseInt(s, 0, 64)` (sign allowed, no underscores).
pub(crate) fn go_parse_int(s: &str) -> Result<i64, NumErr> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = go_parse_uint(body)?;
    if neg {
        if u > i64::MAX as u64 + 1 {
            return Err(NumErr::Range);
        }
        Ok((u as i128).wrapping_neg() as i64)
    } else {
        i64::try_from(u).map_err(|_| NumErr::Range)
    }
}

/// Go `strconv.ParseFloat(s, 64)` for the decimal forms YAML scalars reach; `None` on a syntax
/// error or overflow to infinity.
pub(crate) fn go_parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    // Only decimal digits, '.', exponent and sign: Go also accepts "inf"/"nan"/hex floats, which
    // never reach here through the callers' hints except via the '.' hint (only digits follow).
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let mut mant = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        mant += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            mant += 1;
        }
    }
    if mant == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_infinite() {
        return None;
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Scalar {
        resolve("", s).unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(r("010"), Scalar::Int(8));
        assert_eq!(r("0o17"), Scalar::Int(15));
        assert_eq!(r("0x1F"), Scalar::Int(31));
        assert_eq!(r("0b101"), Scalar::Int(5));
        assert_eq!(r("1_000"), Scalar::Int(1000));
        assert_eq!(r("+12"), Scalar::Int(12));
        assert_eq!(r("1e3"), Scalar::Float(1000.0));
        assert_eq!(r("1.10"), Scalar::Float(1.1));
        assert_eq!(r("08"), Scalar::Float(8.0));
        assert_eq!(
            r("12345678901234567890"),
            Scalar::Uint(12345678901234567890)
        );
        assert_eq!(r("-0"), Scalar::Int(0));
        assert_eq!(r(".5"), Scalar::Float(0.5));
        assert_eq!(r("1e400"), Scalar::Str("1e400".into()));
        assert_eq!(r("0x"), Scalar::Str("0x".into()));
    }

    #[test]
    fn words() {
        assert_eq!(r("yes"), Scalar::Bool(true));
        assert_eq!(r("Off"), Scalar::Bool(false));
        assert_eq!(r("yES"), Scalar::Str("yES".into()));
        assert_eq!(r("~"), Scalar::Null);
        assert_eq!(r(""), Scalar::Null);
        assert_eq!(r("<<"), Scalar::Str("<<".into()));
        assert_eq!(r("2024-01-01"), Scalar::Timestamp("2024-01-01".into()));
    }

    #[test]
    fn tags() {
        assert_eq!(resolve(STR_TAG, "12"), Ok(Scalar::Str("12".into())));
        assert_eq!(resolve(INT_TAG, "12"), Ok(Scalar::Int(12)));
        assert_eq!(resolve(FLOAT_TAG, "12"), Ok(Scalar::Float(12.0)));
        assert_eq!(
            resolve(INT_TAG, "abc"),
            Err("cannot decode !!str `abc` as a !!int".into())
        );
    }
}
