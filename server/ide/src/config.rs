//! The analysis settings an editor (or the CLI) chooses: values files, release, Kubernetes
//! version, CRD paths and which diagnostics to publish.

use std::path::PathBuf;

/// Settings for every chart of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Values files applied over each chart's `values.yaml`, in order, as `helm template -f`
    /// would: paths or glob patterns (`ci/*.yaml`) relative to the chart directory, or absolute.
    /// A pattern that matches nothing in a chart is skipped for that chart.
    pub value_files: Vec<String>,
    /// `.Release.Name` / `.Release.Namespace` of the render.
    pub release_name: String,
    pub namespace: String,
    /// `--kube-version` (`.Capabilities.KubeVersion`), e.g. `1.31.0`; `None` = Helm's default.
    pub kube_version: Option<String>,
    /// `--api-versions` added to the default capabilities.
    pub api_versions: Vec<String>,
    /// Extra CRD files or directories (YAML) whose schemas describe custom resources.
    pub crd_paths: Vec<PathBuf>,
    pub diagnostics: DiagnosticsConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            value_files: Vec::new(),
            release_name: "release-name".into(),
            namespace: "default".into(),
            kube_version: None,
            api_versions: Vec::new(),
            crd_paths: Vec::new(),
            diagnostics: DiagnosticsConfig::default(),
        }
    }
}

/// Which diagnostics are published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagnosticsConfig {
    /// Master switch.
    pub enable: bool,
    /// Render errors (`required`, `fail`, nil pointers, ...).
    pub render: bool,
    /// Invalid YAML in the rendered output, mapped back to the template.
    pub rendered_yaml: bool,
    /// `helm lint` rules and chartwright's Chart.yaml rules.
    pub lint: bool,
    /// `.Values` references found in no values file and no schema.
    pub undefined_values: bool,
    /// Keys of values.yaml no template reads.
    pub unused_values: bool,
}

impl Default for DiagnosticsConfig {
    fn default() -> DiagnosticsConfig {
        DiagnosticsConfig {
            enable: true,
            render: true,
            rendered_yaml: true,
            lint: true,
            undefined_values: true,
            unused_values: true,
        }
    }
}
