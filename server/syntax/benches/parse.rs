//! Parse speed on a real 300-line Helm template (Bitnami's phpmyadmin deployment.yaml,
//! Apache-2.0), with spans, comments and error recovery as always, against the `gotmpl` crate
//! (the reference the target is set against) on the same text in the same group, so the ratio
//! comes from one run on a loaded machine; and deeply nested parentheses (Go's limit is 10,000
//! levels), whose time must grow linearly with the depth (levels past what the thread's own
//! stack holds run on stack segments that stacker maps afresh, and cost their page faults).
//!
//! Two steadier measures on a shared machine, from the examples beside this bench:
//! - instructions per parse (callgrind; subtract a run with N = 0 for the start-up):
//!   `cargo build --release -p cw-syntax --example pcount`, then
//!   `valgrind --tool=callgrind target/release/examples/pcount server/syntax/benches/fixtures/deployment.yaml 100`
//!   and the same with a last argument `gotmpl` for the reference;
//! - time, as the minimum over interleaved batches of both parsers:
//!   `cargo run --release -p cw-syntax --example ptime -- server/syntax/benches/fixtures/deployment.yaml`.

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

    let mut g = c.benchmark_group("parse nested parentheses");
    for depth in [2_500, 5_000, 10_000] {
        let text = format!("{{{{ {}1{} }}}}", "(".repeat(depth), ")".repeat(depth));
        assert!(parse(&text, &opts).errors.is_empty());
        g.bench_function(format!("{depth} levels"), |b| {
            b.iter(|| parse(std::hint::black_box(&text), &opts))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
