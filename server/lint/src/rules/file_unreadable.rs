//! Rule `file-unreadable`: A chart file cannot be read.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a path of the chart that cannot be read (missing, permission denied).
    ///
    /// ## Why is this bad?
    /// Helm stops loading the chart.
    ///
    /// ## Example
    /// ```text
    /// chmod 000 mychart/values.yaml
    /// ```
    pub static RULE = ("file-unreadable", Error, "A chart file cannot be read");
}
