//! Rule `api-version-deprecated`: an object uses an apiVersion deprecated in the target Kubernetes.

use cw_base::Finding;

use super::{KubeVersion, Object};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a rendered object whose `apiVersion` and `kind` Kubernetes has deprecated at the
    /// version linted for (`--kube-version`, else Helm's default), with Kubernetes' own wording:
    /// `policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use
    /// policy/v1 PodDisruptionBudget`.
    ///
    /// ## Why is this bad?
    /// Clusters at or past the "unavailable" version refuse the object; the chart cannot be
    /// installed there.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1   # not extensions/v1beta1
    /// kind: Deployment
    /// ```
    pub static RULE = ("api-version-deprecated", Warning, "an apiVersion is deprecated in the target Kubernetes version");
}

/// One deprecated type: group/version, kind, deprecated in, removed in, replacement.
type Lifecycle = (
    &'static str,
    &'static str,
    (u32, u32),
    (u32, u32),
    Option<(&'static str, &'static str)>,
);

/// The prerelease lifecycle of the types client-go registers (k8s.io/api
/// `zz_generated.prerelease-lifecycle.go`), for the types still shipped.
static DEPRECATED: &[Lifecycle] = &[
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        (1, 16),
        (1, 22),
        Some((
            "admissionregistration.k8s.io/v1",
            "MutatingWebhookConfiguration",
        )),
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        (1, 16),
        (1, 22),
        Some((
            "admissionregistration.k8s.io/v1",
            "ValidatingWebhookConfiguration",
        )),
    ),
    (
        "apps/v1beta1",
        "ControllerRevision",
        (1, 8),
        (1, 16),
        Some(("apps/v1", "ControllerRevision")),
    ),
    (
        "apps/v1beta1",
        "Deployment",
        (1, 8),
        (1, 16),
        Some(("apps/v1", "Deployment")),
    ),
    (
        "apps/v1beta1",
        "StatefulSet",
        (1, 8),
        (1, 16),
        Some(("apps/v1", "StatefulSet")),
    ),
    (
        "apps/v1beta2",
        "ControllerRevision",
        (1, 9),
        (1, 16),
        Some(("apps/v1", "ControllerRevision")),
    ),
    (
        "apps/v1beta2",
        "DaemonSet",
        (1, 9),
        (1, 16),
        Some(("apps/v1", "DaemonSet")),
    ),
    (
        "apps/v1beta2",
        "Deployment",
        (1, 9),
        (1, 16),
        Some(("apps/v1", "Deployment")),
    ),
    (
        "apps/v1beta2",
        "ReplicaSet",
        (1, 9),
        (1, 16),
        Some(("apps/v1", "ReplicaSet")),
    ),
    (
        "apps/v1beta2",
        "StatefulSet",
        (1, 9),
        (1, 16),
        Some(("apps/v1", "StatefulSet")),
    ),
    (
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        (1, 22),
        (1, 25),
        Some(("autoscaling/v2", "HorizontalPodAutoscaler")),
    ),
    (
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        (1, 23),
        (1, 26),
        Some(("autoscaling/v2", "HorizontalPodAutoscaler")),
    ),
    (
        "batch/v1beta1",
        "CronJob",
        (1, 21),
        (1, 25),
        Some(("batch/v1", "CronJob")),
    ),
    (
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        (1, 19),
        (1, 22),
        Some(("certificates.k8s.io/v1", "CertificateSigningRequest")),
    ),
    (
        "coordination.k8s.io/v1beta1",
        "Lease",
        (1, 19),
        (1, 22),
        Some(("coordination.k8s.io/v1", "Lease")),
    ),
    (
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        (1, 21),
        (1, 25),
        Some(("discovery.k8s.io/v1", "EndpointSlice")),
    ),
    (
        "events.k8s.io/v1beta1",
        "Event",
        (1, 22),
        (1, 25),
        Some(("events.k8s.io/v1", "Event")),
    ),
    (
        "extensions/v1beta1",
        "DaemonSet",
        (1, 8),
        (1, 16),
        Some(("apps/v1", "DaemonSet")),
    ),
    (
        "extensions/v1beta1",
        "Deployment",
        (1, 8),
        (1, 16),
        Some(("apps/v1", "Deployment")),
    ),
    (
        "extensions/v1beta1",
        "Ingress",
        (1, 14),
        (1, 22),
        Some(("networking.k8s.io/v1", "Ingress")),
    ),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        (1, 9),
        (1, 16),
        Some(("networking.k8s.io/v1", "NetworkPolicy")),
    ),
    (
        "extensions/v1beta1",
        "ReplicaSet",
        (1, 8),
        (1, 16),
        Some(("apps/v1", "ReplicaSet")),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        (1, 23),
        (1, 26),
        Some(("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema")),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        (1, 23),
        (1, 26),
        Some((
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "PriorityLevelConfiguration",
        )),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        (1, 26),
        (1, 29),
        Some(("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema")),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        (1, 26),
        (1, 29),
        Some((
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "PriorityLevelConfiguration",
        )),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        (1, 29),
        (1, 32),
        Some(("flowcontrol.apiserver.k8s.io/v1", "FlowSchema")),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        (1, 29),
        (1, 32),
        Some((
            "flowcontrol.apiserver.k8s.io/v1",
            "PriorityLevelConfiguration",
        )),
    ),
    (
        "networking.k8s.io/v1beta1",
        "Ingress",
        (1, 19),
        (1, 22),
        Some(("networking.k8s.io/v1", "Ingress")),
    ),
    (
        "networking.k8s.io/v1beta1",
        "IngressClass",
        (1, 19),
        (1, 22),
        Some(("networking.k8s.io/v1", "IngressClass")),
    ),
    (
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        (1, 22),
        (1, 25),
        Some(("node.k8s.io/v1", "RuntimeClass")),
    ),
    (
        "policy/v1beta1",
        "PodDisruptionBudget",
        (1, 21),
        (1, 25),
        Some(("policy/v1", "PodDisruptionBudget")),
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRole",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "ClusterRole")),
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRoleBinding",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")),
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "Role",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "Role")),
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "RoleBinding",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "RoleBinding")),
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "ClusterRole")),
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")),
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "Role")),
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        (1, 17),
        (1, 22),
        Some(("rbac.authorization.k8s.io/v1", "RoleBinding")),
    ),
    (
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        (1, 14),
        (1, 22),
        Some(("scheduling.k8s.io/v1", "PriorityClass")),
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        (1, 19),
        (1, 22),
        Some(("storage.k8s.io/v1", "CSIDriver")),
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSINode",
        (1, 17),
        (1, 22),
        Some(("storage.k8s.io/v1", "CSINode")),
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        (1, 24),
        (1, 27),
        Some(("storage.k8s.io/v1", "CSIStorageCapacity")),
    ),
    (
        "storage.k8s.io/v1beta1",
        "StorageClass",
        (1, 19),
        (1, 22),
        Some(("storage.k8s.io/v1", "StorageClass")),
    ),
    (
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        (1, 19),
        (1, 22),
        Some(("storage.k8s.io/v1", "VolumeAttachment")),
    ),
];

