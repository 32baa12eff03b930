//! Rule `helmignore-invalid`: A .helmignore line is refused.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `.helmignore` rule Helm refuses: `**` (`double-star (**) syntax is not
    /// supported`) or a malformed glob (`syntax error in pattern`). `.helmignore` uses Go's
    /// `filepath.Match`, not gitignore: no `**`, and `!pattern` ignores everything that does not
    /// match it.
    ///
    /// ## Why is this bad?
    /// Helm refuses to load the chart when its `.helmignore` does not parse.
    ///
    /// ## Example
    /// ```text
    /// # .helmignore
    /// docs/**/*.png          # `**` is not supported
    /// ```
    pub static RULE = ("helmignore-invalid", Error, "A .helmignore line is refused");
}
