//! Rule `chart-version-invalid`: version is not a semantic version.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `version` that is not a semantic version Helm accepts (`version '1.2.3.4' is not a
    /// valid SemVer`), or is not above `0.0.0-0`.
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart (`validation: chart.metadata.version "1.2.3.4" is invalid`),
    /// and chart repositories sort and resolve versions by SemVer.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1.2.3.4
    /// ```
    pub static RULE = ("chart-version-invalid", Error, "version is not a semantic version");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let version = cf.metadata.version();
    if version.is_empty() {
        return;
    }
    if let Err(message) = cw_semver::helm::lint_chart_version(version) {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.version),
            message,
        ));
    }
}
