//! Sprig's crypto functions: `bcrypt`, `htpasswd`, `derivePassword` (the Master Password
//! algorithm: scrypt + HMAC-SHA256 over templates), `encryptAES`/`decryptAES` (AES-256-CBC,
//! PKCS#7 padding, random IV prepended, base64).
//!
//! `genPrivateKey` (RSA 4096 as PKCS#1, DSA L2048N256 as OpenSSL's `DSA PRIVATE KEY`, ECDSA
//! P-256 as SEC1, Ed25519 as PKCS#8) and the
//! certificate functions (`genCA`, `genSelfSignedCert`, `genSignedCert`, their `WithKey` forms,
//! `buildCustomCert`) with the templates Sprig uses: random 128-bit serial, CN subject, IP and
//! DNS SANs, `daysValid` from now, digital-signature + key-encipherment usage (+ cert-sign for a
//! CA), server and client auth. Certificates are `sprig.certificate` objects with `.Cert` and
//! `.Key` PEM fields.

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine as _;
use cw_template::{FuncError, Param, Signature, Value};
use hmac::Mac;
use rand::RngCore;

use crate::dicts::strval;
use crate::lists::{def, slice_items};
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

/// A private key of a kind Sprig generates or parses.
enum PrivKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    Ec(p256::SecretKey),
    Ed(ed25519_dalek::SigningKey),
}

impl PrivKey {
    /// Sprig's `pemBlockForKey`.
    fn pem(&self) -> Result<String, String> {
        use p256::pkcs8::EncodePrivateKey as _;
        use rsa::pkcs1::EncodeRsaPrivateKey as _;
        let le = rsa::pkcs8::LineEnding::LF;
        match self {
            PrivKey::Rsa(k) => k
                .to_pkcs1_pem(le)
                .map(|p| p.to_string())
                .map_err(|e| e.to_string()),
            PrivKey::Ec(k) => k
                .to_sec1_pem(le)
                .map(|p| p.to_string())
                .map_err(|e| e.to_string()),
            PrivKey::Ed(k) => k
                .to_pkcs8_pem(le)
                .map(|p| p.to_string())
                .map_err(|e| e.to_string()),
        }
        .map_err(|e| format!("error pem-encoding key: {e}"))
    }

    fn pkcs8_der(&self) -> Result<Vec<u8>, String> {
        use p256::pkcs8::EncodePrivateKey as _;
        match self {
            PrivKey::Rsa(k) => k.to_pkcs8_der(),
            PrivKey::Ec(k) => k.to_pkcs8_der(),
            PrivKey::Ed(k) => k.to_pkcs8_der(),
        }
        .map(|d| d.as_bytes().to_vec())
        .map_err(|e| e.to_string())
    }

    /// The key for signing. Parsing a key checks it (for RSA, a modular exponentiation), and
    /// charts sign with the same few keys again and again (a CA and its leaf certificates; with
    /// [`reuse_generated_keys`], one key per size), so the last few parsed keys are kept, by
    /// their encoding.
    fn key_pair(&self) -> Result<std::sync::Arc<rcgen::KeyPair>, String> {
        type Parsed = Vec<(Vec<u8>, std::sync::Arc<rcgen::KeyPair>)>;
        static PARSED: std::sync::Mutex<Parsed> = std::sync::Mutex::new(Vec::new());
        const KEEP: usize = 8;
        let der = self.pkcs8_der()?;
        let held = |p: &Parsed| p.iter().find(|(d, _)| *d == der).map(|(_, k)| k.clone());
        if let Some(k) = held(&PARSED.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(k);
        }
        let kp = rcgen::KeyPair::try_from(der.as_slice())
            .map_err(|e| format!("error retrieving public key from signee key: {e}"))?;
        let kp = std::sync::Arc::new(kp);
        let mut p = PARSED.lock().unwrap_or_else(|e| e.into_inner());
        if p.len() >= KEEP {
            p.remove(0);
        }
        p.push((der, kp.clone()));
        Ok(kp)
    }
}

