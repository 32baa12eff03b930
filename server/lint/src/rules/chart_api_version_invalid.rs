//! Rule `chart-api-version-invalid`: apiVersion is neither v1 nor v2.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `apiVersion` other than `v1` or `v2`.
    ///
    /// ## Why is this bad?
    /// Helm only knows these two chart formats; `helm lint` fails.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v3
    /// ```
    pub static RULE = ("chart-api-version-invalid", Error, "apiVersion is neither v1 nor v2");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let v = cw_chart::str_of(&cf.metadata.api_version);
    if !v.is_empty() && v != "v1" && v != "v2" {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.api_version),
            format!("apiVersion '{v}' is not valid. The value must be either \"v1\" or \"v2\""),
        ));
    }
}
