//! Rule `chart-app-version-type`: appVersion is not a string.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `appVersion` written as a number (`appVersion: 1.10`) or left empty:
    /// `appVersion should be of type string but it's of type float64`.
    ///
    /// ## Why is this bad?
    /// YAML reads `1.10` as the number 1.1: `.Chart.AppVersion` (often the image tag) becomes
    /// `1.1`. Quote it.
    ///
    /// ## Example
    /// ```yaml
    /// appVersion: 1.10       # write appVersion: "1.10"
    /// ```
    pub static RULE = ("chart-app-version-type", Error, "appVersion is not a string");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let Some(entry) = cf.entry("appVersion") else {
        return;
    };
    if entry.value.as_str().is_none() {
        let range = if matches!(entry.value.value, cw_yaml::Value::Null) {
            entry.key_range
        } else {
            entry.value.range
        };
        out.push(RULE.finding(
            super::CHART_YAML,
            Some(range),
            format!(
                "appVersion should be of type string but it's of type {}",
                entry.value.go_type_name()
            ),
        ));
    }
}