/// When set, the first RSA key generated of each size is reused by later calls (see
/// [`reuse_generated_keys`]).
static REUSE_KEYS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// One slot per RSA key size, each behind its own lock: a thread that finds the slot empty
/// generates the key while holding that size's lock, so another thread asking for the same size
/// meanwhile waits for that key instead of generating a second one; other sizes go on.
type KeySlot = std::sync::Arc<std::sync::Mutex<Option<rsa::RsaPrivateKey>>>;

fn key_slot(bits: usize) -> KeySlot {
    static SLOTS: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<usize, KeySlot>>> =
        std::sync::OnceLock::new();
    SLOTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(bits)
        .or_default()
        .clone()
}

/// Makes `genPrivateKey`, `genCA`, `genSelfSignedCert` and `genSignedCert` reuse the first RSA
/// key they generate of each size (and `genPrivateKey "dsa"` its first DSA key) for the rest of
/// the process, instead of a fresh key per call.
///
/// For drivers that render a chart without handing its output to a cluster: `lint` and the
/// language server, which re-renders on every keystroke. A 4096-bit key takes about a second to
/// generate; charts that make several per render would make both unusable. The keys stay real,
/// random keys of the right size and format, so every check of the rendered text sees what it
/// would see with fresh ones; only two calls in one process can return the same key. `template`
/// never turns this on.
pub fn reuse_generated_keys(on: bool) {
    REUSE_KEYS.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether the reused RSA key of `bits` (see [`reuse_generated_keys`]) exists; never waits.
pub fn reusable_rsa_key_ready(bits: usize) -> bool {
    match key_slot(bits).try_lock() {
        Ok(k) => k.is_some(),
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().is_some(),
        // Being generated.
        Err(std::sync::TryLockError::WouldBlock) => false,
    }
}

/// Makes the reused RSA key of `bits` (see [`reuse_generated_keys`]) now, on this thread, unless
/// it exists; `false`, at once, when another thread is making it. Does nothing unless
/// [`reuse_generated_keys`] is on.
pub fn make_reusable_rsa_key(bits: usize) -> bool {
    if !REUSE_KEYS.load(std::sync::atomic::Ordering::Relaxed) {
        return true;
    }
    let slot = key_slot(bits);
    let mut held = match slot.try_lock() {
        Ok(h) => h,
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => return false,
    };
    if held.is_none() {
        *held = new_rsa_key(bits).ok();
    }
    true
}

fn gen_rsa(bits: usize) -> Result<PrivKey, String> {
    if !REUSE_KEYS.load(std::sync::atomic::Ordering::Relaxed) {
        return new_rsa_key(bits).map(|k| PrivKey::Rsa(Box::new(k)));
    }
    let slot = key_slot(bits);
    let mut held = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = held.as_ref() {
        return Ok(PrivKey::Rsa(Box::new(k.clone())));
    }
    let key = new_rsa_key(bits)?;
    *held = Some(key.clone());
    Ok(PrivKey::Rsa(Box::new(key)))
}

/// A fresh RSA key (crypto/rsa's `GenerateKey`): aws-lc for the sizes it generates, the `rsa`
/// crate otherwise.
fn new_rsa_key(bits: usize) -> Result<rsa::RsaPrivateKey, String> {
    use aws_lc_rs::encoding::AsDer as _;
    use aws_lc_rs::rsa::{KeySize, PrivateDecryptingKey};
    use rsa::pkcs8::DecodePrivateKey as _;
    let size = match bits {
        2048 => Some(KeySize::Rsa2048),
        3072 => Some(KeySize::Rsa3072),
        4096 => Some(KeySize::Rsa4096),
        8192 => Some(KeySize::Rsa8192),
        _ => None,
    };
    if let Some(size) = size {
        let key = PrivateDecryptingKey::generate(size).map_err(|e| e.to_string())?;
        let der = key.as_der().map_err(|e| e.to_string())?;
        return rsa::RsaPrivateKey::from_pkcs8_der(der.as_ref()).map_err(|e| e.to_string());
    }
    rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, bits).map_err(|e| e.to_string())
}

