//! Rule `yaml-invalid`: A chart YAML file does not parse.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports Chart.yaml, values.yaml, Chart.lock, requirements.yaml or requirements.lock text
    /// that is not YAML Helm can read, with Helm's message (`cannot load Chart.yaml: error
    /// converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context`).
    ///
    /// ## Why is this bad?
    /// Helm stops loading the chart at the first such file.
    ///
    /// ## Example
    /// ```yaml
    /// name: demo
    /// version: 1.0.0
    /// description: a: b      # a second `:` on one line
    /// ```
    pub static RULE = ("yaml-invalid", Error, "A chart YAML file does not parse");
}
