//! Go's number formatting (`strconv.FormatFloat` with shortest precision, encoding/json's float
//! rule) and `strconv.Quote`, which Helm's outputs inherit.

/// Shortest round-trip decimal digits of `f` (finite, non-negative handled by caller):
/// returns (digits without leading zeros, decimal point position) so that the value is
/// `0.DIGITS × 10^dp`.
fn shortest_digits(f: f64, bits32: bool) -> (String, i32) {
    let s = if bits32 {
        format!("{:e}", (f as f32).abs())
    } else {
        format!("{:e}", f.abs())
    };
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.chars().all(|c| c == '0') {
        return ("0".into(), 1);
    }
    let digits = digits.trim_end_matches('0').to_string();
    (digits, exp + 1)
}

fn fmt_e(neg: bool, digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    let exp = if digits == "0" { 0 } else { dp - 1 };
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
    out
}

fn fmt_f(neg: bool, digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let nd = digits.len() as i32;
    if dp > 0 {
        for i in 0..dp {
            out.push(if i < nd {
                digits.as_bytes()[i as usize] as char
            } else {
                '0'
            });
        }
    } else {
        out.push('0');
    }
    let prec = (nd - dp).max(0);
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            let j = dp + i;
            out.push(if j < 0 || j >= nd {
                '0'
            } else {
                digits.as_bytes()[j as usize] as char
            });
        }
    }
    out
}

fn special(f: f64) -> Option<String> {
    if f.is_nan() {
        Some("NaN".into())
    } else if f.is_infinite() {
        Some(if f > 0.0 { "+Inf" } else { "-Inf" }.into())
    } else {
        None
    }
}

/// `strconv.FormatFloat(f, 'g', -1, bits)`.
pub fn format_float_g(f: f64, bits: u32) -> String {
    if let Some(s) = special(f) {
        return s;
    }
    let neg = f.is_sign_negative();
    let (digits, dp) = shortest_digits(f, bits == 32);
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        // eprec is 6 for the shortest representation
        fmt_e(neg, &digits, dp)
    } else {
        fmt_f(neg, &digits, dp)
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 32)`: how sigs.k8s.io/yaml stringifies float map keys.
pub fn format_float32_g(f: f64) -> String {
    match format_float_g(f, 32).as_str() {
        "+Inf" => ".inf".into(),
        "-Inf" => "-.inf".into(),
        "NaN" => ".nan".into(),
        s => s.to_string(),
    }
}

/// `strconv.FormatFloat(f, 'e', -1, 64)`.
pub fn format_float_e(f: f64) -> String {
    if let Some(s) = special(f) {
        return s;
    }
    let (digits, dp) = shortest_digits(f, false);
    fmt_e(f.is_sign_negative(), &digits, dp)
}

/// `strconv.FormatFloat(f, 'f', -1, 64)`.
pub fn format_float_f(f: f64) -> String {
    if let Some(s) = special(f) {
        return s;
    }
    let (digits, dp) = shortest_digits(f, false);
    fmt_f(f.is_sign_negative(), &digits, dp)
}

/// encoding/json's float64 text (ES6 number style): `1e+21`, `1e-7`, `100000`, `0.000001`.
/// `None` for NaN and infinities, which Go refuses (`json: unsupported value`).
pub fn format_json_float(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let mut s = format_float_e(f);
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            let last = s.pop().unwrap_or('0');
            s.pop();
            s.push(last);
        }
        Some(s)
    } else {
        Some(format_float_f(f))
    }
}

/// Go's `strconv.Quote` (printable Unicode kept, other characters escaped).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || matches!(c as u32, 0x2028 | 0x2029 | 0xfeff) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_format() {
        assert_eq!(format_float_g(1e6, 64), "1e+06");
        assert_eq!(format_float_g(123456789.0, 64), "1.23456789e+08");
        assert_eq!(format_float_g(100000.0, 64), "100000");
        assert_eq!(format_float_g(1.1, 64), "1.1");
        assert_eq!(format_float_g(0.000001, 64), "1e-06");
        assert_eq!(format_float_g(0.0001, 64), "0.0001");
        assert_eq!(format_float_g(-0.0, 64), "-0");
        assert_eq!(
            format_float_g(1.2345678901234567e19, 64),
            "1.2345678901234567e+19"
        );
        assert_eq!(format_float32_g(1.234567891), "1.2345679");
        assert_eq!(format_float32_g(1.5), "1.5");
    }

    #[test]
    fn json_format() {
        assert_eq!(format_json_float(1e21).unwrap(), "1e+21");
        assert_eq!(format_json_float(1e-7).unwrap(), "1e-7");
        assert_eq!(format_json_float(1e20).unwrap(), "100000000000000000000");
        assert_eq!(format_json_float(0.000001).unwrap(), "0.000001");
        assert_eq!(
            format_json_float(1.2345678901234567e19).unwrap(),
            "12345678901234567000"
        );
        assert_eq!(format_json_float(-0.0).unwrap(), "-0");
        assert_eq!(format_json_float(1.5e-10).unwrap(), "1.5e-10");
    }
}
