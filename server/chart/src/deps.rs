//! Matching `charts/` subcharts with declared dependencies, as Helm's `getAliasDependency` does:
//! a subchart serves a declaration when its Chart.yaml name equals the declared `name` and its
//! version satisfies the declared `version` constraint. Conditions, tags, aliases and
//! import-values stay on the declaration for the values layer; nothing is evaluated here.

use crate::model::{Chart, ResolvedDependency};

pub use cw_semver::helm::is_compatible_range;

/// For each declared dependency (null entries keep their index), the subchart Helm would use.
pub fn resolve_dependencies(chart: &Chart) -> Vec<ResolvedDependency> {
    let Some(deps) = &chart.metadata.dependencies else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, dep) in deps.value.iter().enumerate() {
        let Some(dep) = dep else { continue };
        let by_name: Vec<usize> = chart
            .dependencies
            .iter()
            .enumerate()
            .filter(|(_, c)| c.name() == dep.name())
            .map(|(j, _)| j)
            .collect();
        let compatible = by_name.iter().copied().find(|&j| {
            is_compatible_range(
                crate::model::str_of(&dep.version),
                chart.dependencies[j].metadata.version(),
            )
        });
        out.push(ResolvedDependency {
            declaration: i,
            chart: compatible.or_else(|| by_name.first().copied()),
            version_compatible: compatible.is_some(),
        });
    }
    out
}
