//! Unit tests of the values intelligence that need crate-private entry points (the
//! diagnostics); the features' fixture tests are in `server/ide/tests/values_*.rs`.

mod diagnostics;

use crate::fixture::Fixture;

/// The values diagnostics of the fixture's root chart, one line each:
/// `SEVERITY CODE FILE@TEXT: MESSAGE`, where TEXT is the text the range covers.
pub(super) fn diags(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let analysis = f.host.snapshot();
    let chart = analysis.chart(&f.root).unwrap();
    let mut findings = super::value_diagnostics(&chart, &analysis).unwrap();
    findings.sort_by(|a, b| {
        (&a.file, a.range.map(|r| r.start())).cmp(&(&b.file, b.range.map(|r| r.start())))
    });
    let mut out = String::new();
    for d in findings {
        let text = analysis.file_text(&d.file).unwrap();
        let rel = d.file.strip_prefix(&f.root).unwrap().display().to_string();
        let covered = d.range.map_or("", |r| &text[r.to_usize()]);
        out.push_str(&format!(
            "{} {} {rel}@{covered}: {}\n",
            d.severity, d.code, d.message
        ));
    }
    out
}
