//! Rule `dependency-missing-in-metadata`: A subchart in charts/ is not declared.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a subchart under `charts/` that no `dependencies` entry names (`chart metadata is
    /// missing these dependencies: redis`).
    ///
    /// ## Why is this bad?
    /// Helm renders it with no condition, tags, alias or import-values, and `helm dependency
    /// update` deletes it when it is an archive.
    ///
    /// ## Example
    /// ```text
    /// charts/redis/          # but Chart.yaml has no `dependencies: [{name: redis}]`
    /// ```
    pub static RULE = ("dependency-missing-in-metadata", Error, "A subchart in charts/ is not declared");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    if c.chart_yaml.is_none() {
        return;
    }
    let range = c.metadata.dependencies.as_ref().map(|d| d.key_range);
    for (sub, entry) in c.dependencies.iter().zip(&c.subchart_entries) {
        // A subchart that failed to load has no name; the loader reported it.
        if !sub.name().is_empty() && !c.metadata.dependencies().any(|d| d.name() == sub.name()) {
            out.push(
                RULE.finding(
                    super::deps_file(cx),
                    range,
                    format!(
                        "chart metadata is missing these dependencies: {}",
                        sub.name()
                    ),
                )
                .with_related(
                    format!("charts/{entry}"),
                    None,
                    "the undeclared subchart",
                ),
            );
        }
    }
}
