//! Go strings are byte strings; chartwright's strings are UTF-8 text. A byte of a Go string that is
//! not part of valid UTF-8 (a binary file read with `.Files.Get`, `b64dec` of binary data) is
//! carried as a code point of the last private-use plane, U+10FF00 + byte, so the functions that
//! read a string's bytes (`b64enc`, `sha256sum`, `len`...) see the bytes Go sees. Output shows
//! each carried byte as U+FFFD, as a UTF-8 reader of Go's output does.

use std::borrow::Cow;

const BASE: u32 = 0x10FF00;

/// Go's `string(b)`: valid UTF-8 as it is, every other byte carried.
pub fn from_go_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    let mut rest = b;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                // The prefix is valid UTF-8 by construction.
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                out.extend(char::from_u32(BASE + u32::from(rest[valid])));
                rest = &rest[valid + 1..];
            }
        }
    }
    out
}

/// Whether `s` carries any byte (the first byte of U+10FFxx in UTF-8 is 0xF4).
#[inline]
fn carries(s: &str) -> bool {
    s.as_bytes().contains(&0xF4) && s.chars().any(|c| u32::from(c) >= BASE)
}

/// The bytes of the Go string `s` stands for.
pub fn go_bytes(s: &str) -> Cow<'_, [u8]> {
    if !carries(s) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        match u32::from(c).checked_sub(BASE) {
            Some(b) => out.push(b as u8),
            None => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    Cow::Owned(out)
}

/// Go's `len` of the string `s` stands for.
pub fn go_len(s: &str) -> usize {
    if !carries(s) {
        return s.len();
    }
    go_bytes(s).len()
}

/// Replaces every carried byte of `text` with U+FFFD (rendered output).
pub fn printable(text: &mut String) {
    if carries(text) {
        *text = text
            .chars()
            .map(|c| if u32::from(c) >= BASE { '\u{FFFD}' } else { c })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_print_as_replacement_characters() {
        let raw = b"\xff\xfebin \xc3\xa9 \xe2\x82";
        let s = from_go_bytes(raw);
        assert_eq!(go_bytes(&s).as_ref(), raw);
        assert_eq!(go_len(&s), raw.len());
        let mut shown = s.clone();
        printable(&mut shown);
        assert_eq!(shown, "\u{FFFD}\u{FFFD}bin \u{e9} \u{FFFD}\u{FFFD}");
        assert_eq!(from_go_bytes(b"plain"), "plain");
        assert!(matches!(go_bytes("plain"), Cow::Borrowed(_)));
    }
}
