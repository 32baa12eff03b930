//! Rule `manifest-indent`: a rendered template starts with an indented line.

use cw_base::Finding;

use super::{locate, RenderedTemplate};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a rendered template whose first non-blank line starts with a space or a tab
    /// (`document starts with an illegal indent: "  name: x", which may cause parsing problems`).
    ///
    /// ## Why is this bad?
    /// An indented first line usually comes from a `{{ include }}` or `{{ if }}` that kept its
    /// whitespace; the YAML may then parse differently from what was meant, or not at all.
    ///
    /// ## Example
    /// ```yaml
    /// {{ if .Values.enabled }}   # write {{- if ... }} to trim the newline
    ///   apiVersion: v1
    /// ```
    pub static RULE = ("manifest-indent", Warning, "a rendered template starts with an indented line");
}

pub(crate) fn check(t: &RenderedTemplate, text: &str, out: &mut Vec<Finding>) {
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        // bufio.Scanner drops a trailing \r.
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            let range = cw_base::TextRange::new(start as u32, (start + line.len()) as u32);
            out.push(RULE.finding(
                t.name,
                locate(t.source, text, range),
                format!(
                    "document starts with an illegal indent: {}, which may cause parsing problems",
                    cw_yaml::go_quote(line)
                ),
            ));
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::super::run_one;

    #[test]
    fn first_non_blank_line_only() {
        let f = run_one("templates/x.yaml", "\n\n  a: 1\n");
        assert_eq!(
            f[0].message,
            "document starts with an illegal indent: \"  a: 1\", which may cause parsing problems"
        );
        assert!(run_one("templates/x.yaml", "\na: 1\n  b: 2\n")
            .iter()
            .all(|f| f.code != super::RULE.code));
    }
}
