//! In-process render time of whole charts: load, compute values, render and assemble, as
//! `chartwright template` does minus process start. The largest corpus charts
//! (helm-stable/prometheus-operator, bitnami/contour) when `../shared/corpus` exists, and the
//! bundled example chart always.
//!
//! `cargo bench -p cw-engine --bench render`

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use cw_engine::template::{template, TemplateOptions};
use cw_engine::Engine;

fn charts() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = vec![(
        "examples/webapp".to_string(),
        root.join("testdata/examples/webapp"),
    )];
    let corpus = root.join("../shared/corpus/charts");
    for name in ["helm-stable/prometheus-operator", "bitnami/contour"] {
        let dir = corpus.join(name);
        if dir.join("Chart.yaml").exists() {
            out.push((name.to_string(), dir));
        } else {
            eprintln!("render bench: {} not found; skipped", dir.display());
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let engine = Engine::default();
    let opts = TemplateOptions {
        release_name: "release-name".into(),
        namespace: "default".into(),
        ..TemplateOptions::default()
    };
    let mut group = c.benchmark_group("template");
    group.sample_size(20);
    for (name, dir) in charts() {
        let res = template(&dir, &opts, &engine);
        assert!(res.error.is_none(), "{name}: {:?}", res.error);
        group.bench_function(&name, |b| b.iter(|| template(&dir, &opts, &engine)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
