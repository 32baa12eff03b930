//! Diagnostics and the preview over every chart of the shared corpus (`../shared/corpus`, or
//! `$CW_CORPUS`), when it is present: no panic; no error-severity diagnostic on a chart whose
//! recorded `helm template` succeeded; the preview is the recorded `helm template` output (lines
//! that differ between two helm runs excepted) and its source map round-trips. The rendered-template lint rules are left out of the second check:
//! `helm lint` may fail where `helm template` succeeds, and `chartwright lint`'s parity test
//! (server/cli/tests/cli/lint_parity.rs) checks those rules against the recorded `helm lint`.
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
    // Ranges outside their file's text or not on character boundaries.
    let mut bad_ranges = Vec::new();
    let (mut previews_checked, mut skipped_previews, mut preview_mismatches, mut map_errors) =
        (0, Vec::new(), Vec::new(), Vec::new());
    let list = charts(&corpus);
    assert!(!list.is_empty(), "the corpus has charts");
    for (name, dir) in &list {
        let rc = std::fs::read_to_string(corpus.join("goldens").join(name).join("default.rc"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut host = AnalysisHost::new(Config::default());
            host.set_roots(vec![dir.clone()]);
            let snap = host.snapshot();
            let diags = snap.diagnostics(dir).expect("nothing cancels it");
            let preview = snap
                .render_preview(&dir.join("Chart.yaml"), None, false)
                .expect("nothing cancels it");
            (diags, preview)
        }));
        let (diags, preview) = match result {
            Ok(r) => r,
            Err(_) => {
                panics.push(name.clone());
                continue;
            }
        };
        for (file, findings) in &diags {
            let text = std::fs::read_to_string(file).ok();
            for d in findings {
                let ok = match (d.range, &text) {
                    (Some(r), Some(t)) => t.get(r.to_usize()).is_some(),
                    (Some(_), None) => false,
                    (None, _) => true,
                };
                if !ok {
                    bad_ranges.push(format!(
                        "{name}: {} {:?} {}",
                        file.display(),
                        d.range,
                        d.code
                    ));
                }
            }
        }
        if rc != "0" {
            continue;
        }
        let timed_out = diags
            .values()
            .flatten()
            .any(|d| d.code == "template-render-time-limit");
        if timed_out {
            // The debug build on a busy machine: the render is incomplete.
            skipped_previews.push(name.clone());
        } else {
            let golden = corpus.join("goldens").join(name);
            let out = std::fs::read_to_string(golden.join("default.yaml")).unwrap_or_default();
            let run2 = std::fs::read_to_string(golden.join("default.run2.yaml")).ok();
            if !same_output(&preview.text, &out, run2.as_deref()) {
                preview_mismatches.push(name.clone());
            } else {
                previews_checked += 1;
            }
            if let Err(e) = round_trips(&preview) {
                map_errors.push(format!("{name}: {e}"));
            }
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
    eprintln!(
        "{} corpus charts diagnosed; {previews_checked} previews equal to helm template, {} not \
         compared (render stopped at the time limit): {skipped_previews:?}",
        list.len(),
        skipped_previews.len()
    );
    assert!(panics.is_empty(), "panicked on: {panics:?}");
    assert!(bad_ranges.is_empty(), "{}", bad_ranges.join("\n"));
    assert!(
        preview_mismatches.is_empty(),
        "previews that differ from helm template: {preview_mismatches:?}"
    );
    assert!(map_errors.is_empty(), "{}", map_errors.join("\n"));
    assert!(
        false_errors.is_empty(),
        "{} errors on charts helm renders:\n{}",
        false_errors.len(),
        false_errors.join("\n")
    );
}

/// The preview equals helm's output, except on lines that differ between two helm runs.
fn same_output(preview: &str, golden: &str, run2: Option<&str>) -> bool {
    let Some(run2) = run2 else {
        return preview == golden;
    };
    let (p, g, r): (Vec<&str>, Vec<&str>, Vec<&str>) = (
        preview.lines().collect(),
        golden.lines().collect(),
        run2.lines().collect(),
    );
    if p.len() != g.len() || g.len() != r.len() {
        return false;
    }
    p.iter().zip(&g).zip(&r).all(|((p, g), r)| p == g || g != r)
}

/// Every segment of the preview maps to template text that says what was printed: the same
/// bytes for verbatim text, a whole `{{ ... }}` action otherwise.
fn round_trips(p: &cw_ide::preview::Preview) -> Result<(), String> {
    let mut texts = std::collections::HashMap::new();
    for s in &p.segments {
        let text = texts
            .entry(s.path.clone())
            .or_insert_with(|| std::fs::read_to_string(&s.path).unwrap_or_default());
        let Some(source) = text.get(s.range.to_usize()) else {
            return Err(format!("{} has no range {:?}", s.path.display(), s.range));
        };
        let rendered = &p.text[s.rendered.to_usize()];
        if s.verbatim && source != rendered {
            return Err(format!(
                "{}: {source:?} printed as {rendered:?}",
                s.path.display()
            ));
        }
        let is_action = source.starts_with("{{") && source.ends_with("}}");
        if !s.verbatim && !is_action {
            return Err(format!(
                "{}: action range covers {source:?}",
                s.path.display()
            ));
        }
    }
    Ok(())
}
