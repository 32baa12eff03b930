//! `reuse_generated_keys`: off (the default, as `helm template`), every call generates a new RSA
//! key; on (lint, the language server), the first key of each size is reused. A test binary of
//! its own, as the switch is process-wide.

use cw_template::{render_text, MissingKey, Value};

fn render(text: &str) -> String {
    let (out, err) = render_text("t", text, cw_sprig::funcs(), MissingKey::Zero, Value::Nil);
    assert_eq!(err, None);
    out
}

#[test]
fn keys_are_fresh_by_default_and_reused_when_asked() {
    let two_keys = "{{ genPrivateKey \"rsa\" }}|{{ genPrivateKey \"rsa\" }}";
    let out = render(two_keys);
    let (a, b) = out.split_once('|').unwrap();
    assert!(a.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"), "{a}");
    assert_ne!(a, b);

    cw_sprig::reuse_generated_keys(true);
    // Two threads asking for the same size at once get one key: the second waits for the
    // first's instead of generating its own.
    let both: Vec<String> = std::thread::scope(|s| {
        let a = s.spawn(|| render("{{ (genCA \"x\" 1).Key }}"));
        let b = s.spawn(|| render("{{ (genCA \"y\" 1).Key }}"));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    assert!(both[0].starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert_eq!(both[0], both[1]);
    let out = render(two_keys);
    let (c, d) = out.split_once('|').unwrap();
    assert_eq!(c, d);
    // 2048-bit keys (genCA) are cached apart from 4096-bit ones (genPrivateKey).
    let ca = render("{{ (genCA \"x\" 1).Key }}|{{ (genCA \"y\" 1).Key }}");
    let (e, f) = ca.split_once('|').unwrap();
    assert_eq!(e, f);
    assert_eq!(e, both[0]);
    assert_ne!(e, c);
    cw_sprig::reuse_generated_keys(false);
    let out = render("{{ (genCA \"x\" 1).Key }}");
    assert_ne!(out, e);
    // DSA keys are reused too (parameter generation takes seconds).
    cw_sprig::reuse_generated_keys(true);
    let dsa = render("{{ genPrivateKey \"dsa\" }}|{{ genPrivateKey \"dsa\" }}");
    let (g, h) = dsa.split_once('|').unwrap();
    assert!(g.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"), "{g}");
    assert_eq!(g, h);
    cw_sprig::reuse_generated_keys(false);
}
