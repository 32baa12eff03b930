//! Prints findings the way rustc prints diagnostics: a header, a `-->` location, the source
//! line and a caret underline.

use std::io::{self, Write};

use cw_base::{Finding, LineIndex, TextRange};

/// Writes one finding. `path` is how to show the file; `text` is its contents when known;
/// `related` are the related locations, already formatted (`message: path:line:col`).
pub fn write_finding(
    out: &mut dyn Write,
    finding: &Finding,
    path: &str,
    text: Option<&str>,
    related: &[String],
) -> io::Result<()> {
    let mut lines = finding.message.lines();
    writeln!(
        out,
        "{}[{}]: {}",
        finding.severity,
        finding.code,
        lines.next().unwrap_or("")
    )?;
    for extra in lines {
        writeln!(out, "  {}", extra.trim_start_matches('\t'))?;
    }
    match (finding.range, text) {
        (Some(range), Some(text)) => {
            let index = LineIndex::new(text);
            let start = index.line_col(range.start());
            let line_range = index
                .line_range(text, start.line)
                .unwrap_or(0..text.len().min(range.start() as usize));
            let line = &text[line_range.clone()];
            let before = text
                .get(line_range.start..range.start() as usize)
                .unwrap_or("");
            let col = before.chars().count() + 1;
            let end = (range.end() as usize).min(line_range.end);
            let width = text
                .get(range.start() as usize..end.max(range.start() as usize))
                .map_or(0, |s| s.chars().count())
                .max(1);
            let number = (start.line + 1).to_string();
            let pad = " ".repeat(number.len());
            writeln!(out, "{pad}--> {path}:{}:{col}", start.line + 1)?;
            writeln!(out, "{pad} |")?;
            writeln!(out, "{number} | {line}")?;
            let indent: String = before
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(out, "{pad} | {indent}{}", "^".repeat(width))?;
        }
        _ => writeln!(out, " --> {path}")?,
    }
    for r in related {
        writeln!(out, "  = note: {r}")?;
    }
    writeln!(out)
}

/// `path:line:col` for a position in `text` (1-based line, 1-based character column).
pub fn location(path: &str, text: &str, range: TextRange) -> String {
    let lc = LineIndex::new(text).line_col(range.start());
    let line_start = LineIndex::new(text).line_start(lc.line).unwrap_or(0) as usize;
    let col = text
        .get(line_start..range.start() as usize)
        .map_or(lc.col as usize, |s| s.chars().count())
        + 1;
    format!("{path}:{}:{col}", lc.line + 1)
}
