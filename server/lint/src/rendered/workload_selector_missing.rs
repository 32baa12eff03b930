//! Rule `workload-selector-missing`: a workload without matchLabels or matchExpressions.

use cw_base::Finding;

use super::Object;
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `Deployment`, `ReplicaSet`, `DaemonSet` or `StatefulSet` whose rendered template
    /// mentions neither `matchLabels` nor `matchExpressions` (`a Deployment must contain
    /// matchLabels or matchExpressions, and "web" does not`). Like Helm, it looks for the words
    /// anywhere in the rendered file.
    ///
    /// ## Why is this bad?
    /// `apps/v1` workloads require `spec.selector`; the API server refuses them without one.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: web
    /// ```
    pub static RULE = ("workload-selector-missing", Error, "a workload has no matchLabels or matchExpressions");
}

pub(crate) fn check(obj: &Object, out: &mut Vec<Finding>) {
    let kind = obj.kind();
    if !matches!(
        kind,
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet"
    ) {
        return;
    }
    if obj.manifest.contains("matchLabels") || obj.manifest.contains("matchExpressions") {
        return;
    }
    out.push(RULE.finding(
        obj.file,
        obj.locate(&["kind"]),
        format!(
            "a {kind} must contain matchLabels or matchExpressions, and {} does not",
            cw_yaml::go_quote(obj.name())
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::run_one;

    #[test]
    fn selector() {
        let f = run_one(
            "templates/d.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "a Deployment must contain matchLabels or matchExpressions, and \"web\" does not"
        );
        assert!(run_one("templates/d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {}\n").is_empty());
        assert!(run_one(
            "templates/d.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
        )
        .is_empty());
    }
}