/// Sprig's `genPrivateKey`.
fn generate_private_key(typ: &str) -> String {
    let key = match typ {
        "" | "rsa" => gen_rsa(4096),
        "ecdsa" => Ok(PrivKey::Ec(p256::SecretKey::random(&mut rand::rngs::OsRng))),
        "ed25519" => Ok(PrivKey::Ed(ed25519_dalek::SigningKey::generate(
            &mut rand::rngs::OsRng,
        ))),
        "dsa" => return dsa_private_key_pem(),
        _ => return format!("Unknown type {typ}"),
    };
    match key.and_then(|k| k.pem()) {
        Ok(p) => p,
        Err(e) => format!("failed to generate private key: {e}"),
    }
}

/// A new DSA key with fresh L2048N256 parameters (Go's `dsa.GenerateParameters` +
/// `dsa.GenerateKey`), PEM-encoded as Sprig's `pemBlockForKey` does: a `DSA PRIVATE KEY` block
/// holding the ASN.1 `SEQUENCE { version INTEGER (0), p, q, g, y, x INTEGER }` (OpenSSL's
/// format; `asn1.Marshal` of Sprig's `DSAKeyFormat`).
///
/// Parameter generation takes seconds; with [`reuse_generated_keys`] on, the first key is kept.
fn dsa_private_key_pem() -> String {
    let reuse = REUSE_KEYS.load(std::sync::atomic::Ordering::Relaxed);
    if reuse {
        static DSA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        return DSA.get_or_init(new_dsa_private_key_pem).clone();
    }
    new_dsa_private_key_pem()
}

fn new_dsa_private_key_pem() -> String {
    let mut rng = rand::rngs::OsRng;
    let components = dsa::Components::generate(&mut rng, dsa::KeySize::DSA_2048_256);
    let key = dsa::SigningKey::generate(&mut rng, components);
    let public = key.verifying_key();
    let c = public.components();
    let der = dsa_key_der(&[c.p(), c.q(), c.g(), public.y(), key.x()]);
    pem_encode("DSA PRIVATE KEY", &der)
}

/// DER of `SEQUENCE { INTEGER 0, ints... }` with each integer unsigned, minimal, and a leading
/// zero byte when its top bit is set (as Go's `asn1.Marshal` writes a positive `*big.Int`).
fn dsa_key_der(ints: &[&dsa::BigUint]) -> Vec<u8> {
    fn tlv(out: &mut Vec<u8>, tag: u8, body: &[u8]) {
        out.push(tag);
        let n = body.len();
        if n < 0x80 {
            out.push(n as u8);
        } else {
            let len = n.to_be_bytes();
            let skip = len.iter().take_while(|b| **b == 0).count();
            out.push(0x80 | (len.len() - skip) as u8);
            out.extend_from_slice(&len[skip..]);
        }
        out.extend_from_slice(body);
    }
    let mut body = Vec::new();
    tlv(&mut body, 0x02, &[0]);
    for i in ints {
        let mut bytes = i.to_bytes_be();
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            bytes.insert(0, 0);
        }
        tlv(&mut body, 0x02, &bytes);
    }
    let mut out = Vec::with_capacity(body.len() + 4);
    tlv(&mut out, 0x30, &body);
    out
}

/// Go's `pem.EncodeToMemory` of a block without headers: base64 in 64-column lines.
fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = B64.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The first PEM block in `text` (Go's `pem.Decode`): its type and decoded bytes.
fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let mut rest = text;
    while let Some(i) = rest.find("-----BEGIN ") {
        let after = &rest[i + 11..];
        let j = after.find("-----")?;
        let label = &after[..j];
        let body_start = &after[j + 5..];
        let end_marker = format!("-----END {label}-----");
        if let Some(k) = body_start.find(&end_marker) {
            let body: String = body_start[..k]
                .lines()
                .filter(|l| !l.contains(':'))
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if let Ok(bytes) = B64.decode(body) {
                return Some((label.to_string(), bytes));
            }
        }
        rest = body_start;
    }
    None
}

