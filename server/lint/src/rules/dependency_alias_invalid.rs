//! Rule `dependency-alias-invalid`: A dependency alias has characters Helm refuses.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `alias` that does not match `^[a-zA-Z0-9_-]+$`.
    ///
    /// ## Why is this bad?
    /// Helm refuses the chart (`validation: dependency "redis" has disallowed characters in the
    /// alias`): the alias becomes a values key and a template path.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///     alias: redis.cache     # dots are not allowed
    /// ```
    pub static RULE = ("dependency-alias-invalid", Error, "A dependency alias has characters Helm refuses");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for dep in cx.chart.metadata.dependencies() {
        if !dep.alias().is_empty() && !cw_chart::validate::is_valid_alias(dep.alias()) {
            out.push(RULE.finding(
                super::deps_file(cx),
                super::field_range(&dep.alias),
                format!(
                    "validation: dependency {} has disallowed characters in the alias",
                    super::go_quote(dep.name())
                ),
            ));
        }
    }
}
