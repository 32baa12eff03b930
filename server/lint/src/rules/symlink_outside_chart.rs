//! Rule `symlink-outside-chart`: A symbolic link leaves the chart.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a symbolic link in the chart directory whose target is outside the chart. Helm
    /// follows it and packages the target; chartwright does not read outside the chart.
    ///
    /// ## Why is this bad?
    /// The chart depends on files that are not part of it: it renders differently on another
    /// machine, and `helm package` copies whatever the link points at into the archive.
    ///
    /// ## Example
    /// ```text
    /// mychart/files/config -> ../../shared/config
    /// ```
    pub static RULE = ("symlink-outside-chart", Warning, "A symbolic link leaves the chart");
}
