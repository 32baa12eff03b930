//! Rule `chart-name-required`: Chart.yaml has no name.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Chart.yaml without `name` (`name is required`).
    ///
    /// ## Why is this bad?
    /// Helm refuses to load a chart without a name (`validation: chart.metadata.name is
    /// required`).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2
    /// version: 1.0.0         # no name
    /// ```
    pub static RULE = ("chart-name-required", Error, "Chart.yaml has no name");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    if cf.metadata.name().is_empty() {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.name),
            "name is required",
        ));
    }
}
