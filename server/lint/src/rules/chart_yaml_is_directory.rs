//! Rule `chart-yaml-is-directory`: Chart.yaml is a directory.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `Chart.yaml` that is a directory (`should be a file, not a directory`, as
    /// `helm lint` says).
    ///
    /// ## Why is this bad?
    /// Helm cannot read the chart's metadata, so the chart does not load.
    ///
    /// ## Example
    /// ```text
    /// mychart/Chart.yaml/    # a directory where a file belongs
    /// ```
    pub static RULE = ("chart-yaml-is-directory", Error, "Chart.yaml is a directory");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some((fs, root)) = cx.fs else { return };
    if fs
        .metadata(&root.join("Chart.yaml"))
        .is_ok_and(|m| m.kind == cw_chart::FileKind::Dir)
    {
        out.push(RULE.finding("Chart.yaml", None, "should be a file, not a directory"));
    }
}
