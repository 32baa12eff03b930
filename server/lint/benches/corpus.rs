//! Criterion bench: load and check every chart of the shared corpus (../shared/corpus), or the
//! fixture charts of testdata/charts when the corpus is absent.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use cw_chart::DiskFs;

fn charts() -> (String, Vec<PathBuf>) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = manifest.canonicalize().unwrap_or(manifest.to_path_buf());
    let repo = manifest
        .ancestors()
        .nth(2)
        .expect("server/lint")
        .to_path_buf();
    let corpus = repo.join("../shared/corpus/charts");
    let mut out = Vec::new();
    if corpus.is_dir() {
        for source in std::fs::read_dir(&corpus).into_iter().flatten().flatten() {
            for chart in std::fs::read_dir(source.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                out.push(chart.path());
            }
        }
        out.sort();
        return (format!("corpus ({} charts)", out.len()), out);
    }
    for chart in std::fs::read_dir(repo.join("testdata/charts"))
        .into_iter()
        .flatten()
        .flatten()
    {
        if !chart.file_name().to_string_lossy().starts_with('.') {
            out.push(chart.path());
        }
    }
    out.sort();
    (format!("fixtures ({} charts)", out.len()), out)
}

fn bench(c: &mut Criterion) {
    let (name, charts) = charts();
    let mut group = c.benchmark_group("load_and_check");
    group.sample_size(10);
    group.bench_function(name, |b| {
        b.iter(|| {
            let mut findings = 0;
            for chart in &charts {
                findings += cw_lint::lint(&DiskFs, chart).1.len();
            }
            findings
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
