//! Rule `chart-kube-version-invalid`: kubeVersion is not a valid constraint.

use cw_base::Finding;

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `kubeVersion` that is not a semantic version constraint, pointing at the part
    /// that does not parse.
    ///
    /// ## Why is this bad?
    /// Helm compares the cluster version with it before rendering; a constraint that does not
    /// parse matches no cluster, so `helm install` and `helm template` fail with `chart requires
    /// kubeVersion: ... which is incompatible with Kubernetes v1.35.0`. `helm lint` does not notice.
    ///
    /// ## Example
    /// ```yaml
    /// kubeVersion: ">= 1.20 <"   # the last constraint has no version
    /// ```
    pub static RULE = ("chart-kube-version-invalid", Error, "kubeVersion is not a valid constraint");
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(cf) = super::parsed_chart_file(cx) else {
        return;
    };
    let Some(kv) = &cf.metadata.kube_version else {
        return;
    };
    if kv.value.is_empty() {
        return;
    }
    if let Err(e) = cw_semver::Constraints::parse(&kv.value) {
        out.push(RULE.finding(
            super::CHART_YAML,
            Some(super::range_within(&cf.text, kv, e.range())),
            format!(
                "kubeVersion {} is not a valid constraint: {}",
                super::go_quote(&kv.value),
                e.message()
            ),
        ));
    }
}
