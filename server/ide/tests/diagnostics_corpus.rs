//! Diagnostics over every chart of the shared corpus (`../shared/corpus`, or `$CW_CORPUS`), when
//! it is present: no panic, and no error-severity diagnostic on a chart whose recorded
//! `helm template` succeeded. The rendered-template lint rules are left out of the second check:
//! `helm lint` may fail where `helm template` succeeds, and `chartwright lint`'s parity test
//! (server/cli/tests/lint_parity.rs) checks those rules against the recorded `helm lint`.
//! Skipped, saying so, when the corpus is absent; the fixture tests of `diagnostics.rs` do not
//! depend on it.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use cw_ide::{AnalysisHost, Config, Severity};

fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var_os("CW_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    dir.join("charts").is_dir().then_some(dir)
}

fn charts(corpus: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(sources) = std::fs::read_dir(corpus.join("charts")) else {
        return out;
    };
    for s in sources.flatten() {
        let Ok(charts) = std::fs::read_dir(s.path()) else {
            continue;
        };
        for c in charts.flatten() {
            let name = format!(
                "{}/{}",
                s.file_name().to_string_lossy(),
                c.file_name().to_string_lossy()
            );
            out.push((name, c.path()));
        }
    }
    out.sort();
    out
}

/// A lint rule over rendered output (not a loader, values or render finding).
fn is_rendered_lint_rule(code: &str) -> bool {
    cw_lint::rule(code).is_some() && !cw_chart::codes::ALL.contains(&code)
}

#[test]
fn corpus_charts_diagnose_without_panics_or_false_errors() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus at ../shared/corpus (set CW_CORPUS to run this test)");
        return;
    };
    let mut panics = Vec::new();
    let mut false_errors = Vec::new();
    let list = charts(&corpus);
    assert!(!list.is_empty(), "the corpus has charts");
    for (name, dir) in &list {
        let rc = std::fs::read_to_string(corpus.join("goldens").join(name).join("default.rc"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut host = AnalysisHost::new(Config::default());
            host.set_roots(vec![dir.clone()]);
            host.snapshot()
                .diagnostics(dir)
                .expect("nothing cancels it")
        }));
        let diags = match result {
            Ok(d) => d,
            Err(_) => {
                panics.push(name.clone());
                continue;
            }
        };
        if rc != "0" {
            continue;
        }
        for d in diags.values().flatten() {
            if d.severity == Severity::Error && !is_rendered_lint_rule(d.code) {
                false_errors.push(format!(
                    "{name}: {} {:?} {}: {}",
                    d.file.strip_prefix(dir).unwrap_or(&d.file).display(),
                    d.range,
                    d.code,
                    d.message
                ));
            }
        }
    }
    eprintln!("{} corpus charts diagnosed", list.len());
    assert!(panics.is_empty(), "panicked on: {panics:?}");
    assert!(
        false_errors.is_empty(),
        "{} errors on charts helm renders:\n{}",
        false_errors.len(),
        false_errors.join("\n")
    );
}
