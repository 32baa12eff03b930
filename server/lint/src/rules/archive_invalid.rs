//! Rule `archive-invalid`: A chart archive is unreadable or unsafe.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `.tgz` chart that is not a gzip-compressed tar archive, is truncated or corrupt,
    /// has paths leaving the chart (`..`, absolute paths), or decompresses beyond Helm's limits (100
    /// MiB in all, 5 MiB for one file), with Helm's messages.
    ///
    /// ## Why is this bad?
    /// Helm refuses the archive; an unsafe one could otherwise write or read outside the chart.
    ///
    /// ## Example
    /// ```text
    /// mychart-1.0.0.tgz containing ../../etc/passwd
    /// -> chart illegally references parent directory
    /// ```
    pub static RULE = ("archive-invalid", Error, "A chart archive is unreadable or unsafe");
}
