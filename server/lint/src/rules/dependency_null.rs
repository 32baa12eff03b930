//! Rule `dependency-null`: A dependencies entry is empty.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `null` entry in `dependencies` (a lone `-`).
    ///
    /// ## Why is this bad?
    /// Helm refuses the chart (`validation: dependencies must not contain empty or null
    /// nodes`).
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   -
    ///   - name: redis
    /// ```
    pub static RULE = ("dependency-null", Error, "A dependencies entry is empty");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(deps) = &cx.chart.metadata.dependencies else {
        return;
    };
    if deps.value.iter().any(Option::is_none) {
        out.push(RULE.finding(
            super::deps_file(cx),
            Some(deps.range),
            "validation: dependencies must not contain empty or null nodes",
        ));
    }
}