/// Sprig's `parsePrivateKeyPEM`.
fn parse_private_key_pem(text: &str) -> Result<PrivKey, String> {
    use p256::pkcs8::DecodePrivateKey as _;
    use rsa::pkcs1::DecodeRsaPrivateKey as _;
    let (typ, der) = pem_decode(text).ok_or("no PEM data in input")?;
    if typ == "PRIVATE KEY" {
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(&der) {
            return Ok(PrivKey::Rsa(Box::new(k)));
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_der(&der) {
            return Ok(PrivKey::Ec(k));
        }
        return ed25519_dalek::SigningKey::from_pkcs8_der(&der)
            .map(PrivKey::Ed)
            .map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(kind) = typ.strip_suffix(" PRIVATE KEY") else {
        return Err(format!("no private key data in PEM block of type {typ}"));
    };
    match kind {
        "RSA" => rsa::RsaPrivateKey::from_pkcs1_der(&der)
            .map(|k| PrivKey::Rsa(Box::new(k)))
            .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
        "EC" => p256::SecretKey::from_sec1_der(&der)
            .map(PrivKey::Ec)
            .map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => Err("x509: certificate private key does not implement crypto.Signer".into()),
        _ => Err(format!("invalid private key type {typ}")),
    }
}

/// Sprig's `certificate` struct.
#[derive(Clone, Debug)]
pub(crate) struct Certificate {
    pub cert: String,
    pub key: String,
}

impl cw_template::Object for Certificate {
    fn type_name(&self) -> String {
        "sprig.certificate".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::str(&self.cert)),
            "Key" => Some(Value::str(&self.key)),
            _ => None,
        }
    }
    fn repr(&self) -> cw_template::Repr {
        cw_template::Repr::Struct {
            pointer: false,
            fields: vec![
                ("Cert".into(), Value::str(&self.cert)),
                ("Key".into(), Value::str(&self.key)),
            ],
        }
    }
}

/// A `certificate` argument: our object, or anything with `Cert` and `Key` fields.
fn cert_arg(v: &Value) -> Result<Certificate, FuncError> {
    if let Value::Object(o) = v {
        if let (Some(Value::String(c)), Some(Value::String(k))) = (o.field("Cert"), o.field("Key"))
        {
            return Ok(Certificate {
                cert: c.to_string(),
                key: k.to_string(),
            });
        }
    }
    Err(FuncError::msg(format!(
        "wrong type for value; expected sprig.certificate; got {}",
        v.type_name()
    )))
}

/// Sprig's `getNetIPs`: each item must be a string holding an IP address.
fn net_ips(v: &Value) -> Result<Vec<std::net::IpAddr>, String> {
    let items = slice_items(v).unwrap_or_default();
    items
        .iter()
        .map(|ip| match ip {
            Value::String(s) => s
                .parse::<std::net::IpAddr>()
                .map_err(|_| format!("error parsing ip: {s}")),
            other => Err(format!(
                "error parsing ip: {} is not a string",
                strval(other)
            )),
        })
        .collect()
}

fn dns_names(v: &Value) -> Result<Vec<String>, String> {
    let items = slice_items(v).unwrap_or_default();
    items
        .iter()
        .map(|d| match d {
            Value::String(s) => Ok(s.to_string()),
            other => Err(format!(
                "error processing alternate dns name: {} is not a string",
                strval(other)
            )),
        })
        .collect()
}

/// Sprig's `getBaseCertTemplate`.
fn base_params(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    ca: bool,
) -> Result<rcgen::CertificateParams, String> {
    use rcgen::{ExtendedKeyUsagePurpose as Eku, KeyUsagePurpose as Ku};
    let ips = net_ips(ips)?;
    let dns = dns_names(dns)?;
    let mut p = rcgen::CertificateParams::default();
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, cn);
    p.distinguished_name = dn;
    let mut serial = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut serial);
    serial[0] &= 0x7f;
    p.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    for d in dns {
        let name = rcgen::Ia5String::try_from(d.clone())
            .map_err(|_| format!("error creating certificate: invalid DNS name {d}"))?;
        p.subject_alt_names.push(rcgen::SanType::DnsName(name));
    }
    for ip in ips {
        p.subject_alt_names.push(rcgen::SanType::IpAddress(ip));
    }
    let now = time::OffsetDateTime::now_utc();
    p.not_before = now;
    p.not_after = now
        .checked_add(
            time::Duration::hours(24).saturating_mul(days.clamp(-1_000_000, 1_000_000) as i32),
        )
        .unwrap_or(now);
    p.key_usages = vec![Ku::KeyEncipherment, Ku::DigitalSignature];
    if ca {
        p.key_usages.push(Ku::KeyCertSign);
        p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    } else {
        p.is_ca = rcgen::IsCa::ExplicitNoCa;
    }
    p.extended_key_usages = vec![Eku::ServerAuth, Eku::ClientAuth];
    Ok(p)
}

