//! Rule `dependency-missing-in-charts-dir`: A declared dependency is not in charts/.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a declared dependency with no subchart of that name under `charts/` (`chart
    /// directory is missing these dependencies: redis`).
    ///
    /// ## Why is this bad?
    /// `helm install` and `helm template` fail until `helm dependency build` fetches it.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis        # charts/ has no redis: run helm dependency build
    ///     version: 18.x
    ///     repository: https://charts.bitnami.com/bitnami
    /// ```
    pub static RULE = ("dependency-missing-in-charts-dir", Warning, "A declared dependency is not in charts/");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    if c.chart_yaml.is_none() {
        return;
    }
    for dep in c.metadata.dependencies() {
        // A nameless dependency is reported by `dependency-name-missing`; a subchart that failed
        // to load (and so has no name) is reported by the loader under its directory name.
        let failed_entry = c
            .dependencies
            .iter()
            .zip(&c.subchart_entries)
            .any(|(s, e)| {
                s.name().is_empty()
                    && (e == dep.name()
                        || e.strip_suffix(".tgz")
                            .is_some_and(|b| b.starts_with(&format!("{}-", dep.name()))))
            });
        if dep.name().is_empty() || failed_entry {
            continue;
        }
        if !c.dependencies.iter().any(|s| s.name() == dep.name()) {
            out.push(RULE.finding(
                super::deps_file(cx),
                super::field_range(&dep.name).or(Some(dep.range)),
                format!(
                    "chart directory is missing these dependencies: {}",
                    dep.name()
                ),
            ));
        }
    }
}
