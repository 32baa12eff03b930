//! Rule `symlink-cycle`: A symbolic link leads back into a directory being loaded.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a symbolic link to a directory that contains it (directly or not). It is not
    /// followed.
    ///
    /// ## Why is this bad?
    /// Helm would walk the cycle until the path is too long and fail.
    ///
    /// ## Example
    /// ```text
    /// mychart/files/self -> ..
    /// ```
    pub static RULE = ("symlink-cycle", Error, "A symbolic link leads back into a directory being loaded");
}
