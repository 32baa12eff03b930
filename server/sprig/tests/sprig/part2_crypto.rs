//! Properties of Sprig's non-deterministic crypto functions through templates: generated
//! certificates parse with the right CN, SANs, validity and CA flag and verify against their CA;
//! keys match their certificates; bcrypt/htpasswd hashes verify; AES round-trips and decrypts
//! Helm-produced ciphertext; random strings have the right alphabet.

use cw_template::{render_text, MissingKey, Value};
use x509_parser::prelude::*;

fn render(text: &str) -> Result<String, String> {
    let (out, err) = render_text("t", text, cw_sprig::funcs(), MissingKey::Zero, Value::Nil);
    match err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Renders `{{ $c := EXPR }}{{ $c.Cert }}|{{ $c.Key }}` and returns (cert PEM, key PEM).
fn cert(expr: &str) -> (String, String) {
    let out = render(&format!("{expr}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}")).expect("renders");
    let (c, k) = out.split_once('|').expect("cert|key");
    (c.to_string(), k.to_string())
}

fn der(pem_text: &str) -> Vec<u8> {
    let (_, pem) = parse_x509_pem(pem_text.as_bytes()).expect("PEM");
    pem.contents
}

/// The SubjectPublicKeyInfo DER of a PEM private key, derived with the RustCrypto crates.
fn spki_of_key(key_pem: &str) -> Vec<u8> {
    use p256::pkcs8::{DecodePrivateKey, EncodePublicKey};
    use rsa::pkcs1::DecodeRsaPrivateKey;
    if key_pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        let k = rsa::RsaPrivateKey::from_pkcs1_pem(key_pem).expect("rsa key");
        return k
            .to_public_key()
            .to_public_key_der()
            .expect("spki")
            .into_vec();
    }
    if key_pem.starts_with("-----BEGIN EC PRIVATE KEY-----") {
        let k = p256::SecretKey::from_sec1_pem(key_pem).expect("ec key");
        return k.public_key().to_public_key_der().expect("spki").into_vec();
    }
    let k = ed25519_dalek::SigningKey::from_pkcs8_pem(key_pem).expect("ed25519 key");
    k.verifying_key()
        .to_public_key_der()
        .expect("spki")
        .into_vec()
}

#[test]
fn ca_and_signed_certificates_are_valid() {
    let out = render(
        "{{ $ca := genCA \"my-ca\" 365 }}{{ $c := genSignedCert \"svc.example\" (list \"10.0.0.1\" \"::1\") (list \"svc.example\" \"alt.example\") 30 $ca }}{{ $ca.Cert }}|{{ $ca.Key }}|{{ $c.Cert }}|{{ $c.Key }}",
    )
    .expect("renders");
    let parts: Vec<&str> = out.split('|').collect();
    assert_eq!(parts.len(), 4);
    let (ca_der, leaf_der) = (der(parts[0]), der(parts[2]));
    let (_, ca) = X509Certificate::from_der(&ca_der).expect("CA parses");
    let (_, leaf) = X509Certificate::from_der(&leaf_der).expect("leaf parses");

    let cn = |c: &X509Certificate| {
        c.subject()
            .iter_common_name()
            .next()
            .and_then(|n| n.as_str().ok())
            .map(str::to_string)
    };
    assert_eq!(cn(&ca).as_deref(), Some("my-ca"));
    assert_eq!(cn(&leaf).as_deref(), Some("svc.example"));
    assert!(ca.is_ca(), "genCA makes a CA");
    assert!(!leaf.is_ca(), "a signed certificate is not a CA");
    assert_eq!(leaf.issuer(), ca.subject());

    let days = |c: &X509Certificate| {
        (c.validity().not_after.timestamp() - c.validity().not_before.timestamp()) / 86400
    };
    assert_eq!(days(&ca), 365);
    assert_eq!(days(&leaf), 30);

    let san = leaf
        .subject_alternative_name()
        .expect("SAN ok")
        .expect("has SAN");
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    for n in &san.value.general_names {
        match n {
            GeneralName::DNSName(d) => dns.push(d.to_string()),
            GeneralName::IPAddress(b) => ips.push(b.len()),
            _ => {}
        }
    }
    assert_eq!(dns, vec!["svc.example", "alt.example"]);
    assert_eq!(ips, vec![4, 16]);

    ca.verify_signature(None).expect("CA is self-signed");
    leaf.verify_signature(Some(ca.public_key()))
        .expect("leaf verifies against the CA");
    assert_eq!(spki_of_key(parts[1]), ca.public_key().raw.to_vec());
    assert_eq!(spki_of_key(parts[3]), leaf.public_key().raw.to_vec());
    let ku = leaf.key_usage().expect("ku").expect("has key usage");
    assert!(ku.value.digital_signature() && ku.value.key_encipherment());
    let eku = leaf.extended_key_usage().expect("eku").expect("has EKU");
    assert!(eku.value.server_auth && eku.value.client_auth);
}

