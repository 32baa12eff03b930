//! Helpers the values fixture tests share (included by each `values_*.rs` test with
//! `#[path]`): run a feature at the fixture's `$0` and print its result as plain text.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use cw_ide::fixture::Fixture;
use cw_ide::{FileRange, SourceChange};

/// Completion labels with their detail, one per line.
pub fn completion(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let mut out = String::new();
    for i in items
        .iter()
        .filter(|i| i.kind == cw_ide::CompletionKind::Value)
    {
        out.push_str(&i.label);
        if let Some(d) = &i.detail {
            out.push_str(&format!(" — {d}"));
        }
        out.push('\n');
    }
    out
}

/// The hover's markdown, after the text it covers.
pub fn hover(fixture: &str) -> String {
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
pub fn ranges(f: &Fixture, ranges: &[FileRange]) -> String {
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

/// Every changed file after applying the change, as `//- /path` sections.
pub fn apply(f: &Fixture, change: &SourceChange) -> String {
    let analysis = f.host.snapshot();
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (path, edits) in &change.edits {
        let mut text = analysis.file_text(path).unwrap().to_string();
        for e in edits.iter().rev() {
            text.replace_range(e.range.to_usize(), &e.new_text);
        }
        files.insert(path.clone(), text);
    }
    let mut out = String::new();
    for (path, text) in files {
        let rel = path.strip_prefix(&f.root).unwrap_or(&path).display();
        out.push_str(&format!("//- /{rel}\n{text}"));
    }
    out
}
