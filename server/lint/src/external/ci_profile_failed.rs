//! Rule `ci-profile-failed`: the chart fails to render with one of its `ci/*-values.yaml`
//! profiles (reported by `chartwright lint`).

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Renders the chart once more for each `ci/*-values.yaml` file (chart-testing's profiles,
    /// as `ct lint` runs `helm lint --values ci/NAME-values.yaml`, offline), the profile's values
    /// over the run's, and reports a profile whose values or render fail, with helm lint's text
    /// for that profile (`with ci/tls-values.yaml: template: ...`). Findings of the rendered
    /// templates that only this profile produces are reported too, prefixed the same way.
    /// `--format helm` leaves the profiles out, so its output and exit code stay helm lint's.
    ///
    /// ## Why is this bad?
    /// The profiles are the configurations the chart promises to support: `ct lint` and `ct
    /// install` fail in CI on the same error.
    ///
    /// ## Example
    /// ```yaml
    /// # ci/tls-values.yaml
    /// tls:
    ///   enabled: true     # templates/ingress.yaml then reads .Values.tls.secret.name: nil pointer
    /// ```
    pub static RULE = ("ci-profile-failed", Error, "The chart fails to render with one of its ci/*-values.yaml profiles");
}
