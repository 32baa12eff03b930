//! Parse speed on a real 300-line Helm template (Bitnami's phpmyadmin deployment.yaml,
//! Apache-2.0), with spans, comments and error recovery as always, against the `gotmpl` crate
//! (the reference the target is set against) on the same text in the same group, so the ratio
//! comes from one run on a loaded machine.

use criterion::{criterion_group, criterion_main, Criterion};
use cw_syntax::{parse, ParseOptions};

fn bench(c: &mut Criterion) {
    let text = include_str!("fixtures/deployment.yaml");
    let funcs = |_: &str| true;
    let opts = ParseOptions::new("deployment.yaml", &funcs);
    assert!(parse(text, &opts).errors.is_empty());
    // gotmpl does not check function names at parse time, so its builtins are enough.
    assert!(gotmpl::Template::new("deployment.yaml").parse(text).is_ok());
    let mut g = c.benchmark_group("parse deployment.yaml (306 lines)");
    g.bench_function("cw-syntax", |b| {
        b.iter(|| parse(std::hint::black_box(text), &opts))
    });
    // The parser alone (lexer + parser, as `parse` above).
    g.bench_function("gotmpl Parser", |b| {
        b.iter(|| {
            gotmpl::parse::Parser::new(std::hint::black_box(text), "{{", "}}")
                .and_then(|p| p.parse())
                .unwrap()
        })
    });
    // What a gotmpl user calls: `Template::new(name).parse(text)`.
    g.bench_function("gotmpl Template::parse", |b| {
        b.iter(|| {
            gotmpl::Template::new("deployment.yaml")
                .parse(std::hint::black_box(text))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
