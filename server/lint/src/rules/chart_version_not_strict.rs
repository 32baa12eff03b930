//! Rule `chart-version-not-strict`: version is not strict SemVer 2.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `version` Helm accepts but that is not strict SemVer 2.0.0: a leading `v`,
    /// missing parts, leading zeros (`version 'v1.2' is not a valid SemVerV2`).
    ///
    /// ## Why is this bad?
    /// OCI registries and other tools require strict SemVer; `v1.2` and `1.2.0` are the same
    /// version to Helm but different tags elsewhere.
    ///
    /// ## Example
    /// ```yaml
    /// version: v1.2          # write 1.2.0
    /// ```
    pub static RULE = ("chart-version-not-strict", Warning, "version is not strict SemVer 2");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    if let Err(message) = cw_semver::helm::lint_chart_version_strict(cf.metadata.version()) {
        let range = super::field_range(&cf.metadata.version);
        out.push(RULE.finding(super::CHART_YAML, range, message));
    }
}