/// Kubernetes' deprecation warning for an apiVersion and kind at a version, if deprecated there.
pub fn deprecation(api_version: &str, kind: &str, at: KubeVersion) -> Option<String> {
    let (gv, k, dep, removed, repl) = DEPRECATED
        .iter()
        .find(|(gv, k, ..)| *gv == api_version && *k == kind)?;
    if at
        < (KubeVersion {
            major: dep.0,
            minor: dep.1,
        })
    {
        return None;
    }
    let mut msg = format!(
        "{gv} {k} is deprecated in v{}.{}+, unavailable in v{}.{}+",
        dep.0, dep.1, removed.0, removed.1
    );
    if let Some((rgv, rk)) = repl {
        msg.push_str(&format!("; use {rgv} {rk}"));
    }
    Some(msg)
}

pub(crate) fn check(obj: &Object, out: &mut Vec<Finding>) {
    if let Some(msg) = deprecation(obj.api_version(), obj.kind(), obj.kube_version) {
        out.push(RULE.finding(obj.file, obj.locate(&["apiVersion"]), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::super::run_one;
    use super::*;

    #[test]
    fn deprecated_at_version() {
        let f = run_one(
            "templates/pdb.yaml",
            "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget");
        assert_eq!(f[0].range.map(|r| r.start()), Some(12));
        let old = KubeVersion {
            major: 1,
            minor: 20,
        };
        assert_eq!(
            deprecation("policy/v1beta1", "PodDisruptionBudget", old),
            None
        );
        assert_eq!(
            deprecation("policy/v1", "PodDisruptionBudget", KubeVersion::DEFAULT),
            None
        );
    }
}
