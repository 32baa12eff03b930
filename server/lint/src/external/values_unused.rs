//! Rule `values-unused`: a key of a chart's values.yaml that no template reads (checked by the
//! values analysis of cw-ide).

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a key of a chart's `values.yaml` that no template of the chart (or, for keys
    /// under a subchart's name, of that subchart) reads, once at the outermost unused key
    /// (`` `extraPorts` is not used by any template (nor anything under it) ``). A template
    /// that passes `.Values` whole (`toYaml .Values`, `include "x" .Values`) uses every key;
    /// `global`, `tags`, dependency conditions and the keys of dependencies that are not
    /// vendored in `charts/` are never reported.
    ///
    /// ## Why is this bad?
    /// Users set the key and nothing changes: a value left behind by a refactor, or a typo in
    /// values.yaml, documents a setting the chart no longer has.
    ///
    /// ## Example
    /// ```yaml
    /// # values.yaml
    /// replicaCount: 1
    /// replicas: 3          # no template reads .Values.replicas
    /// ```
    pub static RULE = ("values-unused", Warning, "A values.yaml key no template reads");
}
