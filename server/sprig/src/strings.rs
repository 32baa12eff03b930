//! Sprig's string functions (`trunc`, `title`, `quote`, `indent`, `snakecase`, `sha256sum`, ...),
//! with Go's Unicode rules (simple case mapping, `strings.Title`'s separators) and the byte-wise
//! quirks of Masterminds/goutils (`initials`, `nospace`, `wrap`) reproduced.

use cw_template::{FuncError, Function, Param, Signature, Value};
use sha2::Digest;
use unicode_general_category::{get_general_category, GeneralCategory as Gc};

use crate::conversion::{go_string, strval};
use crate::{FuncDoc, Registry};
use cw_template::gostr::go_bytes;

// ---------------------------------------------------------------------------------------------
// Go's unicode package.

/// `unicode.IsUpper` (category Lu).
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    get_general_category(c) == Gc::UppercaseLetter
}

/// `unicode.IsLower` (category Ll).
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    get_general_category(c) == Gc::LowercaseLetter
}

/// `unicode.IsTitle` (category Lt).
fn is_title(c: char) -> bool {
    !c.is_ascii() && get_general_category(c) == Gc::TitlecaseLetter
}

/// `unicode.IsLetter` (category L).
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
    )
}

/// `unicode.IsDigit` (category Nd).
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == Gc::DecimalNumber
}

/// `unicode.IsNumber` (category N).
fn is_number(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::DecimalNumber | Gc::LetterNumber | Gc::OtherNumber
    )
}

/// `unicode.IsPunct` (category P).
fn is_punct(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::ConnectorPunctuation
            | Gc::DashPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::OtherPunctuation
    )
}

/// `unicode.IsSpace`.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `unicode.ToUpper`: Unicode's simple (one-to-one) uppercase mapping.
pub(crate) fn to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => match c as u32 {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => {
                char::from_u32(c as u32 + 8).unwrap_or(c)
            }
            0x1FB3 => '\u{1FBC}',
            0x1FC3 => '\u{1FCC}',
            0x1FF3 => '\u{1FFC}',
            _ => c,
        },
    }
}

/// `unicode.ToLower`: Unicode's simple lowercase mapping.
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `unicode.ToTitle`: the titlecase of digraphs, Georgian letters kept, else uppercase.
fn to_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        '\u{10D0}'..='\u{10FA}' | '\u{10FD}'..='\u{10FF}' => c,
        _ => to_upper(c),
    }
}

/// Go's `strings.Title`: the first letter of every word, where words are separated by
/// anything but ASCII alphanumerics, `_`, letters and digits (and non-ASCII non-spaces).
fn title(s: &str) -> String {
    fn is_separator(r: char) -> bool {
        if r.is_ascii() {
            return !(r.is_ascii_alphanumeric() || r == '_');
        }
        if is_letter(r) || is_digit(r) {
            return false;
        }
        is_space(r)
    }
    let mut prev = ' ';
    s.chars()
        .map(|r| {
            let out = if is_separator(prev) { to_title(r) } else { r };
            prev = r;
            out
        })
        .collect()
}

/// The most bytes `repeat`/`indent` build (Go would try any size and run out of memory).
pub(crate) const MAX_REPEAT_BYTES: usize = 64 << 20;

/// Go's `strings.Repeat`, with its negative-count panic and a size bound.
pub(crate) fn go_repeat(s: &str, count: i64) -> Result<String, FuncError> {
    if count < 0 {
        return Err(FuncError::msg("strings: negative Repeat count"));
    }
    match (s.len() as u128).checked_mul(count as u128) {
        Some(n) if n <= MAX_REPEAT_BYTES as u128 => Ok(s.repeat(count as usize)),
        _ => Err(FuncError::msg("strings: Repeat output length overflow")),
    }
}

