//! Rule `chart-source-invalid`: A sources entry is not a URL.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports `sources` entries that are empty or not absolute URLs (`invalid source URL
    /// 'github.com/x/y'`).
    ///
    /// ## Why is this bad?
    /// Tools link to the chart's sources; a relative or empty entry leads nowhere.
    ///
    /// ## Example
    /// ```yaml
    /// sources:
    ///   - github.com/example/demo     # add https://
    /// ```
    pub static RULE = ("chart-source-invalid", Error, "A sources entry is not a URL");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    for s in cf.metadata.sources.iter().flat_map(|l| l.value.iter()) {
        if s.value.is_empty() || !crate::is_request_url(&s.value) {
            out.push(RULE.finding(
                super::CHART_YAML,
                Some(s.range),
                format!("invalid source URL '{}'", s.value),
            ));
        }
    }
}
