//! Fixture tests of the template language intelligence that read as its spec: named templates
//! as Helm loads them, and syntax errors as `helm template` reports them.

mod defines;
mod navigation;
mod syntax;

use crate::fixture::Fixture;

/// The diagnostics of the fixture's root chart with the given code, one line each:
/// `FILE@TEXT: MESSAGE`, where TEXT is the text the range covers.
pub(super) fn diags_with_code(fixture: &str, code: &str) -> String {
    diagnostics(fixture, code)
        .into_iter()
        .map(|(rel, covered, message)| format!("{rel}@{covered}: {message}\n"))
        .collect()
}

/// The diagnostics of the fixture's root chart with the given code: (file relative to the
/// chart, the text the range covers, the message).
pub(super) fn diagnostics(fixture: &str, code: &str) -> Vec<(String, String, String)> {
    let f = Fixture::parse(fixture);
    let analysis = f.host.snapshot();
    let all = analysis.diagnostics(&f.root).unwrap();
    let mut out = Vec::new();
    for (file, findings) in all {
        let text = analysis.file_text(&file).unwrap_or_default();
        let rel = file.strip_prefix(&f.root).unwrap().display().to_string();
        for d in findings.iter().filter(|d| d.code == code) {
            let covered = d.range.map_or("", |r| &text[r.to_usize()]);
            out.push((rel.clone(), covered.to_string(), d.message.clone()));
        }
    }
    out
}
