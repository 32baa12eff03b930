//! Rule `subchart-invalid`: A subchart under charts/ cannot be loaded.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a subchart (a directory or `.tgz` under `charts/`) that Helm cannot load, with
    /// Helm's message `error unpacking subchart NAME in PARENT: ...`. Files in `charts/` whose
    /// names start with `_` or `.` are skipped; any other file or directory is taken for a
    /// subchart.
    ///
    /// ## Why is this bad?
    /// Helm refuses the parent chart when one subchart does not load.
    ///
    /// ## Example
    /// ```text
    /// mychart/charts/README.md   # not a chart: error unpacking subchart README.md
    /// ```
    pub static RULE = ("subchart-invalid", Error, "A subchart under charts/ cannot be loaded");
}
