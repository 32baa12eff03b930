//! Rule `requirements-in-v2`: requirements.yaml or requirements.lock in an apiVersion v2 chart.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports `requirements.yaml` or `requirements.lock` in a chart whose apiVersion is `v2`.
    /// Helm still reads them, and requirements.yaml then replaces Chart.yaml's `dependencies`.
    ///
    /// ## Why is this bad?
    /// Helm only logs `Warning: Dependencies are handled in Chart.yaml since apiVersion "v2"`:
    /// a v2 chart with both files has its Chart.yaml dependencies silently replaced.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2   # and a requirements.yaml next to it: move its entries to Chart.yaml
    /// ```
    pub static RULE = ("requirements-in-v2", Warning, "requirements.yaml or requirements.lock in an apiVersion v2 chart");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.chart;
    if c.chart_yaml.is_none() || c.metadata.api_version() == "v1" {
        return;
    }
    for f in &c.raw {
        let message = match f.name.as_str() {
            "requirements.yaml" => "Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.",
            "requirements.lock" => "Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.",
            _ => continue,
        };
        out.push(RULE.finding(f.name.as_str(), None, message));
    }
}
