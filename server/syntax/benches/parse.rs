//! Parse speed on a real 300-line Helm template (Bitnami's phpmyadmin deployment.yaml,
//! Apache-2.0), with spans, comments and error recovery as always.

use criterion::{criterion_group, criterion_main, Criterion};
use cw_syntax::{parse, ParseOptions};

fn bench(c: &mut Criterion) {
    let text = include_str!("fixtures/deployment.yaml");
    let funcs = |_: &str| true;
    let opts = ParseOptions::new("deployment.yaml", &funcs);
    assert!(parse(text, &opts).errors.is_empty());
    c.bench_function("parse deployment.yaml (306 lines)", |b| {
        b.iter(|| parse(std::hint::black_box(text), &opts))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
