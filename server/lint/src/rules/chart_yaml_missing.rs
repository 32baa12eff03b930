//! Rule `chart-yaml-missing`: A chart has no Chart.yaml.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a chart directory, archive or subchart without a `Chart.yaml`. Helm's loader
    /// answers `Chart.yaml file is missing`; a stray file under `charts/` (a README) is read as a
    /// subchart and fails the same way.
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart at all: `helm install`, `helm template` and `helm lint`
    /// stop here.
    ///
    /// ## Example
    /// ```text
    /// mychart/
    ///   values.yaml
    ///   templates/deployment.yaml   # no Chart.yaml: not a chart
    /// ```
    pub static RULE = ("chart-yaml-missing", Error, "A chart has no Chart.yaml");
}
