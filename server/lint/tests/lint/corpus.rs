//! Conformance over the shared corpus of 417 real charts (`../shared/corpus` beside the repo):
//! every chart loads without panicking, we report no Chart.yaml/dependency error where `helm
//! lint` (golden `lint.txt`, helm v4.1.4) reports none, and every Chart.yaml/dependency line
//! helm prints has a finding of ours with the same severity and text (and the other way round
//! for the checks helm makes). Skips, saying so, when the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cw_base::{Finding, Severity};
use cw_chart::DiskFs;

fn corpus_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = manifest.canonicalize().unwrap_or(manifest.to_path_buf());
    let dir = manifest.ancestors().nth(2)?.join("../shared/corpus");
    dir.join("charts").is_dir().then_some(dir)
}

/// One `[SEV] path: message` entry of a helm lint golden (continuation lines joined with \n).
#[derive(Debug)]
struct HelmLine {
    severity: Severity,
    path: String,
    message: String,
}

fn parse_golden(text: &str) -> Vec<HelmLine> {
    let mut out: Vec<HelmLine> = Vec::new();
    for line in text.lines() {
        if line.starts_with("--- stderr ---") {
            break;
        }
        let sev = [
            ("[ERROR] ", Severity::Error),
            ("[WARNING] ", Severity::Warning),
            ("[INFO] ", Severity::Info),
        ]
        .into_iter()
        .find_map(|(p, s)| line.strip_prefix(p).map(|rest| (s, rest)));
        if let Some((severity, rest)) = sev {
            let (path, message) = match rest.strip_prefix(": ") {
                Some(m) => ("", m),
                None => rest.split_once(": ").unwrap_or(("", rest)),
            };
            out.push(HelmLine {
                severity,
                path: path.to_string(),
                message: message.to_string(),
            });
        } else if line.starts_with('\t') || line.starts_with("  ") {
            if let Some(last) = out.last_mut() {
                last.message.push('\n');
                last.message.push_str(line);
            }
        }
    }
    out
}

const DEP_LISTS: [&str; 2] = [
    "chart metadata is missing these dependencies: ",
    "chart directory is missing these dependencies: ",
];

/// Whether a helm line is one of the Chart.yaml or dependency checks.
fn is_chart_or_dependency_line(l: &HelmLine) -> bool {
    l.path == "Chart.yaml"
        || DEP_LISTS.iter().any(|p| l.message.starts_with(p))
        || l.message
            .starts_with("multiple dependencies with name or alias")
        || l.message.starts_with("unable to load chart")
}

/// Codes of ours that correspond one-to-one to a helm lint check on Chart.yaml/dependencies.
const HELM_CODES: &[&str] = &[
    "chart-name-required",
    "chart-name-invalid",
    "chart-api-version-required",
    "chart-api-version-invalid",
    "chart-version-type",
    "chart-version-required",
    "chart-version-invalid",
    "chart-app-version-type",
    "chart-source-invalid",
    "chart-icon-missing",
    "chart-icon-invalid",
    "chart-type-v1",
    "chart-dependencies-v1",
    "chart-version-not-strict",
    "dependency-missing-in-charts-dir",
    "dependency-missing-in-metadata",
    "dependency-duplicate",
];

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Findings about values files are the values rules' business (helm lint's values.go), not
/// this one's.
fn in_scope(f: &Finding) -> bool {
    let name = f.file.to_string_lossy();
    !name.ends_with("values.yaml") && !name.starts_with("templates/")
}

