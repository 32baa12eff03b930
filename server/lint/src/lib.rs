//! Lint rules over loaded charts: one file per rule, each documented for hover and `--explain`.
//!
//! [`check_chart`] runs the Chart.yaml and dependency rules over a loaded chart; [`lint`] loads a
//! chart and runs them, returning the loader's findings and the rules' together. Every rule is a
//! [`Rule`] in the [`registry`], with a stable code, a default severity and its documentation
//! (`## What it does / ## Why is this bad? / ## Example`), taken from the doc comment of its
//! file so the two never drift apart.

use std::path::Path;

use cw_base::{Finding, Severity, TextRange};
use cw_chart::{Chart, FileSystem, LoadResult, Metadata};
use cw_yaml::Node;

mod external;
pub mod rendered;
mod rules;
mod urls;

pub use rendered::{check_crds, check_templates, KubeVersion, RenderedTemplate};

pub use urls::{is_email, is_request_url, is_url};

/// A lint rule: its stable code, default severity and documentation.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// The full documentation, Markdown: `## What it does`, `## Why is this bad?`, `## Example`,
    /// as the doc comment's attributes hold it (each line keeps the space after `///`; see
    /// [`Rule::markdown`]).
    pub doc: &'static str,
}

impl Rule {
    /// The documentation as Markdown, without the doc comment's leading spaces.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// A finding of this rule at its default severity.
    pub fn finding(
        &'static self,
        file: impl Into<std::path::PathBuf>,
        range: Option<TextRange>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(self.code, self.severity, file, range, message)
    }
}

/// Declares a [`Rule`] whose `doc` is the doc comment written above it.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = ($code:literal, $sev:ident, $summary:literal);
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::Rule = $crate::Rule {
            code: $code,
            severity: cw_base::Severity::$sev,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, loader problems included, in the order `helm lint` runs its checks, then the
/// rules checked above this crate (render outcomes, the values analysis; see `external`).
pub fn registry() -> &'static [&'static Rule] {
    rules::ALL
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.code == code)
}

/// A rule's documentation as Markdown, headed by its code and severity: what `--explain CODE`
/// prints and what hover shows.
pub fn explain(code: &str) -> Option<String> {
    let r = rule(code)?;
    Some(format!(
        "# {} ({})\n\n{}.\n\n{}",
        r.code,
        r.severity,
        r.summary,
        r.markdown().trim_end()
    ))
}

/// Chart.yaml as `helm lint` reads it for its Chart.yaml checks: the file alone (no
/// requirements.yaml merged, no apiVersion assumed).
pub struct ChartFile {
    pub text: String,
    pub root: Option<Node>,
    pub metadata: Metadata,
    /// False when the file does not parse or a field has the wrong type (Helm's
    /// `unable to parse YAML` guard, after which it skips the other Chart.yaml checks).
    pub parsed: bool,
}

impl ChartFile {
    fn read(chart: &Chart) -> Option<ChartFile> {
        let file = chart.chart_yaml.as_ref()?;
        let text = String::from_utf8_lossy(&file.data).into_owned();
        // Helm reads the first YAML document of Chart.yaml only.
        let loaded = cw_yaml::load_documents(&text)
            .into_iter()
            .next()
            .unwrap_or(cw_yaml::Loaded {
                root: None,
                errors: Vec::new(),
            });
        let mut metadata = Metadata::default();
        let mut parsed = loaded.first_error().is_none();
        if parsed {
            parsed =
                cw_chart::decode::decode_metadata(loaded.root.as_ref(), &mut metadata).is_empty();
        }
        Some(ChartFile {
            text,
            root: loaded.root,
            metadata,
            parsed,
        })
    }

    /// A top-level key of Chart.yaml as written.
    pub fn entry(&self, key: &str) -> Option<&cw_yaml::Entry> {
        self.root.as_ref()?.as_map()?.entry(key)
    }
}

/// What a rule sees.
pub struct Context<'a> {
    pub chart: &'a Chart,
    /// Chart.yaml read alone, when the chart has one.
    pub chart_file: Option<ChartFile>,
    /// Where the chart is on disk (or in an overlay), for rules that look at paths
    /// (`file://` repositories, Chart.yaml being a directory).
    pub fs: Option<(&'a dyn FileSystem, &'a Path)>,
}

/// Runs the Chart.yaml and dependency rules over a loaded chart. `fs` is where the chart was
/// loaded from, when it came from a file system.
pub fn check_chart(chart: &Chart, fs: Option<(&dyn FileSystem, &Path)>) -> Vec<Finding> {
    let cx = Context {
        chart,
        chart_file: ChartFile::read(chart),
        fs,
    };
    let mut out = Vec::new();
    rules::run(&cx, &mut out);
    out
}

/// Loads the chart at `path` and runs every rule: the loader's findings, then the rules'.
pub fn lint(fs: &dyn FileSystem, path: &Path) -> (LoadResult, Vec<Finding>) {
    let loaded = cw_chart::load(fs, path);
    let mut findings = loaded.findings.clone();
    let is_dir = fs
        .metadata(path)
        .is_ok_and(|m| m.kind == cw_chart::FileKind::Dir);
    let fs_arg = if is_dir { Some((fs, path)) } else { None };
    findings.extend(check_chart(&loaded.chart, fs_arg));
    (loaded, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_codes_are_unique() {
        let mut codes: Vec<_> = registry().iter().map(|r| r.code).collect();
        for r in registry() {
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(r.doc.contains(section), "{} lacks {section}", r.code);
            }
            assert!(!r.summary.is_empty());
        }
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate rule codes");
        for code in cw_chart::codes::ALL {
            assert!(rule(code).is_some(), "loader code {code} has no rule doc");
        }
    }

    #[test]
    fn explain_renders_markdown() {
        let text = explain("chart-yaml-unknown-key").unwrap();
        assert!(text.starts_with("# chart-yaml-unknown-key (warning)\n\nChart.yaml has a key Helm does not know.\n\n## What it does\n"));
        assert!(text.contains("```yaml\napiVersion: v2\n"));
        assert_eq!(explain("no-such-rule"), None);
    }
}
