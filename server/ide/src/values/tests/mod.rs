//! Unit tests of the values intelligence that need crate-private entry points (the
//! diagnostics, and the values read through `with`, variables and `range` elements); the other
//! features' fixture tests are in `server/ide/tests/values_*.rs`.

mod diagnostics;
mod elements;

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

/// The `.Values` completion items at the cursor: label and detail, one per line.
pub(super) fn completion(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let mut out = String::new();
    for i in items
        .iter()
        .filter(|i| i.kind == crate::CompletionKind::Value)
    {
        out.push_str(&i.label);
        if let Some(d) = &i.detail {
            out.push_str(&format!(" — {d}"));
        }
        out.push('\n');
    }
    out
}

/// The hover at the cursor: the text it covers, then its markdown.
pub(super) fn hover(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let analysis = f.host.snapshot();
    match analysis.hover(path, offset).unwrap() {
        Some(h) => {
            let text = analysis.file_text(path).unwrap();
            format!("[{}]\n{}\n", &text[h.range.to_usize()], h.markdown)
        }
        None => "no hover\n".into(),
    }
}

/// `file:line@covered text` for each range.
pub(super) fn ranges(f: &Fixture, ranges: &[crate::FileRange]) -> String {
    let analysis = f.host.snapshot();
    let mut out = String::new();
    for r in ranges {
        let text = analysis.file_text(&r.path).unwrap();
        let line = text[..r.range.start() as usize].matches('\n').count() + 1;
        let rel = r.path.strip_prefix(&f.root).unwrap_or(&r.path).display();
        out.push_str(&format!("{rel}:{line}@{}\n", &text[r.range.to_usize()]));
    }
    out
}

/// Definitions, then references (without declarations), of the value at the cursor.
pub(super) fn navigation(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let analysis = f.host.snapshot();
    let defs = analysis.goto_definition(path, offset).unwrap();
    let refs = analysis.references(path, offset, false).unwrap();
    format!(
        "definition:\n{}references:\n{}",
        ranges(&f, &defs),
        ranges(&f, &refs)
    )
}

/// A rename at the cursor: every changed file after the edits, as `//- /path` sections, or
/// the error.
pub(super) fn rename(fixture: &str, new_name: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let analysis = f.host.snapshot();
    let change = match analysis.rename(path, offset, new_name).unwrap() {
        Ok(c) => c,
        Err(e) => return format!("error: {e}\n"),
    };
    let mut out = String::new();
    for (path, edits) in &change.edits {
        let mut text = analysis.file_text(path).unwrap().to_string();
        for e in edits.iter().rev() {
            text.replace_range(e.range.to_usize(), &e.new_text);
        }
        let rel = path.strip_prefix(&f.root).unwrap_or(path).display();
        out.push_str(&format!("//- /{rel}\n{text}"));
    }
    out
}
