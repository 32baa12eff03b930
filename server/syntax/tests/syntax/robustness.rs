//! Hostile and random input: the parser never panics, never overflows the stack, and always
//! returns a tree; deep nesting is bounded by Go's limits.

use cw_syntax::{dump, node_at_offset, parse, ParseOptions, MAX_PAREN_DEPTH};

fn all_funcs(_: &str) -> bool {
    true
}

fn some_funcs(name: &str) -> bool {
    !name.len().is_multiple_of(3)
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "{{",
    "}}",
    "{{- ",
    " -}}",
    "/*",
    "*/",
    "(",
    ")",
    "|",
    ":=",
    "=",
    ",",
    ".",
    "$",
    "$x",
    ".Values",
    ".a.b",
    "\"",
    "`",
    "'",
    "\\",
    "if ",
    "else ",
    "end",
    "range ",
    "with ",
    "define ",
    "block ",
    "template ",
    "break",
    "continue",
    "nil",
    "true",
    "0x",
    "1e",
    "-",
    "+",
    "i",
    "é",
    "\n",
    " ",
    "\t",
    "include",
    "\"x\"",
    "'a'",
    "{{ end }}",
    "{{ else }}",
    "{{ if .x }}",
    "{{ range . }}",
];

fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut s: Vec<char> = base.chars().collect();
    for _ in 0..=rng.below(6) {
        let at = if s.is_empty() {
            0
        } else {
            rng.below(s.len() + 1)
        };
        match rng.below(3) {
            0 if !s.is_empty() && at < s.len() => {
                let len = rng.below(8).min(s.len() - at);
                s.drain(at..at + len);
            }
            1 => {
                let p = PIECES[rng.below(PIECES.len())];
                for (i, c) in p.chars().enumerate() {
                    s.insert(at + i, c);
                }
            }
            _ => {
                let c = char::from_u32(rng.below(0x80) as u32).unwrap_or('x');
                s.insert(at, c);
            }
        }
    }
    s.into_iter().collect()
}

fn exercise(text: &str, funcs: &dyn Fn(&str) -> bool) {
    let p = parse(text, &ParseOptions::new("fuzz", funcs));
    let _ = dump(&p);
    for e in &p.errors {
        assert!(
            e.range.end() as usize <= text.len(),
            "{e:?} out of {text:?}"
        );
        assert!(e.line >= 1, "{e:?} in {text:?}");
    }
    for t in &p.trees {
        assert!(t.range.end() as usize <= text.len());
        let _ = t.root.to_string();
    }
    for off in (0..=text.len() as u32).step_by(7) {
        let _ = node_at_offset(&p, off);
    }
    for t in cw_syntax::tokens(text, "", "") {
        assert!(t.range.end() as usize <= text.len());
    }
    // Custom delimiters exercise the other lexer paths.
    for (l, r) in [
        ("<%", "%>"),
        ("[", "]"),
        ("||", "||"),
        ("{{{", "}"),
        ("«", "»"),
    ] {
        let p = parse(text, &ParseOptions::new("fuzz", funcs).with_delims(l, r));
        let _ = dump(&p);
        let _ = cw_syntax::tokens(text, l, r);
    }
}

#[test]
fn random_mutations_never_panic() {
    let seeds = [
        include_str!("../../benches/fixtures/deployment.yaml"),
        "{{ if .x }}a{{ else if .y }}b{{ else }}c{{ end }}",
        "{{ range $i, $v := .x }}{{ $v | quote }}{{ break }}{{ end }}",
        "{{ define \"a\" }}{{ block \"b\" . }}{{ template \"c\" (dict \"k\" .v) }}{{ end }}{{ end }}",
        "{{- /* c */ -}}{{ 0x1p-2 }}{{ 'a' }}{{ 1+2i }}{{ `raw` }}{{ \"\\u00e9\" }}",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut runs = 0;
    for round in 0..600 {
        let base = seeds[round % seeds.len()];
        // Mutating the 13 KB fixture is slower; use a random window of it.
        let base = if base.len() > 2000 {
            let start = base
                .char_indices()
                .map(|(i, _)| i)
                .nth(rng.below(base.chars().count() - 1000))
                .unwrap();
            let end = base[start..]
                .char_indices()
                .map(|(i, _)| start + i)
                .nth(800)
                .unwrap_or(base.len());
            &base[start..end]
        } else {
            base
        };
        let text = mutate(&mut rng, base);
        exercise(&text, &all_funcs);
        exercise(&text, &some_funcs);
        runs += 1;
    }
    assert_eq!(runs, 600);
}

#[test]
fn random_token_soup_never_panics() {
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let mut s = String::new();
        for _ in 0..rng.below(30) {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
        exercise(&s, &some_funcs);
    }
}

#[test]
fn every_prefix_of_a_real_template_parses() {
    let text = include_str!("../../benches/fixtures/deployment.yaml");
    let funcs = |_: &str| true;
    let opts = ParseOptions::new("t", &funcs);
    for (i, _) in text.char_indices().step_by(13) {
        let p = parse(&text[..i], &opts);
        assert!(p.main().range.end() as usize == i);
    }
    assert!(parse(text, &opts).errors.is_empty());
}

#[test]
fn paren_depth_limit_is_gos() {
    let n = MAX_PAREN_DEPTH as usize;
    let ok = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
    let p = parse(&ok, &ParseOptions::new("t", &all_funcs));
    assert!(p.errors.is_empty(), "{:?}", p.first_error());
    let _ = p.main().root.to_string();
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(n + 1), ")".repeat(n + 1));
    let p = parse(&deep, &ParseOptions::new("t", &all_funcs));
    assert_eq!(
        p.first_error().map(|e| e.go_text()),
        Some("template: t:1: max expression depth exceeded".to_string())
    );
    // Far deeper: still bounded, still one tree.
    let huge = "{{ ".to_string() + &"(".repeat(200_000);
    let p = parse(&huge, &ParseOptions::new("t", &all_funcs));
    assert!(p.has_errors());
}

