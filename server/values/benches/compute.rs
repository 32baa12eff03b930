//! Speed of the values layer: `--set` parsing, user values merging, and `compute` (dependency
//! processing, coalescing, scoping) on a chart with large values and several subcharts.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

/// A values.yaml of about `n` lines: nested maps, lists and scalars.
fn values_text(n: usize, salt: &str) -> String {
    let mut s = String::new();
    for i in 0..n / 10 {
        s.push_str(&format!(
            "section{i}:\n  enabled: true\n  name: {salt}-{i}\n  replicas: {i}\n  image:\n    repository: repo/{salt}\n    tag: \"1.{i}\"\n  list:\n  - a\n  - {{b: {i}}}\n"
        ));
    }
    s.push_str("global:\n  registry: example.com\n  labels: {team: x}\n");
    s
}

fn chart() -> cw_chart::Chart {
    let mut fs = cw_chart::MemoryFs::new();
    let mut deps = String::from("dependencies:\n");
    for i in 0..5 {
        deps.push_str(&format!(
            "- name: sub{i}\n  version: 0.1.0\n  condition: sub{i}.section1.enabled\n  import-values:\n  - child: section2\n    parent: imported{i}\n"
        ));
        fs.insert_file(
            format!("/c/charts/sub{i}/Chart.yaml"),
            format!("apiVersion: v2\nname: sub{i}\nversion: 0.1.0\n"),
        );
        fs.insert_file(
            format!("/c/charts/sub{i}/values.yaml"),
            values_text(2000, "sub"),
        );
    }
    fs.insert_file(
        "/c/Chart.yaml",
        format!("apiVersion: v2\nname: parent\nversion: 1.0.0\n{deps}"),
    );
    fs.insert_file("/c/values.yaml", values_text(5000, "parent"));
    cw_chart::load(&fs, Path::new("/c")).chart
}

fn bench(c: &mut Criterion) {
    let chart = chart();
    let line: String = (0..500)
        .map(|i| format!("a.b{i}.c[{}]=v{i},", i % 7))
        .collect();
    c.bench_function("strvals_parse_500_keys", |b| {
        b.iter(|| cw_values::strvals::parse(black_box(&line)).unwrap())
    });
    let opts = cw_values::ValueOptions {
        value_files: vec![("over.yaml".into(), values_text(2000, "user"))],
        values: vec![line.clone()],
        ..Default::default()
    };
    let read = |p: &str| Err(format!("open {p}: no such file or directory"));
    c.bench_function("merge_user_values_2000_lines", |b| {
        b.iter(|| cw_values::merge_user_values(black_box(&opts), &read).unwrap())
    });
    let user = cw_values::merge_user_values(&opts, &read).unwrap();
    c.bench_function("compute_5_subcharts_15000_lines", |b| {
        b.iter(|| {
            let r = cw_values::compute(black_box(&chart), &user.values, &Default::default());
            black_box(r.root.walk().len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
