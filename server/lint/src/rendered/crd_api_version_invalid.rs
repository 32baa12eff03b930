//! Rule `crd-api-version-invalid`: a document under crds/ is not in apiextensions.k8s.io.

use cw_base::Finding;
use cw_yaml::Node;

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a document in `crds/` whose `apiVersion` is not in the `apiextensions.k8s.io`
    /// group (`apiVersion is not in 'apiextensions.k8s.io'`).
    ///
    /// ## Why is this bad?
    /// Helm installs `crds/` before everything else and expects only CustomResourceDefinitions
    /// there; other objects belong in `templates/`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apiextensions.k8s.io/v1
    /// kind: CustomResourceDefinition
    /// ```
    pub static RULE = ("crd-api-version-invalid", Error, "a document under crds/ is not in apiextensions.k8s.io");
}

pub(crate) fn check(path: &str, root: &Node, out: &mut Vec<Finding>) {
    let node = root.get_path(&["apiVersion"]);
    let v = node.and_then(Node::as_str).unwrap_or("");
    if !v.starts_with("apiextensions.k8s.io") {
        out.push(RULE.finding(
            path,
            Some(node.map_or(root.range, |n| n.range)),
            "apiVersion is not in 'apiextensions.k8s.io'",
        ));
    }
}

#[cfg(test)]
mod tests {
    use cw_chart::{load, MemoryFs};

    #[test]
    fn crd_group_and_kind() {
        let mut fs = MemoryFs::new();
        fs.insert_file("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
        fs.insert_file("c/crds/a.yaml", "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n");
        let chart = load(&fs, std::path::Path::new("c")).chart;
        let f = super::super::check_crds(&chart);
        let msgs: Vec<_> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "apiVersion is not in 'apiextensions.k8s.io'",
                "object kind is not 'CustomResourceDefinition'"
            ]
        );
    }
}
