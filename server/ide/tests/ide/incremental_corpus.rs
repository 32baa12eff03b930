//! The incremental render against a render from scratch on the charts of the shared corpus
//! (`../shared/corpus`, or `$CW_CORPUS`), when it is present: in each chart, a template is
//! edited (a comment line appended), the host that rendered the chart before renders it again
//! reusing what it can, and every template's output, error and source map must be what a fresh
//! host renders. Templates whose output differs between two renders from scratch (random
//! passwords, certificates, dates) are left out of the comparison.
//!
//! Every eighth chart by default, plus the largest (bitnami/contour,
//! helm-stable/prometheus-operator); `CW_INCREMENTAL_CORPUS_STEP=1` for all of them. Skipped,
//! saying so, when the corpus is absent; `incremental.rs` does not depend on it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cw_ide::{AnalysisHost, Config};

fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var_os("CW_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    dir.join("charts").is_dir().then_some(dir)
}

fn charts(corpus: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for s in std::fs::read_dir(corpus.join("charts"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for c in std::fs::read_dir(s.path()).into_iter().flatten().flatten() {
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

/// Template name → (output, error, source map segments), and the parse errors.
type Outcome = (HashMap<String, String>, Vec<String>);

fn outcome(host: &AnalysisHost, root: &Path) -> (Outcome, bool) {
    let snap = host.snapshot();
    let chart = snap.chart(root).unwrap();
    let Some(render) = snap.render_of(&chart).unwrap() else {
        return ((HashMap::new(), Vec::new()), false);
    };
    let templates = render
        .templates
        .iter()
        .map(|t| {
            let map = t.source_map.as_ref().map(|m| {
                m.segments()
                    .iter()
                    .map(|s| format!("{:?}{}{:?}", s.out, s.source, s.span))
                    .collect::<Vec<_>>()
            });
            let error = t.error.as_ref().map(|e| e.message().to_string());
            (
                t.name.clone(),
                format!("{:?}\n{error:?}\n{map:?}", t.content),
            )
        })
        .collect();
    let parse = render
        .parse_errors
        .iter()
        .map(|e| e.message().to_string())
        .collect();
    ((templates, parse), chart.reexecuted_templates().is_some())
}

fn fresh(root: &Path, overlay: Option<(&Path, &str)>) -> AnalysisHost {
    let mut host = AnalysisHost::new(Config::default());
    host.set_roots(vec![root.to_path_buf()]);
    if let Some((p, t)) = overlay {
        host.set_file(p, Arc::from(t));
    }
    host
}

#[test]
fn incremental_renders_equal_renders_from_scratch_on_the_corpus() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus at ../shared/corpus (set CW_CORPUS to run this test)");
        return;
    };
    let step: usize = std::env::var("CW_INCREMENTAL_CORPUS_STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8)
        .max(1);
    let always = ["bitnami/contour", "helm-stable/prometheus-operator"];
    let (mut edits, mut incremental, mut mismatches) = (0, 0, Vec::new());
    for (i, (name, root)) in charts(&corpus).iter().enumerate() {
        if i % step != 0 && !always.contains(&name.as_str()) {
            continue;
        }
        let mut host = fresh(root, None);
        let (before, _) = outcome(&host, root);
        let (again, _) = outcome(&fresh(root, None), root);
        // Deterministic templates: the same output in two renders from scratch.
        let stable: HashSet<&String> = before
            .0
            .iter()
            .filter(|(k, v)| again.0.get(*k) == Some(v))
            .map(|(k, _)| k)
            .collect();
        let mut names: Vec<&String> = before.0.keys().collect();
        names.sort();
        // The first and the last template in Helm's name order.
        let picks: Vec<&String> = names
            .first()
            .into_iter()
            .chain(names.last())
            .copied()
            .collect();
        let snap = host.snapshot();
        let chart = snap.chart(root).unwrap();
        let paths: Vec<(PathBuf, String)> = picks
            .iter()
            .filter_map(|n| {
                let t = chart.templates.iter().find(|t| &&t.helm_name == n)?;
                Some((t.path.clone(), t.text.to_string()))
            })
            .filter(|(p, _)| p.exists())
            .collect();
        drop(chart);
        for (path, text) in paths {
            let edited = format!("{text}\n# edited by the incremental corpus test\n");
            host.set_file(&path, Arc::from(edited.as_str()));
            let (got, reused) = outcome(&host, root);
            let (want, _) = outcome(&fresh(root, Some((&path, &edited))), root);
            edits += 1;
            incremental += usize::from(reused);
            for (k, v) in &want.0 {
                if stable.contains(k) && got.0.get(k) != Some(v) {
                    mismatches.push(format!("{name}: editing {}: {k}", path.display()));
                }
            }
            let extra: Vec<&String> = got.0.keys().filter(|k| !want.0.contains_key(*k)).collect();
            if !extra.is_empty() || got.1 != want.1 {
                mismatches.push(format!(
                    "{name}: editing {}: templates or parse errors",
                    path.display()
                ));
            }
            host.set_file(&path, Arc::from(text.as_str()));
        }
    }
    eprintln!("{edits} edits, {incremental} rendered incrementally");
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert!(edits > 0);
}
