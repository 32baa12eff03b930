//! Rule `chart-maintainer-invalid`: A maintainer entry is incomplete or malformed.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports `maintainers` entries that are empty (`a maintainer entry is empty`), have no name
    /// (`each maintainer requires a name`), or whose `email` or `url` is malformed (`invalid email
    /// 'x' for maintainer 'jane'`). `helm lint` stops at the first; every one is reported here.
    ///
    /// ## Why is this bad?
    /// Chart repositories and Artifact Hub show maintainers; a bad address cannot be used.
    ///
    /// ## Example
    /// ```yaml
    /// maintainers:
    ///   - name: jane
    ///     email: jane-at-example.com
    /// ```
    pub static RULE = ("chart-maintainer-invalid", Error, "A maintainer entry is incomplete or malformed");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let Some(list) = &cf.metadata.maintainers else {
        return;
    };
    let f = super::CHART_YAML;
    for m in &list.value {
        let Some(m) = m else {
            out.push(RULE.finding(f, Some(list.range), "a maintainer entry is empty"));
            continue;
        };
        let name = cw_chart::str_of(&m.name);
        let email = cw_chart::str_of(&m.email);
        let url = cw_chart::str_of(&m.url);
        if name.is_empty() {
            out.push(RULE.finding(f, Some(m.range), "each maintainer requires a name"));
        }
        if !email.is_empty() && !crate::is_email(email) {
            out.push(RULE.finding(
                f,
                super::field_range(&m.email),
                format!("invalid email '{email}' for maintainer '{name}'"),
            ));
        }
        if !url.is_empty() && !crate::is_url(url) {
            out.push(RULE.finding(
                f,
                super::field_range(&m.url),
                format!("invalid url '{url}' for maintainer '{name}'"),
            ));
        }
    }
}
