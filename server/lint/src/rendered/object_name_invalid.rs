//! Rule `object-name-invalid`: metadata.name breaks the Kubernetes naming rules for its kind.

use cw_base::Finding;

use super::Object;
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks `metadata.name` of every rendered object against the naming rule of its kind, as
    /// the API server will: DNS-1123 subdomain for most kinds, DNS-1035 label for `Service`,
    /// DNS-1123 label for `Namespace`, path segment for RBAC kinds (`object name does not
    /// conform to Kubernetes naming requirements: "My_App": ...`).
    ///
    /// ## Why is this bad?
    /// The API server refuses the object and the install fails.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: {{ .Release.Name }}.svc   # a Service name may not contain '.'
    /// ```
    pub static RULE = ("object-name-invalid", Warning, "metadata.name breaks the Kubernetes naming rules for its kind");
}

const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_alnum(b[0])
        && is_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_alnum(c) || c == b'-')
}

fn dns1123_subdomain(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !name.split('.').all(is_label) {
        errs.push(DNS1123_SUBDOMAIN.to_string());
    }
    errs
}

fn dns1123_label(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(name) {
        errs.push(DNS1123_LABEL.to_string());
    }
    errs
}

fn dns1035_label(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !(is_label(name) && name.as_bytes()[0].is_ascii_lowercase()) {
        errs.push(DNS1035_LABEL.to_string());
    }
    errs
}

fn path_segment(name: &str) -> Vec<String> {
    for bad in [".", ".."] {
        if name == bad {
            return vec![format!("may not be '{bad}'")];
        }
    }
    ["/", "%"]
        .iter()
        .filter(|c| name.contains(*c))
        .map(|c| format!("may not contain '{c}'"))
        .collect()
}

/// The messages of the naming rule for a kind (Helm's `validateMetadataNameFunc`).
pub fn name_errors(kind: &str, name: &str) -> Vec<String> {
    match kind.to_ascii_lowercase().as_str() {
        "service" => dns1035_label(name),
        "namespace" => dns1123_label(name),
        "certificatesigningrequest" => Vec::new(),
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => path_segment(name),
        _ => dns1123_subdomain(name),
    }
}

pub(crate) fn check(obj: &Object, out: &mut Vec<Finding>) {
    let name = obj.name();
    let errs = name_errors(obj.kind(), name);
    if errs.is_empty() {
        return;
    }
    let quoted = cw_yaml::go_quote(name);
    let all: Vec<String> = errs
        .iter()
        .map(|e| format!("metadata.name: Invalid value: {quoted}: {e}"))
        .collect();
    // k8s's aggregate error: one message alone, several in brackets.
    let agg = if all.len() == 1 {
        all[0].clone()
    } else {
        format!("[{}]", all.join(", "))
    };
    out.push(RULE.finding(
        obj.file,
        obj.locate(&["metadata", "name"]),
        format!("object name does not conform to Kubernetes naming requirements: {quoted}: {agg}"),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::run_one;
    use super::*;

    #[test]
    fn rules_per_kind() {
        assert!(name_errors("Deployment", "a.b-c").is_empty());
        assert_eq!(name_errors("Deployment", "A").len(), 1);
        assert_eq!(name_errors("Service", "a.b").len(), 1);
        assert!(name_errors("Service", "1a")[0].starts_with("a DNS-1035 label"));
        assert!(name_errors("Namespace", "a.b")[0].starts_with("a lowercase RFC 1123 label"));
        assert!(name_errors("ClusterRole", "system:foo").is_empty());
        assert_eq!(
            name_errors("Role", "a/b%c"),
            vec!["may not contain '/'", "may not contain '%'"]
        );
        assert_eq!(name_errors("Deployment", &"a".repeat(254)).len(), 1);
    }

    #[test]
    fn message_as_helm() {
        let f = run_one(
            "templates/l.yaml",
            "apiVersion: v1\nkind: List\nmetadata: {}\nitems: []\n",
        );
        assert_eq!(f[0].message, format!("object name does not conform to Kubernetes naming requirements: \"\": metadata.name: Invalid value: \"\": {DNS1123_SUBDOMAIN}"));
        let f = run_one(
            "templates/s.yaml",
            "kind: Service\nmetadata:\n  name: My.Svc\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].range.map(|r| r.start()), Some(32));
    }
}
