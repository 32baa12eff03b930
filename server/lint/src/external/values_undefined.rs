//! Rule `values-undefined`: a template reads a `.Values` path no values file or schema defines
//! (checked by the values analysis of cw-ide).

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `.Values` path read by a template that no values file (the chart's
    /// `values.yaml`, a parent's, the `-f`/`--set` values of the run), no `values.schema.json`
    /// and no computed value (imported or global values) defines, at the first segment nothing
    /// defines, with the closest existing key when one is near (`` `.Values.image.tga` is not
    /// defined in any values file or values schema; did you mean `.Values.image.tag`? ``).
    /// Paths guarded by `default`, `coalesce`, `if`/`with`, `hasKey` or `dig` are not reported, nor
    /// templates of library charts (they read the values of whichever chart includes them). A
    /// key values.yaml only mentions in a comment (`# resources: {}`) is reported as info: it is
    /// documented as optional.
    ///
    /// ## Why is this bad?
    /// Helm renders a missing value as empty (`<no value>` in strings, `null` in YAML) without
    /// any error: a typo in a values path silently drops the setting it was meant to carry, and
    /// users have no key in values.yaml to discover or override.
    ///
    /// ## Example
    /// ```yaml
    /// # values.yaml
    /// image:
    ///   tag: "1.2"
    /// # templates/deployment.yaml
    /// image: "nginx:{{ .Values.image.tga }}"   # renders "nginx:" — did you mean image.tag?
    /// ```
    pub static RULE = ("values-undefined", Warning, "A template reads a .Values path no values file or schema defines");
}
