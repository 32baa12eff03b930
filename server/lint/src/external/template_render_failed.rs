//! Rule `template-render-failed`: the chart's templates fail to render in lint mode (reported
//! by `chartwright lint`).

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Renders the chart as `helm lint` does (release `test-release` in `default`, `required`
    /// and `fail` returning `""`, the run's values and `--kube-version`) and reports the error
    /// that stops the render, in Helm's words (`template: demo/templates/cm.yaml:3:12: executing
    /// "demo/templates/cm.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b`).
    ///
    /// ## Why is this bad?
    /// `helm install` and `helm template` stop at the same error: the chart cannot be
    /// installed with these values.
    ///
    /// ## Example
    /// ```yaml
    /// # values.yaml has no `a`
    /// value: {{ .Values.a.b }}     # nil pointer evaluating interface {}.b
    /// ```
    pub static RULE = ("template-render-failed", Error, "The chart's templates fail to render");
}