fn self_signed(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    ca: bool,
    key: Result<PrivKey, String>,
) -> Result<Value, FuncError> {
    let key = key?;
    let params = base_params(cn, ips, dns, days, ca)?;
    let kp = key.key_pair()?;
    let cert = params
        .self_signed(&kp)
        .map_err(|e| FuncError::msg(format!("error creating certificate: {e}")))?;
    Ok(Value::object(Certificate {
        cert: cert.pem(),
        key: key.pem()?,
    }))
}

fn signed(
    cn: &str,
    ips: &Value,
    dns: &Value,
    days: i64,
    ca: &Value,
    key: Result<PrivKey, String>,
) -> Result<Value, FuncError> {
    let ca = cert_arg(ca)?;
    let key = key?;
    let Some((_, ca_der)) = pem_decode(&ca.cert) else {
        return Err(FuncError::msg("unable to decode certificate"));
    };
    let ca_params = rcgen::CertificateParams::from_ca_cert_der(&ca_der.into()).map_err(|e| {
        FuncError::msg(format!(
            "error parsing certificate: decodedSignerCert.Bytes: {e}"
        ))
    })?;
    let ca_key = parse_private_key_pem(&ca.key)
        .map_err(|e| FuncError::msg(format!("error parsing private key: {e}")))?;
    let ca_kp = ca_key.key_pair()?;
    let issuer = ca_params
        .self_signed(&ca_kp)
        .map_err(|e| FuncError::msg(format!("error creating certificate: {e}")))?;
    let mut params = base_params(cn, ips, dns, days, false)?;
    params.use_authority_key_identifier_extension = true;
    let kp = key.key_pair()?;
    let cert = params
        .signed_by(&*kp, &issuer, &ca_kp)
        .map_err(|e| FuncError::msg(format!("error creating certificate: {e}")))?;
    Ok(Value::object(Certificate {
        cert: cert.pem(),
        key: key.pem()?,
    }))
}

fn with_key(pem: &Value) -> Result<PrivKey, String> {
    parse_private_key_pem(sv(pem)).map_err(|e| format!("parsing private key: {e}"))
}

fn rsa_2048() -> Result<PrivKey, String> {
    gen_rsa(2048).map_err(|e| format!("error generating rsa key: {e}"))
}

fn build_custom_cert(b64cert: &str, b64key: &str) -> Result<Value, String> {
    let cert = B64
        .decode(b64cert)
        .map_err(|_| "unable to decode base64 certificate")?;
    let key = B64
        .decode(b64key)
        .map_err(|_| "unable to decode base64 private key")?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der) = pem_decode(&cert).ok_or("unable to decode certificate")?;
    x509_parser::parse_x509_certificate(&der)
        .map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
    parse_private_key_pem(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(Value::object(Certificate { cert, key }))
}

