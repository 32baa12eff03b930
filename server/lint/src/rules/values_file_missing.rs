//! Rule `values-file-missing`: the chart has no values.yaml.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a chart without `values.yaml` (`file does not exist`), as `helm lint` does at
    /// INFO level.
    ///
    /// ## Why is this bad?
    /// `values.yaml` documents what a chart can be configured with; users read it first.
    ///
    /// ## Example
    /// ```yaml
    /// # values.yaml
    /// replicaCount: 1
    /// ```
    pub static RULE = ("values-file-missing", Info, "the chart has no values.yaml");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.chart.chart_yaml.is_none() {
        return;
    }
    if cx.chart.values.is_none() && cx.chart.file("values.yaml").is_none() {
        out.push(RULE.finding("values.yaml", None, "file does not exist"));
    }
}
