//! Rule `chart-version-type`: version is not a string.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `version` written as a number (`version: 1.0`) or left empty: `version should be
    /// of type string but it's of type float64`.
    ///
    /// ## Why is this bad?
    /// YAML reads `1.10` as the number 1.1, and Helm turns it into the string `"1.1"`: the chart
    /// gets a different version than the one written. Quote it.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1.10          # becomes "1.1"; write version: "1.10" or 1.10.0
    /// ```
    pub static RULE = ("chart-version-type", Error, "version is not a string");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::check_string_field(cx, "version", &RULE, out);
}
