//! Rule `chart-type-invalid`: type is neither application nor library.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `type` other than `application` or `library`.
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart (`validation: chart.metadata.type must be application or
    /// library`).
    ///
    /// ## Example
    /// ```yaml
    /// type: service
    /// ```
    pub static RULE = ("chart-type-invalid", Error, "type is neither application nor library");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let md = &cx.chart.metadata;
    if cx.chart.chart_yaml.is_none() {
        return;
    }
    let t = cw_chart::str_of(&md.chart_type);
    if !matches!(t, "" | "application" | "library") {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&md.chart_type),
            "validation: chart.metadata.type must be application or library",
        ));
    }
}
