//! Sprig's random functions: `randAlphaNum`, `randAlpha`, `randAscii`, `randNumeric`
//! (goutils' CryptoRandom over the OS generator), `randBytes` (base64 of random bytes) and
//! `uuidv4`. Tests check properties (length, alphabet, UUID shape), not values.

use base64::Engine as _;
use cw_template::{FuncError, Param, Signature, Value};
use rand::Rng;

use crate::lists::def;
use crate::Registry;

const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const NUM: &[u8] = b"0123456789";

/// The largest random string or byte count we generate (Go would try any size; a template must
/// not be able to exhaust memory).
pub(crate) const MAX_RANDOM: i64 = 16 << 20;

/// goutils' CryptoRandom: `count` characters drawn from `alphabet` ("" for count <= 0, as
/// Sprig drops goutils' negative-count error).
fn random_string(count: i64, alphabet: &[u8]) -> Result<String, FuncError> {
    if count <= 0 {
        return Ok(String::new());
    }
    if count > MAX_RANDOM {
        return Err(FuncError::msg(format!(
            "random string of {count} characters is larger than the limit of {MAX_RANDOM}"
        )));
    }
    let mut rng = rand::rngs::OsRng;
    Ok((0..count)
        .map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char)
        .collect())
}

/// A random UUID version 4 in canonical form.
pub(crate) fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn register(r: &mut Registry) {
    let int1 = Signature::typed(&[Param::Int], None);
    let alnum: Vec<u8> = [ALPHA, NUM].concat();
    let ascii: Vec<u8> = (32u8..=126).collect();
    for (name, sig, summary, example, alphabet) in [
        (
            "randAlphaNum",
            "randAlphaNum(count int) string",
            "`count` random letters and digits (crypto-grade).",
            "{{ randAlphaNum 8 }} → e.g. aZ3k9QpL",
            alnum,
        ),
        (
            "randAlpha",
            "randAlpha(count int) string",
            "`count` random ASCII letters.",
            "{{ randAlpha 5 }} → e.g. xKqzP",
            ALPHA.to_vec(),
        ),
        (
            "randAscii",
            "randAscii(count int) string",
            "`count` random printable ASCII characters (space to ~).",
            "{{ randAscii 5 }} → e.g. k#2 }",
            ascii,
        ),
        (
            "randNumeric",
            "randNumeric(count int) string",
            "`count` random digits.",
            "{{ randNumeric 4 }} → e.g. 0393",
            NUM.to_vec(),
        ),
    ] {
        def(
            r,
            name,
            int1.clone(),
            false,
            (sig, summary, example),
            move |_, a| {
                Ok(Value::string(random_string(
                    a[0].as_int().unwrap_or(0),
                    &alphabet,
                )?))
            },
        );
    }
    def(
        r,
        "randBytes",
        int1,
        false,
        (
            "randBytes(count int) (string, error)",
            "`count` random bytes, base64-encoded.",
            "{{ randBytes 3 }} → e.g. q0xT",
        ),
        |_, a| {
            let n = a[0].as_int().unwrap_or(0);
            if n < 0 {
                return Err(FuncError::msg("runtime error: makeslice: len out of range"));
            }
            if n > MAX_RANDOM {
                return Err(FuncError::msg(format!(
                    "randBytes: {n} bytes is larger than the limit of {MAX_RANDOM}"
                )));
            }
            let mut buf = vec![0u8; n as usize];
            rand::rngs::OsRng.fill(&mut buf[..]);
            Ok(Value::string(
                base64::engine::general_purpose::STANDARD.encode(&buf),
            ))
        },
    );
    def(
        r,
        "uuidv4",
        Signature::fixed(0),
        false,
        (
            "uuidv4() string",
            "A random (version 4) UUID.",
            "{{ uuidv4 }} → e.g. 3f0d2c1e-8b0a-4c55-9d1e-2a7b6c9e0f11",
        ),
        |_, _| Ok(Value::string(uuid_v4())),
    );
}