#[test]
fn corpus_matches_helm_lint_on_chart_yaml_and_dependencies() {
    let Some(corpus) = corpus_dir() else {
        println!("corpus test skipped: ../shared/corpus not found");
        return;
    };
    let mut charts: Vec<PathBuf> = Vec::new();
    for source in std::fs::read_dir(corpus.join("charts")).unwrap().flatten() {
        for chart in std::fs::read_dir(source.path()).unwrap().flatten() {
            charts.push(chart.path());
        }
    }
    charts.sort();
    assert!(charts.len() >= 400, "found only {} charts", charts.len());

    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut false_errors = Vec::new();
    let mut missed = Vec::new();
    let mut extra = Vec::new();
    let mut out_of_scope = Vec::new();
    for chart in &charts {
        let rel = chart.strip_prefix(corpus.join("charts")).unwrap();
        let golden = std::fs::read_to_string(corpus.join("goldens").join(rel).join("lint.txt"))
            .unwrap_or_default();
        let helm: Vec<HelmLine> = parse_golden(&golden)
            .into_iter()
            .filter(is_chart_or_dependency_line)
            .collect();
        let (_, findings) = cw_lint::lint(&DiskFs, chart);
        for f in &findings {
            *by_code.entry(f.code).or_default() += 1;
        }
        let helm_errors = helm.iter().any(|l| l.severity == Severity::Error);
        for f in findings.iter().filter(|f| f.severity == Severity::Error) {
            if !in_scope(f) {
                out_of_scope.push(format!("{}: {} {}", rel.display(), f.code, f.message));
            } else if !helm_errors {
                false_errors.push(format!(
                    "{}: {} {}: {}",
                    rel.display(),
                    f.code,
                    f.file.display(),
                    f.message
                ));
            }
        }
        // Every helm line has a finding of ours with its severity and text.
        for l in &helm {
            let wanted: Vec<String> = match DEP_LISTS.iter().find(|p| l.message.starts_with(*p)) {
                Some(p) => l.message[p.len()..]
                    .split(',')
                    .map(|n| format!("{p}{n}"))
                    .collect(),
                None if l.message.starts_with("unable to load chart") => continue,
                None => vec![first_line(&l.message).to_string()],
            };
            for w in wanted {
                let found = findings
                    .iter()
                    .any(|f| f.severity == l.severity && first_line(&f.message) == w);
                if !found {
                    missed.push(format!("{}: [{:?}] {w}", rel.display(), l.severity));
                }
            }
        }
        // Every finding of a helm check matches a helm line.
        for f in findings
            .iter()
            .filter(|f| HELM_CODES.contains(&f.code) && f.file.as_os_str() != "")
        {
            let m = first_line(&f.message);
            let found = helm.iter().any(|l| {
                l.severity == f.severity
                    && (first_line(&l.message) == m
                        || DEP_LISTS.iter().any(|p| {
                            l.message.starts_with(p)
                                && m.strip_prefix(p).is_some_and(|name| {
                                    l.message[p.len()..].split(',').any(|n| n == name)
                                })
                        }))
            });
            if !found {
                extra.push(format!("{}: {} {}", rel.display(), f.code, m));
            }
        }
    }
    println!("corpus: {} charts; findings by code:", charts.len());
    for (code, n) in &by_code {
        println!("  {n:5} {code}");
    }
    if !out_of_scope.is_empty() {
        println!("values-file errors (checked by the values rules, not here):");
        for e in &out_of_scope {
            println!("  {e}");
        }
    }
    assert!(
        false_errors.is_empty(),
        "errors where helm lint reports none on Chart.yaml/dependencies:\n{}",
        false_errors.join("\n")
    );
    assert!(
        missed.is_empty(),
        "helm lint lines without a matching finding:\n{}",
        missed.join("\n")
    );
    assert!(
        extra.is_empty(),
        "findings of helm's checks that helm lint does not report:\n{}",
        extra.join("\n")
    );
}

#[test]
fn golden_parsing_joins_continuation_lines() {
    let lines = parse_golden(
        "==> Linting x\n[WARNING] Chart.yaml: failed to strictly parse chart metadata file\n\terror unmarshaling JSON\n[ERROR] : unable to load chart\n\tboom\n\n1 chart(s) linted\n--- stderr ---\n[ERROR] no\n",
    );
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].path, "Chart.yaml");
    assert_eq!(
        lines[0].message,
        "failed to strictly parse chart metadata file\n\terror unmarshaling JSON"
    );
    assert_eq!(lines[1].path, "");
    assert_eq!(lines[1].message, "unable to load chart\n\tboom");
}