/// Go's `s[lo:hi]` on bytes (`None` = an omitted bound), with Go's runtime panic texts.
fn go_slice(s: &str, lo: Option<i64>, hi: Option<i64>) -> Result<String, FuncError> {
    let len = s.len() as i64;
    let l = lo.unwrap_or(0);
    let h = hi.unwrap_or(len);
    if let Some(h) = hi {
        if h < 0 {
            return Err(FuncError::msg(format!(
                "runtime error: slice bounds out of range [:{h}]"
            )));
        }
        if h > len {
            return Err(FuncError::msg(format!(
                "runtime error: slice bounds out of range [:{h}] with length {len}"
            )));
        }
    }
    if l < 0 || l > h {
        return Err(FuncError::msg(format!(
            "runtime error: slice bounds out of range [{l}:{h}]"
        )));
    }
    Ok(go_string(&s.as_bytes()[l as usize..h as usize]))
}

// ---------------------------------------------------------------------------------------------
// Masterminds/goutils.

/// goutils `AbbreviateFull` (byte offsets, as in Go).
fn abbreviate_full(s: &str, offset: i64, max_width: i64) -> Option<String> {
    if s.is_empty() {
        return Some(String::new());
    }
    if max_width < 4 {
        return None;
    }
    let b = s.as_bytes();
    let len = b.len() as i64;
    if len <= max_width {
        return Some(s.to_string());
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    let marker = "...";
    if offset <= 4 {
        return Some(go_string(&b[..(max_width - 3) as usize]) + marker);
    }
    if max_width < 7 {
        return None;
    }
    if offset + max_width - 3 < len {
        let rest = go_string(&b[offset as usize..]);
        let inner = abbreviate_full(&rest, 0, max_width - 3).unwrap_or_default();
        return Some(format!("{marker}{inner}"));
    }
    Some(format!(
        "{marker}{}",
        go_string(&b[(len - (max_width - 3)) as usize..])
    ))
}

/// A byte read as a rune (what goutils' byte loops do), and `unicode.IsSpace` of it.
fn byte_is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0)
}

/// goutils `Initials`: byte-wise, so a non-ASCII first letter comes out as Latin-1 mojibake.
fn initials(s: &str) -> String {
    let mut out = String::new();
    let mut last_was_gap = true;
    for &b in s.as_bytes() {
        if byte_is_space(b) {
            last_was_gap = true;
        } else if last_was_gap {
            out.push(char::from(b));
            last_was_gap = false;
        }
    }
    out
}

/// goutils `DeleteWhiteSpace`: byte-wise; the input is returned as is when nothing is removed.
fn delete_white_space(s: &str) -> String {
    if !s.bytes().any(byte_is_space) {
        return s.to_string();
    }
    s.bytes()
        .filter(|&b| !byte_is_space(b))
        .map(char::from)
        .collect()
}

/// goutils `SwapCase`: upper and title become lower; lower becomes title after whitespace,
/// upper elsewhere.
fn swap_case(s: &str) -> String {
    let mut whitespace = true;
    s.chars()
        .map(|ch| {
            if is_upper(ch) || is_title(ch) {
                whitespace = false;
                to_lower(ch)
            } else if is_lower(ch) {
                if whitespace {
                    whitespace = false;
                    to_title(ch)
                } else {
                    to_upper(ch)
                }
            } else {
                whitespace = is_space(ch);
                ch
            }
        })
        .collect()
}

/// goutils `Uncapitalize`: the first letter of every space-separated word lowered.
fn uncapitalize(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|ch| {
            if is_space(ch) {
                next = true;
                ch
            } else if next {
                next = false;
                to_lower(ch)
            } else {
                ch
            }
        })
        .collect()
}

