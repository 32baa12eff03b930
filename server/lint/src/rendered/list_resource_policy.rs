//! Rule `list-resource-policy`: `helm.sh/resource-policy` on an item of a List.

use cw_base::Finding;

use super::Object;
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `kind: List` whose items carry the `helm.sh/resource-policy` annotation
    /// (`annotation 'helm.sh/resource-policy' within List objects are ignored`).
    ///
    /// ## Why is this bad?
    /// Helm reads the annotation on top-level objects only: `keep` inside a List does not keep
    /// anything, and the resource is deleted on uninstall.
    ///
    /// ## Example
    /// ```yaml
    /// kind: List
    /// items:
    ///   - kind: PersistentVolumeClaim
    ///     metadata:
    ///       annotations:
    ///         helm.sh/resource-policy: keep   # move the PVC out of the List
    /// ```
    pub static RULE = ("list-resource-policy", Error, "helm.sh/resource-policy inside a List is ignored");
}

pub(crate) fn check(obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind() != "List" {
        return;
    }
    let Some(items) = obj.root.get_path(&["items"]).and_then(|n| n.as_seq()) else {
        return;
    };
    for item in items {
        if let Some(entry) = item
            .get_path(&["metadata", "annotations"])
            .and_then(|a| a.as_map())
            .and_then(|m| m.entry("helm.sh/resource-policy"))
        {
            out.push(RULE.finding(
                obj.file,
                super::locate(obj.source, obj.manifest, entry.key_range),
                "annotation 'helm.sh/resource-policy' within List objects are ignored",
            ));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run_one;

    #[test]
    fn annotation_inside_list() {
        let text = "apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems:\n- kind: ConfigMap\n  metadata:\n    name: c\n    annotations:\n      helm.sh/resource-policy: keep\n";
        let f = run_one("templates/l.yaml", text);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "annotation 'helm.sh/resource-policy' within List objects are ignored"
        );
        assert!(f[0].range.is_some());
        assert!(run_one(
            "templates/l.yaml",
            &text.replace("helm.sh/resource-policy", "x")
        )
        .is_empty());
    }
}
