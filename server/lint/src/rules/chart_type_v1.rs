//! Rule `chart-type-v1`: type is set in an apiVersion v1 chart.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports `type` in a Chart.yaml whose apiVersion is not `v2` (`chart type is not valid in
    /// apiVersion 'v1'. It is valid in apiVersion 'v2'`).
    ///
    /// ## Why is this bad?
    /// Chart types (application, library) exist only in the v2 format.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// type: library
    /// ```
    pub static RULE = ("chart-type-v1", Error, "type is set in an apiVersion v1 chart");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let md = &cf.metadata;
    let api = cw_chart::str_of(&md.api_version);
    if !cw_chart::str_of(&md.chart_type).is_empty() && api != "v2" {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&md.chart_type),
            format!(
                "chart type is not valid in apiVersion '{api}'. It is valid in apiVersion 'v2'"
            ),
        ));
    }
}