/// goutils `WrapCustom` (byte offsets, as in Go).
fn wrap_custom(s: &str, wrap_length: i64, new_line: &str, wrap_long_words: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let new_line = if new_line.is_empty() { "\n" } else { new_line };
    let wrap = wrap_length.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut offset = 0usize;
    let mut out: Vec<u8> = Vec::with_capacity(len + 16);
    while len - offset > wrap {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = wrap + offset + 1;
        let space = b[offset..end].iter().rposition(|&c| c == b' ');
        if let Some(sp) = space {
            let at = sp + offset;
            out.extend_from_slice(&b[offset..at]);
            out.extend_from_slice(new_line.as_bytes());
            offset = at + 1;
        } else if wrap_long_words {
            let end = wrap + offset;
            out.extend_from_slice(&b[offset..end]);
            out.extend_from_slice(new_line.as_bytes());
            offset += wrap;
        } else {
            let end = wrap + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(i) => {
                    let at = i + end;
                    out.extend_from_slice(&b[offset..at]);
                    out.extend_from_slice(new_line.as_bytes());
                    offset = at + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    go_string(&out)
}

// ---------------------------------------------------------------------------------------------
// huandu/xstrings.

fn is_connector(r: char) -> bool {
    r == '-' || r == '_' || is_space(r)
}

/// xstrings' `isAlphabet`: a letter that is not a CJK ideograph.
fn is_alphabet(r: char) -> bool {
    if !is_letter(r) {
        return false;
    }
    !matches!(r as u32, 0x4E00..=0x9FCC | 0x3400..=0x4D85 | 0x20000..=0x2B81D)
}

/// xstrings' `toCamelCase(s, isBig=true)` (Sprig's `camelcase`).
fn to_camel_case(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    let mut r0 = '\0';
    let mut first_upper = false;
    let mut got = false;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_upper = is_upper(c);
            r0 = to_upper(c);
            got = true;
            break;
        }
        out.push(c);
    }
    if !got {
        // Go writes the last rune once more when the string is all connectors.
        if let Some(last) = s.chars().last() {
            out.push(last);
        }
        return out;
    }
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = is_upper(r0);
            r0 = to_upper(r0);
        } else {
            if first_upper {
                if is_upper(r0) {
                    r0 = to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alpha,
    Connector,
    Punct,
    Other,
}

fn first(s: &str) -> Option<(char, usize)> {
    s.chars().next().map(|c| (c, c.len_utf8()))
}

/// xstrings' `nextWord`.
fn next_word(s: &str) -> (Word, &str, &str) {
    let Some((r, size)) = first(s) else {
        return (Word::Invalid, "", "");
    };
    let mut offset = size;
    let mut remaining = &s[size..];
    let eat = |pred: &dyn Fn(char) -> bool, offset: &mut usize, remaining: &mut &str| {
        while let Some((c, n)) = first(remaining) {
            if !pred(c) {
                break;
            }
            *offset += n;
            *remaining = &remaining[n..];
        }
    };
    let wt = if is_connector(r) {
        eat(&is_connector, &mut offset, &mut remaining);
        Word::Connector
    } else if is_punct(r) {
        eat(&is_punct, &mut offset, &mut remaining);
        Word::Punct
    } else if is_upper(r) {
        if let Some((r2, n2)) = first(remaining) {
            if is_upper(r2) {
                let mut prev_size = n2;
                offset += n2;
                remaining = &remaining[n2..];
                let mut last = r2;
                while let Some((c, n)) = first(remaining) {
                    last = c;
                    if !is_upper(c) {
                        break;
                    }
                    prev_size = n;
                    offset += n;
                    remaining = &remaining[n..];
                }
                if !remaining.is_empty() && is_alphabet(last) {
                    offset -= prev_size;
                    remaining = &s[offset..];
                }
            } else if is_alphabet(r2) {
                offset += n2;
                remaining = &remaining[n2..];
                eat(
                    &|c| is_alphabet(c) && !is_upper(c),
                    &mut offset,
                    &mut remaining,
                );
            }
        }
        Word::Upper
    } else if is_alphabet(r) {
        eat(
            &|c| is_alphabet(c) && !is_upper(c),
            &mut offset,
            &mut remaining,
        );
        Word::Alpha
    } else if is_number(r) {
        eat(&is_number, &mut offset, &mut remaining);
        Word::Number
    } else {
        eat(
            &|c| !(is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c)),
            &mut offset,
            &mut remaining,
        );
        Word::Other
    };
    (wt, &s[..offset], remaining)
}

fn word_to_lower(buf: &mut String, wt: Word, s: &str, connector: char) {
    if wt != Word::Upper && wt != Word::Connector {
        buf.push_str(s);
        return;
    }
    for c in s.chars() {
        if is_connector(c) {
            buf.push(connector);
        } else if is_upper(c) {
            buf.push(to_lower(c));
        } else {
            buf.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase` (`snakecase` with `_`, `kebabcase` with `-`).
fn camel_to_lower(s: &str, conn: char) -> String {
    use Word::*;
    let mut buf = String::with_capacity(s.len() + 4);
    let (mut wt, mut word, mut remaining) = next_word(s);
    while !remaining.is_empty() {
        if wt != Connector {
            word_to_lower(&mut buf, wt, word, conn);
        }
        let prev = wt;
        let last = word;
        (wt, word, remaining) = next_word(remaining);
        match prev {
            Number => {
                while wt == Alpha || wt == Number {
                    word_to_lower(&mut buf, wt, word, conn);
                    (wt, word, remaining) = next_word(remaining);
                }
                if wt != Invalid && wt != Punct && wt != Connector {
                    buf.push(conn);
                }
            }
            Connector => word_to_lower(&mut buf, prev, last, conn),
            Punct => {}
            _ => {
                if wt != Number {
                    if wt != Connector && wt != Punct {
                        buf.push(conn);
                    }
                    continue;
                }
                if remaining.is_empty() {
                    continue;
                }
                let last = word;
                (wt, word, remaining) = next_word(remaining);
                if wt != Alpha {
                    word_to_lower(&mut buf, Number, last, conn);
                    if wt != Connector && wt != Punct {
                        buf.push(conn);
                    }
                    continue;
                }
                buf.push(conn);
                word_to_lower(&mut buf, Number, last, conn);
                while wt == Alpha || wt == Number {
                    word_to_lower(&mut buf, wt, word, conn);
                    (wt, word, remaining) = next_word(remaining);
                }
                if wt != Invalid && wt != Connector && wt != Punct {
                    buf.push(conn);
                }
            }
        }
    }
    word_to_lower(&mut buf, wt, word, conn);
    buf
}

/// xstrings `Shuffle`: a Fisher-Yates shuffle of the runes.
fn shuffle(s: &str) -> String {
    let mut runes: Vec<char> = s.chars().collect();
    for i in (1..runes.len()).rev() {
        let j = fastrand::usize(..=i);
        runes.swap(i, j);
    }
    runes.into_iter().collect()
}

// ---------------------------------------------------------------------------------------------
// Registration.

fn s(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

fn n(args: &[Value], i: usize) -> i64 {
    args.get(i).and_then(Value::as_int).unwrap_or(0)
}

fn string_fn(f: impl Fn(&str) -> String + Send + Sync + 'static) -> Function {
    Function::new(Signature::typed(&[Param::String], None), move |_, a| {
        Ok(Value::string(f(s(&a, 0))))
    })
}

/// `func(a, b string) string` applied as `f(b, a)` (Sprig's "switched order" functions).
fn swapped_fn(f: impl Fn(&str, &str) -> Value + Send + Sync + 'static) -> Function {
    Function::new(
        Signature::typed(&[Param::String, Param::String], None),
        move |_, a| Ok(f(s(&a, 1), s(&a, 0))),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[allow(clippy::too_many_lines)]
pub(crate) fn register(r: &mut Registry) {
    use Param::{Any, Int, String as Str};
    let f = &mut r.funcs;
    f.insert(
        "hello",
        Function::new(Signature::fixed(0), |_, _| Ok(Value::str("Hello!"))),
    );
    f.insert(
        "abbrev",
        Function::new(Signature::typed(&[Int, Str], None), |_, a| {
            let (w, text) = (n(&a, 0), s(&a, 1));
            if w < 4 {
                return Ok(Value::str(text));
            }
            Ok(Value::string(
                abbreviate_full(text, 0, w).unwrap_or_default(),
            ))
        }),
    );
    f.insert(
        "abbrevboth",
        Function::new(Signature::typed(&[Int, Int, Str], None), |_, a| {
            let (left, right, text) = (n(&a, 0), n(&a, 1), s(&a, 2));
            if right < 4 || left > 0 && right < 7 {
                return Ok(Value::str(text));
            }
            Ok(Value::string(
                abbreviate_full(text, left, right).unwrap_or_default(),
            ))
        }),
    );
    f.insert(
        "trunc",
        Function::new(Signature::typed(&[Int, Str], None), |_, a| {
            let (c, text) = (n(&a, 0), s(&a, 1));
            let len = text.len() as i64;
            let b = text.as_bytes();
            if c < 0 && len + c > 0 {
                return Ok(Value::string(go_string(&b[(len + c) as usize..])));
            }
            if c >= 0 && len > c {
                return Ok(Value::string(go_string(&b[..c as usize])));
            }
            Ok(Value::str(text))
        }),
    );
    f.insert("trim", string_fn(|x| x.trim_matches(is_space).to_string()));
    f.insert("upper", string_fn(|x| x.chars().map(to_upper).collect()));
    f.insert("lower", string_fn(|x| x.chars().map(to_lower).collect()));
    f.insert("title", string_fn(title));
    f.insert("untitle", string_fn(uncapitalize));
    f.insert(
        "substr",
        Function::new(Signature::typed(&[Int, Int, Str], None), |_, a| {
            let (start, end, text) = (n(&a, 0), n(&a, 1), s(&a, 2));
            let out = if start < 0 {
                go_slice(text, None, Some(end))?
            } else if end < 0 || end > text.len() as i64 {
                go_slice(text, Some(start), None)?
            } else {
                go_slice(text, Some(start), Some(end))?
            };
            Ok(Value::string(out))
        }),
    );
    f.insert(
        "repeat",
        Function::new(Signature::typed(&[Int, Str], None), |_, a| {
            Ok(Value::string(go_repeat(s(&a, 1), n(&a, 0))?))
        }),
    );
    for name in ["trimall", "trimAll"] {
        f.insert(
            name,
            swapped_fn(|text, cutset| {
                Value::string(text.trim_matches(|c| cutset.contains(c)).to_string())
            }),
        );
    }
    f.insert(
        "trimSuffix",
        swapped_fn(|text, suf| Value::str(text.strip_suffix(suf).unwrap_or(text))),
    );
    f.insert(
        "trimPrefix",
        swapped_fn(|text, pre| Value::str(text.strip_prefix(pre).unwrap_or(text))),
    );
    f.insert("nospace", string_fn(delete_white_space));
    f.insert("initials", string_fn(initials));
    f.insert("swapcase", string_fn(swap_case));
    f.insert("shuffle", string_fn(shuffle));
    f.insert("snakecase", string_fn(|x| camel_to_lower(x, '_')));
    f.insert("camelcase", string_fn(to_camel_case));
    f.insert("kebabcase", string_fn(|x| camel_to_lower(x, '-')));
    f.insert(
        "wrap",
        Function::new(Signature::typed(&[Int, Str], None), |_, a| {
            Ok(Value::string(wrap_custom(s(&a, 1), n(&a, 0), "", false)))
        }),
    );
    f.insert(
        "wrapWith",
        Function::new(Signature::typed(&[Int, Str, Str], None), |_, a| {
            Ok(Value::string(wrap_custom(
                s(&a, 2),
                n(&a, 0),
                s(&a, 1),
                true,
            )))
        }),
    );
    f.insert(
        "contains",
        swapped_fn(|text, sub| Value::Bool(text.contains(sub))),
    );
    f.insert(
        "hasPrefix",
        swapped_fn(|text, p| Value::Bool(text.starts_with(p))),
    );
    f.insert(
        "hasSuffix",
        swapped_fn(|text, p| Value::Bool(text.ends_with(p))),
    );
    f.insert(
        "quote",
        Function::new(Signature::typed(&[], Some(Any)), |_, a| {
            let out: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| cw_template::fmt::quote(strval(v).as_bytes(), false))
                .collect();
            Ok(Value::string(out.join(" ")))
        }),
    );
    f.insert(
        "squote",
        Function::new(Signature::typed(&[], Some(Any)), |_, a| {
            let out: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| cw_template::fmt::sprintf("'%v'", std::slice::from_ref(v)))
                .collect();
            Ok(Value::string(out.join(" ")))
        }),
    );
    f.insert(
        "cat",
        Function::new(Signature::typed(&[], Some(Any)), |_, a| {
            let v: Vec<Value> = a.into_iter().filter(|v| !v.is_nil()).collect();
            let format = vec!["%v"; v.len()].join(" ");
            Ok(Value::string(cw_template::fmt::sprintf(&format, &v)))
        }),
    );
    f.insert(
        "indent",
        Function::new(Signature::typed(&[Int, Str], None), |_, a| {
            Ok(Value::string(indent(n(&a, 0), s(&a, 1))?))
        }),
    );
    f.insert(
        "nindent",
        Function::new(Signature::typed(&[Int, Str], None), |_, a| {
            Ok(Value::string(format!("\n{}", indent(n(&a, 0), s(&a, 1))?)))
        }),
    );
    f.insert(
        "replace",
        Function::new(Signature::typed(&[Str, Str, Str], None), |_, a| {
            Ok(Value::string(go_replace(s(&a, 2), s(&a, 0), s(&a, 1))?))
        }),
    );
    f.insert(
        "plural",
        Function::new(Signature::typed(&[Str, Str, Int], None), |_, a| {
            Ok(Value::str(if n(&a, 2) == 1 { s(&a, 0) } else { s(&a, 1) }))
        }),
    );
    f.insert(
        "sha1sum",
        string_fn(|x| hex(&sha1::Sha1::digest(go_bytes(x)))),
    );
    f.insert(
        "sha256sum",
        string_fn(|x| hex(&sha2::Sha256::digest(go_bytes(x)))),
    );
    f.insert(
        "sha512sum",
        string_fn(|x| hex(&sha2::Sha512::digest(go_bytes(x)))),
    );
    f.insert(
        "adler32sum",
        string_fn(|x| adler2::adler32_slice(&go_bytes(x)).to_string()),
    );
    f.insert(
        "toString",
        Function::new(Signature::fixed(1), |_, a| Ok(Value::string(strval(&a[0])))),
    );
    docs(r);
}

/// Sprig's `indent`: the pad before the text and after every newline.
fn indent(spaces: i64, v: &str) -> Result<String, FuncError> {
    let pad = go_repeat(" ", spaces)?;
    let lines = v.matches('\n').count();
    if pad.len().saturating_mul(lines + 1) + v.len() > MAX_REPEAT_BYTES {
        return Err(FuncError::msg("strings: Repeat output length overflow"));
    }
    Ok(format!("{pad}{}", v.replace('\n', &format!("\n{pad}"))))
}

/// Go's `strings.Replace(s, old, new, -1)` (an empty `old` matches before every rune and at
/// the end).
/// Go's `strings.Replace(src, old, new, -1)`. An output over [`MAX_REPEAT_BYTES`] is an error
/// instead (Go would build it until memory runs out): each call multiplies its input by up to
/// `new`'s length, so a few calls in a `range` would build terabytes.
fn go_replace(src: &str, old: &str, new: &str) -> Result<String, FuncError> {
    let len = if old.is_empty() {
        (src.chars().count() as u128 + 1) * new.len() as u128 + src.len() as u128
    } else if new.len() > old.len() {
        let count = src.matches(old).count() as u128;
        src.len() as u128 + count * (new.len() - old.len()) as u128
    } else {
        0
    };
    if len > MAX_REPEAT_BYTES as u128 {
        return Err(FuncError::msg("strings: Replace output length overflow"));
    }
    if !old.is_empty() {
        return Ok(src.replace(old, new));
    }
    let mut out = String::with_capacity(src.len() + new.len() * (src.len() + 1));
    out.push_str(new);
    for c in src.chars() {
        out.push(c);
        out.push_str(new);
    }
    Ok(out)
}

fn docs(r: &mut Registry) {
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        ("hello", "hello() string", "Returns `Hello!`.", "{{ hello }} → Hello!"),
        ("abbrev", "abbrev(width int, s string) string", "Truncates a string to width bytes with an ellipsis (`...`); widths below 4 leave it unchanged.", "{{ abbrev 5 \"hello world\" }} → he..."),
        ("abbrevboth", "abbrevboth(left, right int, s string) string", "Abbreviates both sides: skips `left` bytes and keeps `right` bytes with ellipses.", "{{ abbrevboth 5 10 \"1234 5678 9123\" }} → ...5678..."),
        ("trunc", "trunc(c int, s string) string", "Keeps the first c bytes, or the last -c bytes for a negative c.", "{{ trunc 5 \"hello world\" }} → hello"),
        ("trim", "trim(s string) string", "Removes leading and trailing whitespace.", "{{ trim \"  hi \" }} → hi"),
        ("upper", "upper(s string) string", "Converts to uppercase.", "{{ upper \"hello\" }} → HELLO"),
        ("lower", "lower(s string) string", "Converts to lowercase.", "{{ lower \"HELLO\" }} → hello"),
        ("title", "title(s string) string", "Upper-cases the first letter of every word (Go's strings.Title).", "{{ title \"hello world\" }} → Hello World"),
        ("untitle", "untitle(s string) string", "Lower-cases the first letter of every word.", "{{ untitle \"Hello World\" }} → hello world"),
        ("substr", "substr(start, end int, s string) string", "Bytes from start to end; a negative start means from 0, a negative or too large end means to the end. Out-of-range starts fail.", "{{ substr 0 5 \"hello world\" }} → hello"),
        ("repeat", "repeat(count int, s string) string", "Repeats a string count times.", "{{ repeat 3 \"ab\" }} → ababab"),
        ("trimall", "trimall(cutset, s string) string", "Deprecated alias of trimAll.", "{{ trimall \"$\" \"$5.00$\" }} → 5.00"),
        ("trimAll", "trimAll(cutset, s string) string", "Removes every character of the cutset from both ends.", "{{ trimAll \"$\" \"$5.00$\" }} → 5.00"),
        ("trimSuffix", "trimSuffix(suffix, s string) string", "Removes a suffix if present.", "{{ trimSuffix \"-\" \"hello-\" }} → hello"),
        ("trimPrefix", "trimPrefix(prefix, s string) string", "Removes a prefix if present.", "{{ trimPrefix \"-\" \"-hello\" }} → hello"),
        ("nospace", "nospace(s string) string", "Removes all whitespace.", "{{ nospace \"h e l l o\" }} → hello"),
        ("initials", "initials(s string) string", "The first letter of every word.", "{{ initials \"First Try\" }} → FT"),
        ("swapcase", "swapcase(s string) string", "Swaps upper and lower case (title case after whitespace).", "{{ swapcase \"This Is\" }} → tHIS iS"),
        ("shuffle", "shuffle(s string) string", "Shuffles the characters randomly.", "{{ shuffle \"hello\" }} → oelhl"),
        ("snakecase", "snakecase(s string) string", "Converts camelCase and words to snake_case.", "{{ snakecase \"FirstName\" }} → first_name"),
        ("camelcase", "camelcase(s string) string", "Converts snake_case, kebab-case and words to CamelCase.", "{{ camelcase \"http_server\" }} → HttpServer"),
        ("kebabcase", "kebabcase(s string) string", "Converts camelCase and words to kebab-case.", "{{ kebabcase \"FirstName\" }} → first-name"),
        ("wrap", "wrap(length int, s string) string", "Wraps text at a column count (long words are kept whole).", "{{ wrap 5 \"Hello World\" }} → Hello\\nWorld"),
        ("wrapWith", "wrapWith(length int, sep, s string) string", "Wraps text at a column count with a custom separator, breaking long words.", "{{ wrapWith 5 \"\\t\" \"Hello World\" }} → Hello\\tWorld"),
        ("contains", "contains(substr, s string) bool", "Whether s contains substr.", "{{ contains \"cat\" \"catch\" }} → true"),
        ("hasPrefix", "hasPrefix(prefix, s string) bool", "Whether s starts with prefix.", "{{ hasPrefix \"cat\" \"catch\" }} → true"),
        ("hasSuffix", "hasSuffix(suffix, s string) bool", "Whether s ends with suffix.", "{{ hasSuffix \"tch\" \"catch\" }} → true"),
        ("quote", "quote(v ...interface{}) string", "Each argument as a double-quoted Go string, space-separated; nil arguments are dropped.", "{{ quote \"a\" 1 }} → \"a\" \"1\""),
        ("squote", "squote(v ...interface{}) string", "Each argument in single quotes (no escaping), space-separated; nil arguments are dropped.", "{{ squote \"a\" }} → 'a'"),
        ("cat", "cat(v ...interface{}) string", "Joins the arguments with spaces; nil arguments are dropped.", "{{ cat \"hello\" \"world\" }} → hello world"),
        ("indent", "indent(spaces int, s string) string", "Indents every line by the given number of spaces.", "{{ indent 2 \"a\\nb\" }} → \"  a\\n  b\""),
        ("nindent", "nindent(spaces int, s string) string", "Like indent, with a newline first.", "{{ nindent 2 \"a\" }} → \"\\n  a\""),
        ("replace", "replace(old, new, s string) string", "Replaces every occurrence of old with new.", "{{ replace \" \" \"-\" \"a b\" }} → a-b"),
        ("plural", "plural(one, many string, count int) string", "one when count is 1, else many.", "{{ plural \"file\" \"files\" 2 }} → files"),
        ("sha1sum", "sha1sum(s string) string", "Hex SHA-1 digest.", "{{ sha1sum \"hello\" }} → aaf4c61d..."),
        ("sha256sum", "sha256sum(s string) string", "Hex SHA-256 digest.", "{{ sha256sum \"hello\" }} → 2cf24dba..."),
        ("sha512sum", "sha512sum(s string) string", "Hex SHA-512 digest.", "{{ sha512sum \"hello\" }} → 9b71d224..."),
        ("adler32sum", "adler32sum(s string) string", "Adler-32 checksum in decimal.", "{{ adler32sum \"hello\" }} → 103547413"),
        ("toString", "toString(v interface{}) string", "Converts any value to a string (`%v`; nil is `<nil>`).", "{{ toString 1.5 }} → 1.5"),
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
    fn replace_refuses_outputs_over_the_repeat_limit() {
        assert_eq!(go_replace("a-b-c", "-", "+").unwrap(), "a+b+c");
        assert_eq!(go_replace("ab", "", "-").unwrap(), "-a-b-");
        assert_eq!(go_replace("aaaa", "aa", "").unwrap(), "");
        let big = "x".repeat(1 << 20);
        let e = go_replace(&big, "x", &"y".repeat(100)).unwrap_err();
        assert!(
            format!("{e:?}").contains("Replace output length overflow"),
            "{e:?}"
        );
        assert!(go_replace(&big, "", &"y".repeat(100)).is_err());
        // Shrinking or same-length replacements are never refused.
        assert_eq!(go_replace(&big, "x", "y").unwrap().len(), 1 << 20);
    }

    #[test]
    fn shuffle_is_pinned_by_the_seed() {
        fastrand::seed(7);
        let a = shuffle("abcdefgh");
        fastrand::seed(7);
        let b = shuffle("abcdefgh");
        assert_eq!(a, b);
        let mut sorted: Vec<char> = a.chars().collect();
        sorted.sort_unstable();
        assert_eq!(sorted.into_iter().collect::<String>(), "abcdefgh");
    }

    #[test]
    fn case_conversions() {
        assert_eq!(camel_to_lower("HTTP20xOK", '_'), "http_20x_ok");
        assert_eq!(camel_to_lower("Bld4Floor3rd", '_'), "bld4_floor_3rd");
        assert_eq!(camel_to_lower("Duration2m3s", '-'), "duration-2m3s");
        assert_eq!(camel_to_lower("NoHTTPS", '_'), "no_https");
        assert_eq!(to_camel_case("_complex__case_"), "_Complex_Case_");
        assert_eq!(to_camel_case("GOLANG_IS_GREAT"), "GolangIsGreat");
    }
}
