//! Sprig's encoding functions: `b64enc`/`b64dec` and `b32enc`/`b32dec` with Go's standard
//! (padded) alphabets. Decoding errors are returned as the text, as Sprig does
//! (`illegal base64 data at input byte 4`), with Go's byte positions.

use base64::Engine;
use cw_template::{Function, Param, Signature, Value};

use crate::conversion::go_string;
use crate::{FuncDoc, Registry};
use cw_template::gostr::go_bytes;

fn b64_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some((c - b'A') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 26),
        b'0'..=b'9' => Some((c - b'0') as u32 + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Go's `base64.StdEncoding.DecodeString` (newlines ignored, padding required): the bytes
/// decoded, or the offset Go's `CorruptInputError` reports.
pub(crate) fn b64_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0usize;
    loop {
        let mut dbuf = [0u32; 4];
        let mut dlen = 4;
        let mut j = 0usize;
        let mut trailing_err = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = b64_value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                trailing_err = Some(si);
            }
            dlen = j;
            break;
        }
        let val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(e) = trailing_err {
            return Err(e);
        }
        if dlen < 4 {
            return Ok(out);
        }
    }
}

fn b32_value(c: u8) -> Option<u64> {
    match c {
        b'A'..=b'Z' => Some((c - b'A') as u64),
        b'2'..=b'7' => Some((c - b'2') as u64 + 26),
        _ => None,
    }
}

/// Go's `base32.StdEncoding.DecodeString` (newlines stripped first, padding required).
pub(crate) fn b32_decode(input: &[u8]) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = input
        .iter()
        .copied()
        .filter(|&c| c != b'\n' && c != b'\r')
        .collect();
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::new();
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut dbuf = [0u64; 8];
        let mut dlen = 8;
        let mut j = 0usize;
        while j < 8 {
            if rest.is_empty() {
                return Err(olen - rest.len() - j);
            }
            let c = rest[0];
            rest = &rest[1..];
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 8 - 1 {
                    return Err(olen);
                }
                for k in 0..8 - 1 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return Err(olen - rest.len() + k - 1);
                    }
                }
                dlen = j;
                end = true;
                if dlen == 1 || dlen == 3 || dlen == 6 {
                    return Err(olen - rest.len() - 1);
                }
                break;
            }
            match b32_value(c) {
                Some(v) => dbuf[j] = v,
                None => return Err(olen - rest.len() - 1),
            }
            j += 1;
        }
        let val = dbuf.iter().fold(0u64, |acc, &v| acc << 5 | v);
        let bytes = val.to_be_bytes();
        let n = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(&bytes[3..3 + n]);
    }
    Ok(out)
}

fn string_fn(f: fn(&str) -> String) -> Function {
    Function::new(Signature::typed(&[Param::String], None), move |_, a| {
        Ok(Value::string(f(a[0].as_str().unwrap_or(""))))
    })
}

pub(crate) fn register(r: &mut Registry) {
    let f = &mut r.funcs;
    f.insert(
        "b64enc",
        string_fn(|s| base64::engine::general_purpose::STANDARD.encode(go_bytes(s))),
    );
    f.insert(
        "b64dec",
        string_fn(|s| match b64_decode(s.as_bytes()) {
            Ok(b) => go_string(&b),
            Err(at) => format!("illegal base64 data at input byte {at}"),
        }),
    );
    f.insert(
        "b32enc",
        string_fn(|s| data_encoding::BASE32.encode(&go_bytes(s))),
    );
    f.insert(
        "b32dec",
        string_fn(|s| match b32_decode(s.as_bytes()) {
            Ok(b) => go_string(&b),
            Err(at) => format!("illegal base32 data at input byte {at}"),
        }),
    );
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        (
            "b64enc",
            "b64enc(s string) string",
            "Base64 (standard, padded).",
            "{{ b64enc \"hello\" }} → aGVsbG8=",
        ),
        (
            "b64dec",
            "b64dec(s string) string",
            "Decodes base64; invalid input returns the error text instead of failing.",
            "{{ b64dec \"aGVsbG8=\" }} → hello",
        ),
        (
            "b32enc",
            "b32enc(s string) string",
            "Base32 (standard, padded).",
            "{{ b32enc \"hello\" }} → NBSWY3DP",
        ),
        (
            "b32dec",
            "b32dec(s string) string",
            "Decodes base32; invalid input returns the error text instead of failing.",
            "{{ b32dec \"NBSWY3DP\" }} → hello",
        ),
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
    fn decode_errors_at_go_offsets() {
        assert_eq!(b64_decode(b"aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(b64_decode(b"aGVsbG8"), Err(4));
        assert_eq!(b64_decode(b"aGVs bG8="), Err(4));
        assert_eq!(b32_decode(b"NBSWY3DP"), Ok(b"hello".to_vec()));
        assert_eq!(b32_decode(b"NBSWY3D"), Err(0));
        assert_eq!(b32_decode(b"MZXW6==="), Ok(b"foo".to_vec()));
    }
}
