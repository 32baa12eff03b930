//! Hostile input: alias bombs, deep nesting, huge documents and garbage end with a result or an
//! error, never a panic or a stack overflow. (Speed is measured in benches, not asserted here.)

use cw_yaml::{load, load_documents, to_yaml, GoValue, Node, Value, YamlErrorKind, MAX_DEPTH};

fn billion_laughs(levels: usize) -> String {
    let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..levels {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    s
}

#[test]
fn alias_bomb_is_refused() {
    let l = load(&billion_laughs(12));
    let e = l.first_error().expect("an error");
    assert_eq!(e.message, "yaml: document contains excessive aliasing");
    assert!(load_documents(&billion_laughs(12))[0]
        .first_error()
        .is_some());
}

#[test]
fn merge_key_bomb_is_refused() {
    let mut s = String::from("m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n");
    for i in 1..14 {
        let p = i - 1;
        s.push_str(&format!(
            "m{i}: &m{i} {{x: [*m{p}, *m{p}, *m{p}, *m{p}, *m{p}, *m{p}], <<: *m{p}}}\n"
        ));
    }
    let l = load(&s);
    assert_eq!(
        l.first_error().map(|e| e.message.as_str()),
        Some("yaml: document contains excessive aliasing")
    );
}

#[test]
fn self_reference_is_refused() {
    let l = load("a: &a {b: *a}\n");
    assert_eq!(
        l.first_error().map(|e| e.message.as_str()),
        Some("yaml: anchor 'a' value contains itself")
    );
}

#[test]
fn deep_block_nesting_is_cut_with_an_error() {
    let text = format!("{}x\n", "- ".repeat(5000));
    let l = load(&format!("a:\n{text}"));
    let e = l.first_error().expect("an error");
    assert_eq!(e.kind, YamlErrorKind::Unsupported);
    assert_eq!(
        e.message,
        format!("yaml: exceeded max depth of {MAX_DEPTH}")
    );
    // The tree is still usable (and dropping it does not overflow the stack).
    assert!(l.root.is_some());
}

#[test]
fn deep_flow_nesting_is_an_error() {
    let text = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let l = load(&text);
    assert_eq!(l.first_error().unwrap().kind, YamlErrorKind::Syntax);
    let unclosed = format!("a: {}\n", "{a: ".repeat(50_000));
    assert!(load(&unclosed).first_error().is_some());
}

#[test]
fn nesting_within_the_limit_loads() {
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&"  ".repeat(i));
        text.push_str(&format!("k{i}:\n"));
    }
    text.push_str(&"  ".repeat(200));
    text.push_str("leaf: 1\n");
    let l = load(&text);
    assert!(l.errors.is_empty(), "{:?}", l.errors.first());
    let yaml = to_yaml(&GoValue::from_node(l.root.as_ref().unwrap()));
    assert!(yaml.ends_with("leaf: 1"));
}

#[test]
fn huge_documents_load() {
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!("key{i}: value {i}\n"));
    }
    let l = load(&text);
    assert!(l.errors.is_empty());
    assert_eq!(l.root.unwrap().as_map().unwrap().len(), 100_000);
    let big = format!("a: \"{}\"\n", "é".repeat(2_000_000));
    let l = load(&big);
    assert_eq!(
        l.root
            .unwrap()
            .get_path(&["a"])
            .unwrap()
            .as_str()
            .map(str::len),
        Some(4_000_000)
    );
}

fn check_ranges(n: &Node, s: &str) {
    let ok = |r: cw_base::TextRange| {
        r.end() as usize <= s.len()
            && s.is_char_boundary(r.start() as usize)
            && s.is_char_boundary(r.end() as usize)
    };
    assert!(ok(n.range), "range {:?} in {s:?}", n.range);
    match &n.value {
        Value::Seq(items) => items.iter().for_each(|x| check_ranges(x, s)),
        Value::Map(m) => m.entries.iter().for_each(|e| {
            assert!(ok(e.key_range), "key range {:?} in {s:?}", e.key_range);
            check_ranges(&e.value, s)
        }),
        _ => {}
    }
}

#[test]
fn garbage_never_panics_and_ranges_stay_on_characters() {
    const PIECES: &[&str] = &[
        "a",
        ":",
        " ",
        "\n",
        "\t",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        "\"",
        "&x",
        "*x",
        "!!str",
        "<<",
        "|",
        ">",
        "#",
        "?",
        "---",
        "...",
        "é",
        "😀",
        "\\",
        "%YAML 1.1",
        "\r",
        "0x",
        "~",
        "  ",
        "\u{85}",
        "\u{feff}",
        "!",
        "&",
        "*",
        "@",
        "`",
        "1e3",
        "yes",
        "null",
        "|-",
        "\"a\nb\"",
        "'x\n y'",
        ": ",
        "- ",
        "\n  ",
        "\n\t",
        "&a ",
        "*a",
        "--- ",
        "\x01",
        "\u{2028}",
    ];
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..4000 {
        let mut s = String::new();
        let n = (seed % 60) as usize;
        for _ in 0..n {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        let l = load(&s);
        if let Some(root) = &l.root {
            check_ranges(root, &s);
            let _ = to_yaml(&GoValue::from_node(root));
            let _ = cw_yaml::to_yaml_pretty(&GoValue::from_node(root));
        }
        for e in &l.errors {
            assert!(e.range.end() as usize <= s.len());
            assert!(s.is_char_boundary(e.range.start() as usize));
            assert!(s.is_char_boundary(e.range.end() as usize));
        }
        for d in load_documents(&s) {
            if let Some(root) = &d.root {
                check_ranges(root, &s);
            }
        }
        let _ = cw_yaml::helm_from_yaml(&s);
        let _ = cw_yaml::json_to_yaml(&s);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
}

#[test]
fn nested_inline_merges_are_bounded() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&"  ".repeat(i));
        text.push_str("<<:\n");
    }
    text.push_str(&"  ".repeat(3000));
    text.push_str("a: 1\n");
    assert!(load(&text).first_error().is_some());
}

#[test]
fn deep_go_values_are_emitted_without_overflow() {
    let mut v = GoValue::String("leaf".into());
    for i in 0..1500 {
        v = if i % 2 == 0 {
            GoValue::Seq(vec![v])
        } else {
            GoValue::Map(vec![("k".into(), v)])
        };
    }
    // toYaml's JSON round trip is held to the loader's depth limit.
    assert_eq!(to_yaml(&v), "");
    assert!(!cw_yaml::to_yaml_pretty(&v).is_empty());
    assert!(!cw_yaml::emit_v2(&v).is_empty());
    let _ = cw_yaml::go_json_marshal(&v);
    // Dropping must not overflow either.
    drop(v);
}

#[test]
fn many_lenient_constructs_load_exactly() {
    // Flow collections closed at column 0 and tabs after colons, as libyaml accepts them: each
    // needs the text adapted for saphyr (a re-parse each, within a byte budget), exactly.
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&format!("k{i}: [\n  {i},\n  x\n]\nt{i}:\t{i}\n"));
    }
    let l = load(&text);
    assert!(l.errors.is_empty(), "{:?}", l.errors.first());
    let root = l.root.unwrap();
    assert_eq!(root.as_map().unwrap().len(), 400);
    let k = root.get_path(&["k199"]).unwrap();
    assert_eq!(&text[k.range.to_usize()], "[\n  199,\n  x\n]");
    assert_eq!(
        root.get_path(&["t199"]).unwrap().value,
        Value::Number(199.0)
    );
}
