//! Rule `chart-field-type`: A Chart.yaml field has the wrong type.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a Chart.yaml (or requirements.yaml, lock file) value whose shape does not fit the
    /// field: a list where Helm wants a string, a string where it wants a list. The message is
    /// Go's, as Helm prints it (`json: cannot unmarshal array into Go struct field Metadata.name of
    /// type string`).
    ///
    /// ## Why is this bad?
    /// Helm cannot decode the file and refuses the chart.
    ///
    /// ## Example
    /// ```yaml
    /// name: [demo]          # a list, not a string
    /// keywords: web          # a string, not a list
    /// ```
    pub static RULE = ("chart-field-type", Error, "A Chart.yaml field has the wrong type");
}
