//! Rule `dependency-condition-unknown`: A dependency condition names no value.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a dependency `condition` path (or one of its comma-separated paths) that is set
    /// neither in the chart's values.yaml nor in the subchart's own values (under the dependency's
    /// name or alias).
    ///
    /// ## Why is this bad?
    /// Helm enables a dependency whose condition paths are all unset, so a misspelt path means
    /// the subchart can never be switched off by the value the author had in mind.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///     condition: redis.enable     # values.yaml has redis.enabled
    /// ```
    pub static RULE = ("dependency-condition-unknown", Warning, "A dependency condition names no value");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    let Some(decls) = &c.metadata.dependencies else {
        return;
    };
    for (i, dep) in decls.value.iter().enumerate() {
        let Some(dep) = dep else { continue };
        let Some(cond) = &dep.condition else { continue };
        let sub_values = c.subchart_for(i).and_then(|s| s.values.as_ref());
        let paths: Vec<&str> = cond
            .value
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let is_set = |path: &&str| {
            let parts: Vec<&str> = path.split('.').collect();
            let in_parent = c
                .values
                .as_ref()
                .is_some_and(|v| v.lookup(&parts).is_some());
            let in_sub = parts.len() > 1
                && parts[0] == dep.effective_name()
                && sub_values.is_some_and(|v| v.lookup(&parts[1..]).is_some());
            in_parent || in_sub
        };
        if paths.is_empty() || paths.iter().any(is_set) {
            continue;
        }
        let what = if paths.len() == 1 {
            format!(
                "condition {} of dependency {} is not",
                super::go_quote(paths[0]),
                super::go_quote(dep.name())
            )
        } else {
            format!(
                "none of the condition paths {} of dependency {} is",
                super::go_quote(&cond.value),
                super::go_quote(dep.name())
            )
        };
        out.push(RULE.finding(
            super::deps_file(cx),
            Some(cond.range),
            format!("{what} set in values.yaml: Helm leaves the dependency enabled"),
        ));
    }
}
