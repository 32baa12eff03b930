//! Rule `chart-yaml-duplicate-key`: A key is repeated in Chart.yaml.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same Chart.yaml mapping (`helm lint`'s strict parse:
    /// `key "name" already set in map`).
    ///
    /// ## Why is this bad?
    /// Helm keeps the last value without a word, so the first one is silently ignored.
    ///
    /// ## Example
    /// ```yaml
    /// name: demo
    /// version: 1.0.0
    /// name: demo2            # overrides `demo`
    /// ```
    pub static RULE = ("chart-yaml-duplicate-key", Warning, "A key is repeated in Chart.yaml");
}
