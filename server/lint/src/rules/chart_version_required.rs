//! Rule `chart-version-required`: Chart.yaml has no version.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Chart.yaml without `version` (`version is required`).
    ///
    /// ## Why is this bad?
    /// Helm refuses to load a chart without a version (`validation: chart.metadata.version is
    /// required`).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2
    /// name: demo             # no version
    /// ```
    pub static RULE = ("chart-version-required", Error, "Chart.yaml has no version");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    if cf.metadata.version().is_empty() {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.version),
            "version is required",
        ));
    }
}
