//! Rule `templates-dir-missing`: the chart has no templates/ directory.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a chart without a `templates/` directory (`directory does not exist`), or with a
    /// file of that name (`not a directory`, an error), as `helm lint` does.
    ///
    /// ## Why is this bad?
    /// A chart without templates installs nothing; it is usually a packaging mistake
    /// (`.helmignore` excluding `templates/`, a wrong working directory).
    ///
    /// ## Example
    /// ```text
    /// mychart/
    ///   Chart.yaml
    ///   templates/deployment.yaml
    /// ```
    pub static RULE = ("templates-dir-missing", Warning, "the chart has no templates/ directory");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.chart.chart_yaml.is_none() {
        return;
    }
    match cx.fs {
        Some((fs, root)) => match fs.metadata(&root.join("templates")) {
            Ok(m) if m.kind == cw_chart::FileKind::Dir => {}
            Ok(_) => out.push(cw_base::Finding::error(
                RULE.code,
                "templates/",
                None,
                "not a directory",
            )),
            Err(_) => out.push(RULE.finding("templates/", None, "directory does not exist")),
        },
        None => {
            if cx.chart.templates.is_empty() {
                out.push(RULE.finding("templates/", None, "directory does not exist"));
            }
        }
    }
}
