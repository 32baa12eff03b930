//! Rule `chart-icon-missing`: Chart.yaml has no icon.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a chart without `icon` (`icon is recommended`).
    ///
    /// ## Why is this bad?
    /// Chart repositories and Artifact Hub show the icon next to the chart.
    ///
    /// ## Example
    /// ```yaml
    /// icon: https://example.com/demo.svg
    /// ```
    pub static RULE = ("chart-icon-missing", Info, "Chart.yaml has no icon");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    if cw_chart::str_of(&cf.metadata.icon).is_empty() {
        out.push(RULE.finding(super::CHART_YAML, None, "icon is recommended"));
    }
}
