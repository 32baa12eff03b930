//! Rule `symlink-broken`: A symbolic link dangles or loops.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a symbolic link in the chart that points nowhere or loops (`error evaluating
    /// symlink ...`).
    ///
    /// ## Why is this bad?
    /// Helm stops loading the chart.
    ///
    /// ## Example
    /// ```text
    /// mychart/templates/extra.yaml -> ../missing.yaml
    /// ```
    pub static RULE = ("symlink-broken", Error, "A symbolic link dangles or loops");
}