#[test]
fn certificates_with_given_keys_use_them() {
    for typ in ["ecdsa", "ed25519"] {
        let (c, k) = cert(&format!(
            "{{{{ $k := genPrivateKey \"{typ}\" }}}}{{{{ $c := genSelfSignedCertWithKey \"self\" nil (list \"a.b\") 7 $k }}}}"
        ));
        let d = der(&c);
        let (_, x) = X509Certificate::from_der(&d).expect("parses");
        x.verify_signature(None).expect("self-signed verifies");
        assert_eq!(spki_of_key(&k), x.public_key().raw.to_vec(), "{typ}");
        let (ca_c, _) = cert(&format!(
            "{{{{ $k := genPrivateKey \"{typ}\" }}}}{{{{ $c := genCAWithKey \"ca\" 1 $k }}}}"
        ));
        let d = der(&ca_c);
        let (_, ca) = X509Certificate::from_der(&d).expect("parses");
        assert!(ca.is_ca());
    }
    let (leaf, key) = cert(
        "{{ $ca := genCAWithKey \"ca\" 2 (genPrivateKey \"ecdsa\") }}{{ $c := genSignedCertWithKey \"x\" nil nil 2 $ca (genPrivateKey \"ed25519\") }}",
    );
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    let d = der(&leaf);
    let (_, x) = X509Certificate::from_der(&d).expect("parses");
    assert_eq!(spki_of_key(&key), x.public_key().raw.to_vec());
}

#[test]
fn build_custom_cert_checks_its_inputs() {
    let out = render(
        "{{ $ca := genCAWithKey \"ca\" 1 (genPrivateKey \"ecdsa\") }}{{ $c := buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc) }}{{ eq $c.Cert $ca.Cert }} {{ eq $c.Key $ca.Key }}",
    );
    // b64enc belongs to part 1; without it the case cannot run here.
    match out {
        Ok(o) => assert_eq!(o, "true true"),
        Err(e) => assert!(e.contains("function \"b64enc\" not defined"), "{e}"),
    }
    let e = render("{{ buildCustomCert \"bad\" \"bad\" }}").unwrap_err();
    assert!(e.ends_with("unable to decode base64 certificate"), "{e}");
    let e = render("{{ buildCustomCert \"eA==\" \"eA==\" }}").unwrap_err();
    assert!(e.ends_with("unable to decode certificate"), "{e}");
    let e = render("{{ genSelfSignedCertWithKey \"a\" nil nil 1 \"notakey\" }}").unwrap_err();
    assert!(
        e.ends_with("parsing private key: no PEM data in input"),
        "{e}"
    );
    let e = render("{{ genSelfSignedCert \"a\" (list \"bad-ip\") nil 1 }}").unwrap_err();
    assert!(e.ends_with("error parsing ip: bad-ip"), "{e}");
}

#[test]
fn private_keys_have_sprig_pem_types() {
    for (typ, head) in [
        ("ecdsa", "-----BEGIN EC PRIVATE KEY-----\n"),
        ("ed25519", "-----BEGIN PRIVATE KEY-----\n"),
    ] {
        let k = render(&format!("{{{{ genPrivateKey \"{typ}\" }}}}")).expect("renders");
        assert!(k.starts_with(head), "{typ}: {k}");
        assert!(!spki_of_key(&k).is_empty());
    }
    assert_eq!(
        render("{{ genPrivateKey \"foo\" }}").as_deref(),
        Ok("Unknown type foo")
    );
}

#[test]
fn bcrypt_and_htpasswd_verify() {
    let h = render("{{ bcrypt \"s3cret\" }}").expect("renders");
    assert!(h.starts_with("$2a$10$"), "{h}");
    assert!(bcrypt::verify("s3cret", &h).expect("valid hash"));
    assert!(!bcrypt::verify("other", &h).expect("valid hash"));
    let line = render("{{ htpasswd \"user\" \"pw\" }}").expect("renders");
    let (user, hash) = line.split_once(':').expect("user:hash");
    assert_eq!(user, "user");
    assert!(bcrypt::verify("pw", hash).expect("valid hash"));
}

#[test]
fn aes_round_trips() {
    for (pw, text) in [
        ("k", "x"),
        ("exactly-thirty-two-bytes-long-pw", "sixteen bytes!!!"),
        ("a password longer than thirty-two bytes", "héllo ✓"),
    ] {
        let out = render(&format!(
            "{{{{ encryptAES {pw:?} {text:?} | decryptAES {pw:?} }}}}"
        ));
        assert_eq!(out.as_deref(), Ok(text));
    }
    let e = render("{{ decryptAES \"k\" \"YWJj\" }}").unwrap_err();
    assert!(
        e.ends_with("slice bounds out of range [:16] with capacity 3"),
        "{e}"
    );
}

