//! Rule `chart-dependencies-v1`: dependencies are declared in an apiVersion v1 Chart.yaml.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports `dependencies` in a Chart.yaml whose apiVersion is not `v2` (`dependencies are not
    /// valid in the Chart file with apiVersion 'v1'. They are valid in apiVersion 'v2'`). A v1
    /// chart declares them in `requirements.yaml`.
    ///
    /// ## Why is this bad?
    /// The v1 format keeps dependencies in requirements.yaml; tools that follow the format miss
    /// them.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// name: demo
    /// version: 1.0.0
    /// dependencies:          # move to requirements.yaml, or use apiVersion: v2
    ///   - name: redis
    /// ```
    pub static RULE = ("chart-dependencies-v1", Error, "dependencies are declared in an apiVersion v1 Chart.yaml");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let md = &cf.metadata;
    let api = cw_chart::str_of(&md.api_version);
    let Some(deps) = &md.dependencies else {
        return;
    };
    if !deps.value.is_empty() && api != "v2" {
        out.push(RULE.finding(
            super::CHART_YAML,
            Some(deps.key_range),
            format!("dependencies are not valid in the Chart file with apiVersion '{api}'. They are valid in apiVersion 'v2'"),
        ));
    }
}
