//! Speed of what Helm does with semver on every render and dependency update: parsing the
//! constraints charts write, checking versions against them, and picking from a repository index.

use criterion::{criterion_group, criterion_main, Criterion};
use cw_semver::helm::{highest_matching, semver_compare};
use cw_semver::{Constraints, Version};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let constraints = [
        ">=1.20.0-0",
        ">= 1.19.0-0 < 1.22.0-0",
        "^1.2.3 || ~2.4 || 3.x",
        "1.2 - 1.4, !=1.3.5",
    ];
    c.bench_function("parse 4 typical constraints", |b| {
        b.iter(|| {
            for text in constraints {
                black_box(Constraints::parse(black_box(text)).is_ok());
            }
        })
    });
    c.bench_function("parse version v1.30.2-gke.1+build", |b| {
        b.iter(|| Version::parse(black_box("v1.30.2-gke.1+build")))
    });
    let parsed = Constraints::parse(">= 1.19.0-0 < 1.22.0-0 || ^2.0.0").unwrap();
    let version = Version::parse("1.21.3").unwrap();
    c.bench_function("check a parsed constraint", |b| {
        b.iter(|| black_box(&parsed).check(black_box(&version)))
    });
    c.bench_function("semverCompare (parse both, check)", |b| {
        b.iter(|| semver_compare(black_box(">=1.20.0-0"), black_box("v1.30.2")))
    });
    let index: Vec<String> = (0..20)
        .flat_map(|major| (0..10).map(move |minor| format!("{major}.{minor}.0")))
        .collect();
    let wanted = Constraints::parse("^7.3").unwrap();
    c.bench_function("pick from a 200-version index", |b| {
        b.iter(|| highest_matching(black_box(&wanted), index.iter().map(String::as_str)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
