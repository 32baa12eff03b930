//! Rule `dependency-version-mismatch`: The subchart in charts/ does not satisfy the declared version.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a subchart under `charts/` whose version does not satisfy its dependency's
    /// `version` constraint.
    ///
    /// ## Why is this bad?
    /// Helm only applies a dependency's condition, tags, alias and import-values to a subchart
    /// whose version satisfies the constraint; this one is rendered as if undeclared. Usually
    /// `charts/` is stale: run `helm dependency build`.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///     version: 18.x          # but charts/redis-17.3.0.tgz
    /// ```
    pub static RULE = ("dependency-version-mismatch", Warning, "The subchart in charts/ does not satisfy the declared version");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    let Some(decls) = &c.metadata.dependencies else {
        return;
    };
    for r in &c.resolved {
        let (Some(i), false) = (r.chart, r.version_compatible) else {
            continue;
        };
        let Some(Some(dep)) = decls.value.get(r.declaration) else {
            continue;
        };
        let constraint = cw_chart::str_of(&dep.version);
        if constraint.is_empty() || cw_semver::Constraints::parse(constraint).is_err() {
            continue;
        }
        let sub = &c.dependencies[i];
        out.push(
            RULE.finding(
                super::deps_file(cx),
                super::field_range(&dep.version),
                format!(
                    "subchart {} in charts/ has version {}, which does not satisfy {}: Helm renders it as an undeclared subchart",
                    super::go_quote(sub.name()),
                    sub.metadata.version(),
                    super::go_quote(constraint)
                ),
            )
            .with_related(
                format!("charts/{}", c.subchart_entries[i]),
                None,
                "the subchart",
            ),
        );
    }
}
