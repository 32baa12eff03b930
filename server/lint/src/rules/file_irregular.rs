//! Rule `file-irregular`: A chart contains a device, socket or pipe.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports files that are not regular files or directories (`cannot load irregular file ...
    /// as it has file mode type bits set`).
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart.
    ///
    /// ## Example
    /// ```text
    /// mkfifo mychart/pipe
    /// ```
    pub static RULE = ("file-irregular", Error, "A chart contains a device, socket or pipe");
}
