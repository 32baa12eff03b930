//! Rule `dependency-version-invalid`: A dependency version constraint is missing or does not parse.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a dependency whose `version` is missing or is not a semantic version constraint,
    /// pointing at the part that does not parse.
    ///
    /// ## Why is this bad?
    /// `helm dependency update` cannot resolve it, and Helm never matches a subchart to a
    /// dependency whose constraint does not parse: the subchart is then rendered as if undeclared,
    /// ignoring its condition, tags and alias.
    ///
    /// ## Example
    /// ```yaml
    /// dependencies:
    ///   - name: redis
    ///     version: ">= 18.0.0 <"    # the last constraint has no version
    /// ```
    pub static RULE = ("dependency-version-invalid", Warning, "A dependency version constraint is missing or does not parse");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let file = super::deps_file(cx);
    let text = cx
        .chart
        .file(file)
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .unwrap_or_default();
    for dep in cx.chart.metadata.dependencies() {
        let name = super::go_quote(dep.name());
        match &dep.version {
            Some(v) if !v.value.is_empty() => {
                if let Err(e) = cw_semver::Constraints::parse(&v.value) {
                    out.push(RULE.finding(
                        file,
                        Some(super::range_within(&text, v, e.range())),
                        format!(
                            "dependency {name} has an invalid version constraint {}: {}",
                            super::go_quote(&v.value),
                            e.message()
                        ),
                    ));
                }
            }
            _ => out.push(RULE.finding(
                file,
                super::field_range(&dep.version).or(super::field_range(&dep.name)),
                format!("dependency {name} has no version constraint"),
            )),
        }
    }
}
