//! Rule `dependency-name-missing`: A dependency has no name.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `dependencies` entry without `name`.
    ///
    /// ## Why is this bad?
    /// Helm cannot match it to a subchart or fetch it from a repository.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - version: 1.x
    ///     repository: https://example.com/charts
    /// ```
    pub static RULE = ("dependency-name-missing", Warning, "A dependency has no name");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for dep in cx.chart.metadata.dependencies() {
        if dep.name().is_empty() {
            out.push(RULE.finding(
                super::deps_file(cx),
                super::field_range(&dep.name).or(Some(dep.range)),
                "dependency has no name",
            ));
        }
    }
}
