//! Rule `subchart-duplicate`: charts/ holds several subcharts with the same name.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports subcharts under `charts/` that share a chart name, such as `redis-17.3.0.tgz`
    /// next to `redis-18.1.0.tgz`, or an unpacked `redis/` next to an archive.
    ///
    /// ## Why is this bad?
    /// Helm loads both but serves a dependency with the first whose version satisfies the
    /// declared constraint (in `charts/` order) and drops the other when it also matches; an
    /// undeclared one is rendered as an extra subchart. A stale archive left behind by an
    /// upgrade silently decides which version is installed.
    ///
    /// ## Example
    /// ```text
    /// charts/redis-17.3.0.tgz
    /// charts/redis-18.1.0.tgz     # remove the one you do not want
    /// ```
    pub static RULE = ("subchart-duplicate", Warning, "Several subcharts in charts/ share a name");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    let mut seen: Vec<&str> = Vec::new();
    for (i, sub) in c.dependencies.iter().enumerate() {
        let name = sub.name();
        if name.is_empty() || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let entries: Vec<&str> = c
            .dependencies
            .iter()
            .zip(&c.subchart_entries)
            .skip(i)
            .filter(|(s, _)| s.name() == name)
            .map(|(_, e)| e.as_str())
            .collect();
        if entries.len() < 2 {
            continue;
        }
        let mut finding = RULE.finding(
            format!("charts/{}", entries[1]),
            None,
            format!(
                "charts/ holds {} subcharts named {}: {}",
                entries.len(),
                super::go_quote(name),
                entries.join(", ")
            ),
        );
        for e in &entries {
            finding = finding.with_related(format!("charts/{e}"), None, "a subchart of that name");
        }
        out.push(finding);
    }
}
