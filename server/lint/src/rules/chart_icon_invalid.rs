//! Rule `chart-icon-invalid`: icon is not a URL.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `icon` that is not an absolute URL (`invalid icon URL 'demo.png'`).
    ///
    /// ## Why is this bad?
    /// The icon is fetched by repositories and UIs; a relative path cannot be resolved.
    ///
    /// ## Example
    /// ```yaml
    /// icon: images/demo.png
    /// ```
    pub static RULE = ("chart-icon-invalid", Error, "icon is not a URL");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let icon = cw_chart::str_of(&cf.metadata.icon);
    if !icon.is_empty() && !crate::is_request_url(icon) {
        out.push(RULE.finding(
            super::CHART_YAML,
            super::field_range(&cf.metadata.icon),
            format!("invalid icon URL '{icon}'"),
        ));
    }
}
