//! Rule `crd-kind-invalid`: a document under crds/ is not a CustomResourceDefinition.

use cw_base::Finding;
use cw_yaml::Node;

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a document in `crds/` whose `kind` is not `CustomResourceDefinition`
    /// (`object kind is not 'CustomResourceDefinition'`).
    ///
    /// ## Why is this bad?
    /// Helm installs `crds/` as CRDs, once, and never upgrades or deletes them; any other object
    /// there escapes the release's lifecycle.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apiextensions.k8s.io/v1
    /// kind: CustomResourceDefinition
    /// ```
    pub static RULE = ("crd-kind-invalid", Error, "a document under crds/ is not a CustomResourceDefinition");
}

pub(crate) fn check(path: &str, root: &Node, out: &mut Vec<Finding>) {
    let node = root.get_path(&["kind"]);
    if node.and_then(Node::as_str) != Some("CustomResourceDefinition") {
        out.push(RULE.finding(
            path,
            Some(node.map_or(root.range, |n| n.range)),
            "object kind is not 'CustomResourceDefinition'",
        ));
    }
}
