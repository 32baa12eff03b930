//! Sprig's crypto functions: `bcrypt`, `htpasswd`, `derivePassword` (the Master Password
//! algorithm: scrypt + HMAC-SHA256 over templates), `encryptAES`/`decryptAES` (AES-256-CBC,
//! PKCS#7 padding, random IV prepended, base64).
//!
//! Not provided yet: `genPrivateKey` and the certificate functions (`genCA`, `genSelfSignedCert`,
//! `genSignedCert`, their `WithKey` forms, `buildCustomCert`).

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine as _;
use cw_template::{FuncError, Param, Signature, Value};
use hmac::Mac;
use rand::RngCore;

use crate::lists::def;
use crate::Registry;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Sprig's `bcrypt`: cost 10, `$2a$` prefix.
fn bcrypt_hash(input: &str) -> String {
    match bcrypt::hash_with_result(input, 10) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

const SEED: &str = "com.lyndir.masterpassword";

fn templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_chars(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// The Master Password algorithm as Sprig implements it.
fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(temps) = templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut salt = SEED.as_bytes().to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let mut key = [0u8; 64];
    let params = match scrypt::Params::new(15, 8, 2, 64) {
        Ok(p) => p,
        Err(e) => return format!("failed to derive password: {e}"),
    };
    if let Err(e) = scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key) {
        return format!("failed to derive password: {e}");
    }
    let mut msg = SEED.as_bytes().to_vec();
    msg.extend_from_slice(&(site.len() as u32).to_be_bytes());
    msg.extend_from_slice(site.as_bytes());
    msg.extend_from_slice(&counter.to_be_bytes());
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key) else {
        return "failed to derive password".into();
    };
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();
    let temp = temps[seed[0] as usize % temps.len()].as_bytes();
    temp.iter()
        .enumerate()
        .map(|(i, &c)| {
            let chars = template_chars(c);
            chars[seed[i + 1] as usize % chars.len()] as char
        })
        .collect()
}

type Enc = cbc::Encryptor<aes::Aes256>;
type Dec = cbc::Decryptor<aes::Aes256>;

fn aes_key(password: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    key
}

fn encrypt_aes(password: &str, plaintext: &str) -> String {
    if plaintext.is_empty() {
        return String::new();
    }
    let mut iv = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut iv);
    let msg = plaintext.as_bytes();
    let mut buf = vec![0u8; (msg.len() / 16 + 1) * 16];
    buf[..msg.len()].copy_from_slice(msg);
    let Ok(ct) = Enc::new(&aes_key(password).into(), &iv.into())
        .encrypt_padded_mut::<cbc::cipher::block_padding::Pkcs7>(&mut buf, msg.len())
    else {
        return String::new();
    };
    let mut out = iv.to_vec();
    out.extend_from_slice(ct);
    B64.encode(out)
}

/// Go's base64 error text (`illegal base64 data at input byte N`).
fn go_b64_decode(s: &str) -> Result<Vec<u8>, String> {
    B64.decode(s).map_err(|e| {
        let at = match e {
            base64::DecodeError::InvalidByte(i, _) => i,
            base64::DecodeError::InvalidLastSymbol(i, _) => i,
            base64::DecodeError::InvalidLength(n) => n - n % 4,
            base64::DecodeError::InvalidPadding => s.len().saturating_sub(1),
        };
        format!("illegal base64 data at input byte {at}")
    })
}

fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = go_b64_decode(crypt64)?;
    if crypt.len() < 16 {
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt.len()
        ));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let mut buf = body.to_vec();
    let iv: [u8; 16] = iv.try_into().map_err(|_| "bad iv".to_string())?;
    let dec = Dec::new(&aes_key(password).into(), &iv.into())
        .decrypt_padded_mut::<cbc::cipher::block_padding::NoPadding>(&mut buf)
        .map_err(|_| "crypto/cipher: input not full blocks".to_string())?;
    let n = dec.len();
    if n == 0 {
        return Err("runtime error: index out of range [-1]".into());
    }
    let pad = dec[n - 1] as usize;
    if pad > n {
        return Err(format!(
            "runtime error: slice bounds out of range [:{}]",
            n as i64 - pad as i64
        ));
    }
    Ok(String::from_utf8_lossy(&dec[..n - pad]).into_owned())
}

fn sv(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub(crate) fn register(r: &mut Registry) {
    use Param::String as Str;
    def(
        r,
        "bcrypt",
        Signature::typed(&[Str], None),
        false,
        (
            "bcrypt(input string) string",
            "A bcrypt hash (cost 10, $2a$) of the input.",
            "{{ bcrypt \"password\" }} → $2a$10$...",
        ),
        |_, a| Ok(Value::string(bcrypt_hash(sv(&a[0])))),
    );
    def(
        r,
        "htpasswd",
        Signature::typed(&[Str, Str], None),
        false,
        (
            "htpasswd(username string, password string) string",
            "An htpasswd line `user:bcrypt-hash`; a username with `:` gives an error text.",
            "{{ htpasswd \"user\" \"password\" }} → user:$2a$10$...",
        ),
        |_, a| {
            let user = sv(&a[0]);
            Ok(Value::string(if user.contains(':') {
                format!("invalid username: {user}")
            } else {
                format!("{user}:{}", bcrypt_hash(sv(&a[1])))
            }))
        },
    );
    def(
        r,
        "derivePassword",
        Signature::typed(&[Param::Int, Str, Str, Str, Str], None),
        false,
        (
            "derivePassword(counter uint32, passwordType string, password string, user string, site string) string",
            "A site password derived with the Master Password algorithm (types: maximum, long, medium, short, basic, pin).",
            "{{ derivePassword 1 \"long\" \"password\" \"user\" \"example.com\" }} → ZedaFaxcZaso9*",
        ),
        |_, a| {
            Ok(Value::string(derive_password(
                a[0].as_int().unwrap_or(0) as u32,
                sv(&a[1]),
                sv(&a[2]),
                sv(&a[3]),
                sv(&a[4]),
            )))
        },
    );
    def(
        r,
        "encryptAES",
        Signature::typed(&[Str, Str], None),
        false,
        (
            "encryptAES(password string, plaintext string) (string, error)",
            "AES-256-CBC encryption with a random IV, base64-encoded (the password is the key, zero-padded or cut to 32 bytes).",
            "{{ encryptAES \"secretkey\" \"plaintext\" }} → base64 text",
        ),
        |_, a| Ok(Value::string(encrypt_aes(sv(&a[0]), sv(&a[1])))),
    );
    def(
        r,
        "decryptAES",
        Signature::typed(&[Str, Str], None),
        false,
        (
            "decryptAES(password string, crypt64 string) (string, error)",
            "Decrypts encryptAES output.",
            "{{ encryptAES \"k\" \"x\" | decryptAES \"k\" }} → x",
        ),
        |_, a| {
            decrypt_aes(sv(&a[0]), sv(&a[1]))
                .map(Value::string)
                .map_err(FuncError::msg)
        },
    );
}