fn sv(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn int(v: &Value) -> i64 {
    v.as_int().unwrap_or(0)
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Any, Int, List, String as Str};
    def(
        r,
        "genPrivateKey",
        Signature::typed(&[Str], None),
        false,
        (
            "genPrivateKey(typ string) string",
            "A new PEM private key: \"rsa\" (4096 bits, the default), \"dsa\" (L2048N256), \"ecdsa\" (P-256) or \"ed25519\".",
            "{{ genPrivateKey \"ecdsa\" }} → -----BEGIN EC PRIVATE KEY-----...",
        ),
        |_, a| Ok(Value::string(generate_private_key(sv(&a[0])))),
    );
    def(
        r,
        "buildCustomCert",
        Signature::typed(&[Str, Str], None),
        false,
        (
            "buildCustomCert(b64cert string, b64key string) (certificate, error)",
            "A certificate object from a base64-encoded PEM certificate and key (both are checked).",
            "{{ $c := buildCustomCert .Values.crt .Values.key }}{{ $c.Cert }}",
        ),
        |_, a| build_custom_cert(sv(&a[0]), sv(&a[1])).map_err(FuncError::msg),
    );
    def(
        r,
        "genCA",
        Signature::typed(&[Str, Int], None),
        false,
        (
            "genCA(cn string, daysValid int) (certificate, error)",
            "A new self-signed CA (RSA 2048) valid for `daysValid` days, with .Cert and .Key.",
            "{{ $ca := genCA \"my-ca\" 365 }}{{ $ca.Cert }}",
        ),
        |_, a| {
            self_signed(
                sv(&a[0]),
                &Value::Nil,
                &Value::Nil,
                int(&a[1]),
                true,
                rsa_2048(),
            )
        },
    );
    def(
        r,
        "genCAWithKey",
        Signature::typed(&[Str, Int, Str], None),
        false,
        (
            "genCAWithKey(cn string, daysValid int, privPEM string) (certificate, error)",
            "Like genCA with the given PEM private key.",
            "{{ genCAWithKey \"my-ca\" 365 (genPrivateKey \"ecdsa\") }}",
        ),
        |_, a| {
            self_signed(
                sv(&a[0]),
                &Value::Nil,
                &Value::Nil,
                int(&a[1]),
                true,
                with_key(&a[2]),
            )
        },
    );
    def(
        r,
        "genSelfSignedCert",
        Signature::typed(&[Str, List, List, Int], None),
        false,
        (
            "genSelfSignedCert(cn string, ips []interface{}, alternateDNS []interface{}, daysValid int) (certificate, error)",
            "A new self-signed certificate (RSA 2048) with IP and DNS SANs.",
            "{{ $c := genSelfSignedCert \"foo.com\" (list \"10.0.0.1\") (list \"foo.com\") 365 }}",
        ),
        |_, a| self_signed(sv(&a[0]), &a[1], &a[2], int(&a[3]), false, rsa_2048()),
    );
    def(
        r,
        "genSelfSignedCertWithKey",
        Signature::typed(&[Str, List, List, Int, Str], None),
        false,
        (
            "genSelfSignedCertWithKey(cn string, ips []interface{}, alternateDNS []interface{}, daysValid int, privPEM string) (certificate, error)",
            "Like genSelfSignedCert with the given PEM private key.",
            "{{ genSelfSignedCertWithKey \"foo.com\" nil nil 365 (genPrivateKey \"ed25519\") }}",
        ),
        |_, a| self_signed(sv(&a[0]), &a[1], &a[2], int(&a[3]), false, with_key(&a[4])),
    );
    def(
        r,
        "genSignedCert",
        Signature::typed(&[Str, List, List, Int, Any], None),
        false,
        (
            "genSignedCert(cn string, ips []interface{}, alternateDNS []interface{}, daysValid int, ca certificate) (certificate, error)",
            "A new certificate (RSA 2048) signed by a CA from genCA.",
            "{{ $ca := genCA \"ca\" 365 }}{{ $c := genSignedCert \"foo.com\" nil (list \"foo.com\") 365 $ca }}",
        ),
        |_, a| signed(sv(&a[0]), &a[1], &a[2], int(&a[3]), &a[4], rsa_2048()),
    );
    def(
        r,
        "genSignedCertWithKey",
        Signature::typed(&[Str, List, List, Int, Any, Str], None),
        false,
        (
            "genSignedCertWithKey(cn string, ips []interface{}, alternateDNS []interface{}, daysValid int, ca certificate, privPEM string) (certificate, error)",
            "Like genSignedCert with the given PEM private key.",
            "{{ genSignedCertWithKey \"foo.com\" nil nil 365 $ca (genPrivateKey \"ecdsa\") }}",
        ),
        |_, a| signed(sv(&a[0]), &a[1], &a[2], int(&a[3]), &a[4], with_key(&a[5])),
    );
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
        Signature::typed(&[Param::Uint32, Str, Str, Str, Str], None),
        false,
        (
            "derivePassword(counter uint32, passwordType string, password string, user string, site string) string",
            "A site password derived with the Master Password algorithm (types: maximum, long, medium, short, basic, pin).",
            "{{ derivePassword 1 \"long\" \"password\" \"user\" \"example.com\" }} → ZedaFaxcZaso9*",
        ),
        |_, a| {
            let counter = match a[0] {
                Value::Uint64(u) => u as u32,
                _ => 0,
            };
            Ok(Value::string(derive_password(
                counter,
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