#[test]
fn dump_of_deep_nesting_is_linear() {
    // The dump stops indenting at some depth (it used to indent every level, so 10,000 nested
    // parentheses dumped to 400 MB: the fuzzer's time-out).
    let sizes: Vec<usize> = [5_000, 10_000]
        .iter()
        .map(|&n| {
            let text = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
            let p = parse(&text, &ParseOptions::new("t", &all_funcs));
            assert!(p.errors.is_empty());
            dump(&p).len()
        })
        .collect();
    assert!(sizes[1] < 400 * 10_000, "{sizes:?}");
    assert!(sizes[1] < sizes[0] * 21 / 10, "{sizes:?}");
    let text = format!("{{{{ {}1{} }}}}", "(".repeat(45), ")".repeat(45));
    let d = dump(&parse(&text, &ParseOptions::new("t", &all_funcs)));
    assert!(d.contains("\n                                                                                |41 cmd "), "{d}");
}

#[test]
fn deep_control_nesting_is_bounded() {
    let n = 20_000;
    let text = "{{ if . }}".repeat(n) + &"{{ end }}".repeat(n);
    let p = parse(&text, &ParseOptions::new("t", &all_funcs));
    assert_eq!(
        p.first_error().map(|e| e.message.as_str()),
        Some("max nesting depth exceeded")
    );
    let ok = "{{ with . }}".repeat(5000) + &"{{ end }}".repeat(5000);
    let p = parse(&ok, &ParseOptions::new("t", &all_funcs));
    assert!(p.errors.is_empty());
    let copy = p.main().clone();
    assert_eq!(&copy, p.main());
    assert_eq!(format!("{copy:?}").len(), format!("{:?}", p.main()).len());
    let _ = node_at_offset(&p, (ok.len() / 2) as u32);
    let blocks = "{{ block \"b\" . }}".repeat(3000) + &"{{ end }}".repeat(3000);
    let p = parse(&blocks, &ParseOptions::new("t", &all_funcs));
    assert!(p
        .errors
        .iter()
        .all(|e| e.message.contains("multiple definition")));
}

#[test]
fn long_pipelines_and_many_errors_are_bounded() {
    let text = "{{ .a".to_string() + &" | .b".repeat(50_000) + " }}";
    let p = parse(&text, &ParseOptions::new("t", &all_funcs));
    assert!(p.errors.is_empty());
    let bad = "{{ nope }}".repeat(5000);
    let p = parse(&bad, &ParseOptions::new("t", &|_: &str| false));
    assert_eq!(p.errors.len(), 1000);
    assert_eq!(p.main().root.nodes.len(), 5000);
}

#[test]
fn many_errors_cost_linear_time() {
    // Each action has a lexer error and there is no right delimiter anywhere: resynchronising
    // must not rescan the rest of the input for every error.
    let text = "{{ a- ".repeat(60_000);
    let p = parse(&text, &ParseOptions::new("t", &all_funcs));
    assert_eq!(p.errors.len(), 1000);
    assert_eq!(p.main().root.nodes.len(), 60_000);
    let text = "{{ 'x\n".repeat(60_000) + &"{{/* ".repeat(60_000);
    let p = parse(&text, &ParseOptions::new("t", &all_funcs));
    assert_eq!(
        p.first_error().unwrap().message,
        "unterminated character constant"
    );
    assert_eq!(p.errors.len(), 1000);
}
