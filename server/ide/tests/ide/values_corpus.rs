//! Robustness over the public corpus (`../shared/corpus/charts`, when present): every values
//! feature at every `.Values.` of every template of a sample of real charts answers without
//! panicking, and the diagnostics stay within the chart's files. Skipped, saying so, when the
//! corpus is absent; the fixture tests are the specification.

use std::path::PathBuf;

use cw_base::TextRange;
use cw_ide::{AnalysisHost, Config};

fn corpus() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/charts");
    let mut out = Vec::new();
    for source in std::fs::read_dir(&dir).ok()? {
        let source = source.ok()?.path();
        for chart in std::fs::read_dir(&source).ok()? {
            let chart = chart.ok()?.path();
            if chart.join("Chart.yaml").exists() {
                out.push(chart);
            }
        }
    }
    out.sort();
    Some(out)
}

#[test]
fn every_values_feature_answers_on_real_charts() {
    let Some(charts) = corpus() else {
        eprintln!("skipped: ../shared/corpus/charts is not present");
        return;
    };
    // A fixed sample (every 25th chart) keeps the debug-build test short;
    // `CW_VALUES_CORPUS_STEP=1` checks them all.
    let step = std::env::var("CW_VALUES_CORPUS_STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let mut checked = 0;
    for root in charts.iter().step_by(step) {
        let root = cw_ide::vfs::normalize(root);
        let mut host = AnalysisHost::new(Config::default());
        host.set_roots(vec![root.clone()]);
        let a = host.snapshot();
        let diags = a.diagnostics(&root).unwrap();
        for (path, findings) in &diags {
            let text = a.file_text(path).unwrap_or_default();
            for f in findings.iter().filter(|f| f.code.starts_with("values-")) {
                let r = f.range.expect("values findings have a range");
                assert!(r.end() as usize <= text.len(), "{f:?}");
            }
        }
        let chart = a.chart(&root).unwrap();
        for t in chart.templates.iter().take(20) {
            let text = &t.text;
            let _ = a
                .inlay_hints(&t.path, TextRange::new(0, text.len() as u32))
                .unwrap();
            for (i, _) in text.match_indices(".Values.").take(20) {
                let at = (i + ".Values.".len()) as u32;
                let _ = a.completion(&t.path, at).unwrap();
                let _ = a.hover(&t.path, at + 1).unwrap();
                let _ = a.goto_definition(&t.path, at + 1).unwrap();
                let _ = a.references(&t.path, at + 1, true).unwrap();
                if a.prepare_rename(&t.path, at + 1).unwrap().is_some() {
                    let _ = a.rename(&t.path, at + 1, "renamed").unwrap();
                }
                let _ = a.code_actions(&t.path, TextRange::new(at, at + 1)).unwrap();
            }
        }
        checked += 1;
    }
    assert!(checked > 0);
}
