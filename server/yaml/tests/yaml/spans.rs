//! Byte ranges of keys and values, with multi-byte characters before and inside them.

use cw_yaml::{load, load_documents, Node, Value, YamlErrorKind};

fn slice<'a>(text: &'a str, n: &Node) -> &'a str {
    &text[n.range.to_usize()]
}

#[test]
fn keys_and_scalars_with_multibyte_text() {
    let text = "kéy: vålue\nnäme: \"ünï ✓\"\nlist:\n  - 😀\n  - {ä: 1, b: [x, 'ÿ']}\n";
    let l = load(text);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let root = l.root.unwrap();
    let m = root.as_map().unwrap();
    let e = m.entry("kéy").unwrap();
    assert_eq!(e.key_range.to_usize(), 0..4);
    assert_eq!(slice(text, &e.value), "vålue");
    assert_eq!(e.value.range.to_usize(), 6..12);
    let e = m.entry("näme").unwrap();
    assert_eq!(&text[e.key_range.to_usize()], "näme");
    assert_eq!(e.key_range.start(), 13);
    assert_eq!(slice(text, &e.value), "\"ünï ✓\"");
    assert_eq!(e.value.scalar.as_ref().unwrap().0, "ünï ✓");
    let list = m.get("list").unwrap();
    assert_eq!(slice(text, list), "- 😀\n  - {ä: 1, b: [x, 'ÿ']}");
    let items = list.as_seq().unwrap();
    assert_eq!(slice(text, &items[0]), "😀");
    let inner = items[1].as_map().unwrap();
    assert_eq!(slice(text, &items[1]), "{ä: 1, b: [x, 'ÿ']}");
    assert_eq!(&text[inner.entry("ä").unwrap().key_range.to_usize()], "ä");
    let b = inner.get("b").unwrap().as_seq().unwrap();
    assert_eq!(slice(text, &b[1]), "'ÿ'");
    assert_eq!(b[1].as_str(), Some("ÿ"));
}

#[test]
fn block_scalars_anchors_aliases_and_tags() {
    let text = "a: &anc |-\n  ✓ x\n  y\nb: *anc\nc: !!str 12\nd: &m {k: é}\ne:\n  <<: *m\n";
    let l = load(text);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let root = l.root.unwrap();
    let m = root.as_map().unwrap();
    let a = m.get("a").unwrap();
    assert_eq!(slice(text, a), "|-\n  ✓ x\n  y\n");
    assert_eq!(a.as_str(), Some("✓ x\ny"));
    let b = m.get("b").unwrap();
    assert_eq!(slice(text, b), "*anc");
    assert_eq!(b.as_str(), Some("✓ x\ny"));
    let c = m.get("c").unwrap();
    assert_eq!(slice(text, c), "12");
    assert_eq!(c.value, Value::String("12".into()));
    // A merged entry points at the key where the anchored map wrote it.
    let e = m.get("e").unwrap().as_map().unwrap();
    let k = e.entry("k").unwrap();
    assert_eq!(&text[k.key_range.to_usize()], "k");
    assert_eq!(slice(text, &k.value), "é");
}

#[test]
fn duplicate_and_error_ranges() {
    let text = "ä: 1\nb: 2\nä: 3\nc:\n\td: 1\n";
    let l = load(text);
    let dup = l
        .errors
        .iter()
        .find(|e| e.kind == YamlErrorKind::DuplicateKey)
        .unwrap();
    assert_eq!(dup.range.to_usize(), 11..13);
    assert_eq!(dup.related.unwrap().to_usize(), 0..2);
    let syntax = l.first_error().unwrap();
    assert_eq!(syntax.kind, YamlErrorKind::Syntax);
    assert_eq!(
        syntax.message,
        "yaml: line 5: found character that cannot start any token"
    );
    assert_eq!(&text[syntax.range.to_usize()], "\t");
}

#[test]
fn documents_keep_whole_text_offsets() {
    let text = "a: é\n---\nb: [1, ü]\n---\n- x\n";
    let docs = load_documents(text);
    assert_eq!(docs.len(), 3);
    let b = docs[1].root.as_ref().unwrap().get_path(&["b"]).unwrap();
    assert_eq!(slice(text, b), "[1, ü]");
    assert_eq!(b.range.start(), 13);
    let x = &docs[2].root.as_ref().unwrap().as_seq().unwrap()[0];
    assert_eq!(slice(text, x), "x");
    // Values loading merges documents; ranges still point into their own document.
    let merged = load(text);
    assert!(merged.first_error().is_some(), "a list document is refused");
    let l = load("a: é\n---\nb: ü\n");
    let root = l.root.unwrap();
    assert_eq!(root.get_path(&["b"]).unwrap().range.to_usize(), 13..15);
}

#[test]
fn crlf_and_bom() {
    let text = "\u{feff}a: 1\r\nb:\r\n  c: ✓\r\n";
    let l = load(text);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let root = l.root.unwrap();
    let c = root.get_path(&["b", "c"]).unwrap();
    assert_eq!(slice(text, c), "✓");
    let a = root.as_map().unwrap().entry("a").unwrap();
    assert_eq!(&text[a.key_range.to_usize()], "a");
}

#[test]
fn errors_come_in_the_order_helm_meets_them() {
    // Parsing fails before any value is converted.
    let l = load("a:\n  ~: 1\nb: .inf\nc: [\n");
    assert_eq!(l.first_error().unwrap().kind, YamlErrorKind::Syntax);
    // Keys are converted before JSON encoding refuses infinities.
    let l = load("x: .inf\n~: 1\n");
    assert!(l
        .first_error()
        .unwrap()
        .message
        .starts_with("unsupported map key of type: %!s(<nil>)"));
    // go-yaml's own decoding errors come first of all.
    let l = load("~: 1\ny: *nope\n");
    assert_eq!(
        l.first_error().unwrap().message,
        "yaml: unknown anchor 'nope' referenced"
    );
    // A bad separator line is reported when its document is read.
    let l = load("a: [\n---\nb: 1\n--- x\n");
    assert_eq!(l.first_error().unwrap().kind, YamlErrorKind::Syntax);
    assert!(l.errors[1]
        .message
        .starts_with("invalid Yaml document separator"));
}

#[test]
fn under_indented_flow_content_keeps_exact_ranges() {
    // libyaml accepts flow content at any indentation; the loader satisfies saphyr by adding
    // spaces internally and maps every range back to the text as written.
    let text = "a: [\n  é,\n  2\n]\nb: {\nc: ü\n}\nd: 1\n";
    let l = load(text);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let root = l.root.unwrap();
    let a = root.get_path(&["a"]).unwrap();
    assert_eq!(slice(text, a), "[\n  é,\n  2\n]");
    let b = root.as_map().unwrap().get("b").unwrap();
    assert_eq!(slice(text, b), "{\nc: ü\n}");
    let c = b.as_map().unwrap().entry("c").unwrap();
    assert_eq!(&text[c.key_range.to_usize()], "c");
    assert_eq!(slice(text, &c.value), "ü");
    let d = root.as_map().unwrap().entry("d").unwrap();
    assert_eq!(&text[d.key_range.to_usize()], "d");
    assert_eq!(d.key_range.start(), 30);
}
