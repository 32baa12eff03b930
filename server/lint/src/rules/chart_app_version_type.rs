//! Rule `chart-app-version-type`: appVersion is not a string.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `appVersion` written as a number (`appVersion: 1.10`) or left empty:
    /// `appVersion should be of type string but it's of type float64`.
    ///
    /// ## Why is this bad?
    /// YAML reads `1.10` as the number 1.1: `.Chart.AppVersion` (often the image tag) becomes
    /// `1.1`. Quote it.
    ///
    /// ## Example
    /// ```yaml
    /// appVersion: 1.10       # write appVersion: "1.10"
    /// ```
    pub static RULE = ("chart-app-version-type", Error, "appVersion is not a string");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::check_string_field(cx, "appVersion", &RULE, out);
}
