//! Rule `chart-api-version-required`: Chart.yaml has no apiVersion.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Chart.yaml without `apiVersion` (`apiVersion is required. The value must be either
    /// "v1" or "v2"`). Helm still loads such a chart as `v1`, a leftover of Helm 2.
    ///
    /// ## Why is this bad?
    /// The chart's format is ambiguous, and `helm lint` fails.
    ///
    /// ## Example
    /// ```yaml
    /// name: demo
    /// version: 1.0.0         # add apiVersion: v2
    /// ```
    pub static RULE = ("chart-api-version-required", Error, "Chart.yaml has no apiVersion");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    if cw_chart::str_of(&cf.metadata.api_version).is_empty() {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.api_version),
            "apiVersion is required. The value must be either \"v1\" or \"v2\"",
        ));
    }
}
