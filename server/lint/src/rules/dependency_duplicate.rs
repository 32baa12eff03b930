//! Rule `dependency-duplicate`: Two dependencies share a name or alias.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports dependencies that go by the same name (their `alias`, or their `name` when they
    /// have none): `multiple dependencies with name or alias: redis`.
    ///
    /// ## Why is this bad?
    /// Both would own the same values key; Helm refuses the chart (`validation: more than one
    /// dependency with name or alias "redis"`).
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///   - name: redis        # add alias: cache
    /// ```
    pub static RULE = ("dependency-duplicate", Error, "Two dependencies share a name or alias");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut seen: Vec<&str> = Vec::new();
    for dep in cx.chart.metadata.dependencies() {
        let key = dep.effective_name();
        if seen.contains(&key) {
            let range = if dep.alias().is_empty() {
                super::field_range(&dep.name)
            } else {
                super::field_range(&dep.alias)
            };
            out.push(RULE.finding(
                super::deps_file(cx),
                range.or(Some(dep.range)),
                format!("multiple dependencies with name or alias: {key}"),
            ));
        }
        seen.push(key);
    }
}