#[test]
fn random_strings_use_their_alphabets() {
    // Rendered one by one: randAscii may produce any separator.
    let r = |t: &str| render(t).expect("renders");
    type Check = (&'static str, fn(u8) -> bool);
    let checks: [Check; 4] = [
        ("{{ randAlphaNum 64 }}", |b| b.is_ascii_alphanumeric()),
        ("{{ randAlpha 64 }}", |b| b.is_ascii_alphabetic()),
        ("{{ randNumeric 64 }}", |b| b.is_ascii_digit()),
        ("{{ randAscii 64 }}", |b| (32..=126).contains(&b)),
    ];
    for (t, ok) in checks {
        let s = r(t);
        assert!(s.len() == 64 && s.bytes().all(ok), "{t}: {s:?}");
    }
    assert_eq!(r("{{ randAlpha 0 }}"), "");
    let u = uuid::Uuid::parse_str(&r("{{ uuidv4 }}")).expect("uuid");
    assert_eq!(u.get_version_num(), 4);
    assert_eq!(
        r("{{ randBytes 30 }}").len(),
        40,
        "30 bytes are 40 base64 characters"
    );
}

#[test]
fn hostile_inputs_are_bounded() {
    // A map that contains itself: merging it must stop, not overflow the stack.
    let e = render(
        "{{ $d := dict \"a\" (dict) }}{{ $_ := set $d.a \"self\" $d }}{{ $e := dict \"a\" (dict \"self\" (dict)) }}{{ $_ := set (index $e \"a\" \"self\") \"a\" (dict) }}{{ merge $e $d }}",
    );
    assert!(
        e.is_ok() || e.as_ref().is_err_and(|e| e.contains("nested too deeply")),
        "{e:?}"
    );
    let e = render("{{ randAlphaNum 1000000000 }}").unwrap_err();
    assert!(e.contains("larger than the limit"), "{e}");
    let e = render("{{ randBytes 1000000000 }}").unwrap_err();
    assert!(e.contains("larger than the limit"), "{e}");
    // uniq and has over self-containing lists terminate.
    assert_eq!(
        render("{{ $d := dict }}{{ $_ := set $d \"d\" $d }}{{ has $d (list $d) }}").as_deref(),
        Ok("true")
    );
}

/// `genPrivateKey "dsa"`: a `DSA PRIVATE KEY` PEM block holding OpenSSL's (and Go's
/// `asn1.Marshal` of Sprig's `DSAKeyFormat`) `SEQUENCE { 0, p, q, g, y, x }` as DER, with
/// L2048N256 sizes and the DSA relations between the numbers, checked with num-bigint.
#[test]
fn dsa_private_key_is_a_valid_openssl_dsa_key() {
    use x509_parser::der_parser::ber::BerObjectContent;
    use x509_parser::num_bigint::BigUint;
    let k = render("{{ genPrivateKey \"dsa\" }}").expect("renders");
    assert!(k.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"), "{k}");
    assert!(k.ends_with("\n-----END DSA PRIVATE KEY-----\n"), "{k}");
    // Go's pem.Encode: 64-column base64 lines.
    let lines: Vec<&str> = k.lines().collect();
    let body = &lines[1..lines.len() - 1];
    assert!(body[..body.len() - 1].iter().all(|l| l.len() == 64));
    let (_, pem) = x509_parser::pem::parse_x509_pem(k.as_bytes()).expect("PEM");
    assert_eq!(pem.label, "DSA PRIVATE KEY");
    let (rest, obj) = x509_parser::der_parser::parse_der(&pem.contents).expect("DER");
    assert!(rest.is_empty(), "nothing after the sequence");
    let items = obj.as_sequence().expect("a SEQUENCE");
    assert_eq!(items.len(), 6, "version, p, q, g, y, x");
    let ints: Vec<BigUint> = items
        .iter()
        .map(|i| match &i.content {
            BerObjectContent::Integer(b) => {
                // DER: minimal, non-negative (a leading zero only before a set top bit).
                assert!(b[0] & 0x80 == 0, "positive");
                assert!(b.len() == 1 || b[0] != 0 || b[1] & 0x80 != 0, "minimal");
                BigUint::from_bytes_be(b)
            }
            other => panic!("not an INTEGER: {other:?}"),
        })
        .collect();
    let (version, p, q, g, y, x) = (&ints[0], &ints[1], &ints[2], &ints[3], &ints[4], &ints[5]);
    let one = BigUint::from(1u8);
    assert_eq!(*version, BigUint::from(0u8));
    assert_eq!(p.bits(), 2048);
    assert_eq!(q.bits(), 256);
    assert_eq!((p - &one) % q, BigUint::from(0u8), "q divides p-1");
    assert!(*g > one && g < p);
    assert_eq!(g.modpow(q, p), one, "g has order q");
    assert!(*x > BigUint::from(0u8) && x < q);
    assert_eq!(g.modpow(x, p), *y, "y = g^x mod p");
    // Fresh parameters and key per call.
    let k2 = render("{{ genPrivateKey \"dsa\" }}").expect("renders");
    assert_ne!(k, k2);
}
