//! The values findings of `chartwright lint` — `values-undefined` (a `.Values` path no values
//! file or schema defines) and `values-unused` (a values.yaml key no template reads) — asked of
//! the analysis core (cw-ide), so the command reports exactly what the language server
//! publishes: one core, two drivers.
//!
//! The analysis sees the run's values: `-f` files as configured values files, and the `--set`
//! family merged into one in-memory values file after them (as Helm applies them). Only the
//! linted chart's own files are reported: a vendored subchart's are left to its maintainers, or
//! to `--with-subcharts`, which lints each subchart as a chart of its own.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cw_base::Finding;

use crate::lint::Options;

/// Where the `--set` values live in the analysis's files: an absolute path outside any chart,
/// never read from or written to disk.
fn set_values_path() -> PathBuf {
    std::env::temp_dir().join("chartwright-lint-set-values/set-values.yaml")
}

/// The `--set`, `--set-string`, `--set-json`, `--set-file` and `--set-literal` values of the run merged as Helm
/// merges them, as YAML (JSON text), or `None` without such flags or when they do not parse
/// (the lint run reports that as `values-invalid`).
fn set_values_text(
    opts: &Options,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Option<String> {
    if opts.set.is_empty()
        && opts.set_string.is_empty()
        && opts.set_json.is_empty()
        && opts.set_file.is_empty()
        && opts.set_literal.is_empty()
    {
        return None;
    }
    let vopts = cw_values::ValueOptions {
        value_files: Vec::new(),
        json_values: opts.set_json.clone(),
        values: opts.set.clone(),
        string_values: opts.set_string.clone(),
        file_values: opts.set_file.clone(),
        literal_values: opts.set_literal.clone(),
    };
    let user = cw_values::merge_user_values(&vopts, read_file).ok()?;
    serde_json::to_string(&cw_values::schema::to_json(&user.values)).ok()
}

/// The analysis core's view of one chart: the loaded chart and its Chart.yaml / dependency
/// findings (what `cw_lint::lint` returns, so the command does not load the chart twice), and
/// the values findings.
pub struct ChartValues {
    root: PathBuf,
    analysis: cw_ide::Analysis,
    pub chart: Arc<cw_ide::ChartAnalysis>,
}

/// Analyses the chart at `chart` (a folder or a `.tgz`) with the run's values. `cwd` resolves
/// the `-f` paths as the command line gave them.
pub fn analyse(
    chart: &Path,
    cwd: &Path,
    opts: &Options,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Option<ChartValues> {
    let root = cw_ide::vfs::normalize(&cwd.join(chart));
    let mut config = cw_ide::Config {
        value_files: opts
            .values
            .iter()
            .map(|f| cw_ide::vfs::normalize(&cwd.join(f)).display().to_string())
            .collect(),
        release_name: "test-release".into(),
        kube_version: opts.kube.as_ref().map(|k| k.version.clone()),
        ..cw_ide::Config::default()
    };
    let set_values = set_values_text(opts, read_file);
    if set_values.is_some() {
        config
            .value_files
            .push(set_values_path().display().to_string());
    }
    let mut host = cw_ide::AnalysisHost::new(config);
    if let Some(text) = set_values {
        host.set_file(&set_values_path(), Arc::from(text));
    }
    // The host never changes after this, so the analysis is never cancelled.
    let analysis = host.snapshot();
    let chart = analysis.chart(&root).ok()?;
    Some(ChartValues {
        root,
        analysis,
        chart,
    })
}

impl ChartValues {
    /// The values findings, paths relative to the chart; those in subcharts left out.
    pub fn findings(&self) -> Vec<Finding> {
        let Ok(findings) = self.analysis.values_findings(&self.root) else {
            return Vec::new();
        };
        findings
            .into_iter()
            .filter_map(|mut f| {
                let rel = f.file.strip_prefix(&self.root).ok()?.to_path_buf();
                if rel.starts_with("charts") {
                    return None;
                }
                f.file = rel;
                for r in &mut f.related {
                    if let Ok(rel) = r.file.strip_prefix(&self.root) {
                        r.file = rel.to_path_buf();
                    }
                }
                Some(f)
            })
            .collect()
    }
}
