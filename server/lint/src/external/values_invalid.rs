//! Rule `values-invalid`: the values of the lint run cannot be read or break the chart's
//! schema (reported by `chartwright lint`).

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports, with Helm's text, a `-f` values file that cannot be read or parsed, a `--set`
    /// family flag that does not parse, and values that break the chart's (or a subchart's)
    /// `values.schema.json` (`values don't meet the specifications of the schema(s) in the
    /// following chart(s): ...`), as `helm lint` reports them on `values.yaml`.
    ///
    /// ## Why is this bad?
    /// `helm install` refuses values that break the schema, and a values file Helm cannot read
    /// stops the release before anything renders.
    ///
    /// ## Example
    /// ```yaml
    /// # values.schema.json requires an integer:  {"properties": {"replicas": {"type": "integer"}}}
    /// replicas: "three"
    /// ```
    pub static RULE = ("values-invalid", Error, "The values of the run cannot be read or break the values schema");
}
