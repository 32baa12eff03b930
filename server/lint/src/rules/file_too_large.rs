//! Rule `file-too-large`: A chart file is larger than 5 MiB.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a file above Helm's 5 MiB per-file limit (`chart file "x" is larger than the
    /// maximum file size 5242880`).
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart.
    ///
    /// ## Example
    /// ```text
    /// mychart/files/dump.sql   # 12 MiB
    /// ```
    pub static RULE = ("file-too-large", Error, "A chart file is larger than 5 MiB");
}
