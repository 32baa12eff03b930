//! Rule `chart-name-invalid`: The chart name is a path.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `name` that is not a plain base name, such as `charts/demo` or `demo/`
    /// (`chart name "demo/" is invalid`).
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart (`validation: chart.metadata.name "demo/" is invalid`).
    ///
    /// ## Example
    /// ```yaml
    /// name: charts/demo
    /// ```
    pub static RULE = ("chart-name-invalid", Error, "The chart name is a path");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let name = cf.metadata.name();
    if !name.is_empty() && cw_chart::validate::go_base(name) != name {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.name),
            format!("chart name {} is invalid", super::go_quote(name)),
        ));
    }
}
