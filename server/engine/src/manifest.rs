//! Helm's releaseutil: splitting rendered templates into YAML documents (`SplitManifests`),
//! reading each document's head (`SimpleHead`), separating hooks, and ordering manifests by kind
//! (`InstallOrder`).

use std::ops::Range;

/// Helm's `InstallOrder`: kinds in the order they are installed; unknown kinds go last,
/// alphabetically.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Hook events Helm knows (`helm.sh/hook` values).
pub const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

pub const HOOK_ANNOTATION: &str = "helm.sh/hook";
pub const HOOK_WEIGHT_ANNOTATION: &str = "helm.sh/hook-weight";

/// Go's `strings.TrimSpace`.
pub fn go_trim_space(s: &str) -> &str {
    s.trim_matches(|c: char| {
        matches!(
            c,
            '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
        ) || (c as u32 > 0xff && c.is_whitespace())
    })
}

/// Helm's `SplitManifests`: the documents of a rendered file in order, trimmed, empty ones
/// dropped.
///
/// Helm splits with the Go regexp `(?:^|\s*\n)---\s*`; this is that regexp's leftmost-first
/// search written out (compiling the regexp cost a twentieth of a small chart's whole
/// `chartwright template` process). A separator is `---` at the very start, or `---` right
/// after a newline that the previous separator did not consume, together with the whitespace
/// run before that newline and all the whitespace after the dashes.
pub fn split_manifests(big: &str) -> Vec<&str> {
    let trimmed = go_trim_space(big);
    let mut docs: Vec<&str> = Vec::new();
    let (bytes, mut doc_start, mut search) = (trimmed.as_bytes(), 0, 0);
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    while let Some(found) = trimmed[search..].find("---") {
        let dashes = search + found;
        let start = if dashes == 0 {
            Some(0)
        } else if dashes > search && bytes[dashes - 1] == b'\n' {
            let mut s = dashes - 1;
            while s > search && is_space(bytes[s - 1]) {
                s -= 1;
            }
            Some(s)
        } else {
            None
        };
        let Some(start) = start else {
            search = dashes + 1;
            continue;
        };
        let mut end = dashes + 3;
        while end < bytes.len() && is_space(bytes[end]) {
            end += 1;
        }
        docs.push(&trimmed[doc_start..start]);
        doc_start = end;
        search = end;
    }
    docs.push(&trimmed[doc_start..]);
    docs.into_iter()
        .filter(|d| !d.is_empty())
        .map(go_trim_space)
        .collect()
}

/// `SimpleHead`: what Helm reads of each document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleHead {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `metadata.annotations` (None when absent or null).
    pub annotations: Option<Vec<(String, String)>>,
}

impl SimpleHead {
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .as_ref()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn json_type(v: &cw_yaml::Value) -> &'static str {
    match v {
        cw_yaml::Value::Null => "null",
        cw_yaml::Value::Bool(_) => "bool",
        cw_yaml::Value::Number(_) => "number",
        cw_yaml::Value::String(_) => "string",
        cw_yaml::Value::Seq(_) => "array",
        cw_yaml::Value::Map(_) => "object",
    }
}

fn string_field(node: &cw_yaml::Node, field: &str, go_path: &str) -> Result<String, String> {
    match &node.value {
        cw_yaml::Value::String(s) => Ok(s.clone()),
        cw_yaml::Value::Null => Ok(String::new()),
        other => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field {go_path}{field} of type string",
            json_type(other)
        )),
    }
}

/// Reads a document's head as sigs.k8s.io/yaml `Unmarshal` into `SimpleHead` would, with its
/// error text.
pub fn parse_head(doc: &str) -> Result<SimpleHead, String> {
    let docs = cw_yaml::load_documents(doc);
    let Some(first) = docs.first() else {
        return Ok(SimpleHead::default());
    };
    if let Some(e) = first.first_error() {
        return Err(if e.message.starts_with("error") {
            e.message.clone()
        } else {
            format!("error converting YAML to JSON: {}", e.message)
        });
    }
    let Some(root) = &first.root else {
        return Ok(SimpleHead::default());
    };
    let map = match &root.value {
        cw_yaml::Value::Map(m) => m,
        cw_yaml::Value::Null => return Ok(SimpleHead::default()),
        other => {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type util.SimpleHead",
                json_type(other)
            ))
        }
    };
    let mut head = SimpleHead::default();
    if let Some(v) = map.get("apiVersion") {
        head.api_version = string_field(v, "apiVersion", "SimpleHead.")?;
    }
    if let Some(v) = map.get("kind") {
        head.kind = string_field(v, "kind", "SimpleHead.")?;
    }
    if let Some(md) = map.get("metadata") {
        match &md.value {
            cw_yaml::Value::Null => {}
            cw_yaml::Value::Map(md) => {
                if let Some(v) = md.get("name") {
                    head.name = string_field(v, "name", "SimpleHead.metadata.")?;
                }
                if let Some(a) = md.get("annotations") {
                    match &a.value {
                        cw_yaml::Value::Null => {}
                        cw_yaml::Value::Map(a) => {
                            let mut out = Vec::new();
                            for e in &a.entries {
                                let v = string_field(
                                    &e.value,
                                    "annotations",
                                    "SimpleHead.metadata.",
                                )?;
                                out.push((e.key.clone(), v));
                            }
                            head.annotations = Some(out);
                        }
                        other => {
                            return Err(format!(
                                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field .metadata.annotations of type map[string]string",
                                json_type(other)
                            ))
                        }
                    }
                }
            }
            other => {
                return Err(format!(
                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field SimpleHead.metadata of type struct {{ Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }}",
                    json_type(other)
                ))
            }
        }
    }
    Ok(head)
}

/// One manifest (`releaseutil.Manifest`): the template it came from and the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The template name (`chart/templates/x.yaml`).
    pub name: String,
    pub content: String,
    /// Where `content` is in the template's rendered output (byte offsets).
    pub range: Range<u32>,
    pub head: SimpleHead,
}

/// A hook (`release.Hook`, the parts `helm template` uses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hook {
    pub name: String,
    pub kind: String,
    /// The template name.
    pub path: String,
    pub manifest: String,
    /// Where `manifest` is in the template's rendered output (byte offsets).
    pub range: Range<u32>,
    pub events: Vec<String>,
    pub weight: i64,
}

impl Hook {
    pub fn is_test(&self) -> bool {
        self.events
            .iter()
            .any(|e| e == "test" || e == "test-success")
    }
}

/// Hooks and manifests in Helm's order, or the first document that does not parse.
#[derive(Clone, Debug, Default)]
pub struct Sorted {
    pub hooks: Vec<Hook>,
    pub manifests: Vec<Manifest>,
}

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

/// Helm's `lessByKind` (stable sorts keep file order within a kind).
fn cmp_kind(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (kind_rank(a), kind_rank(b)) {
        (None, None) => a.cmp(b),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// Go's `strconv.Atoi`.
fn go_atoi(s: &str) -> Option<i64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() || t.starts_with('+') {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Where `part` (a slice of `whole`, as [`split_manifests`] returns) lies in `whole`.
fn sub_range(whole: &str, part: &str) -> Range<u32> {
    let start = (part.as_ptr() as usize)
        .checked_sub(whole.as_ptr() as usize)
        .filter(|s| s + part.len() <= whole.len())
        .unwrap_or(0);
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    n(start)..n(start + part.len())
}

/// Helm's `SortManifests`: templates in name order, documents split, partials and empty files
/// skipped, hooks separated (unknown hook events dropped), both sorted by kind.
pub fn sort_manifests<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Sorted, (String, Sorted)> {
    let mut files: Vec<(&str, &str)> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Sorted::default();
    for (path, content) in files {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || go_trim_space(content).is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            let range = sub_range(content, doc);
            let head = match parse_head(doc) {
                Ok(h) => h,
                Err(e) => return Err((format!("YAML parse error on {path}: {e}"), out)),
            };
            let hook_types = head
                .annotations
                .as_ref()
                .filter(|a| !a.is_empty())
                .and_then(|_| head.annotation(HOOK_ANNOTATION))
                .map(str::to_string);
            let Some(hook_types) = hook_types else {
                out.manifests.push(Manifest {
                    name: path.to_string(),
                    content: doc.to_string(),
                    range,
                    head,
                });
                continue;
            };
            let weight = head
                .annotation(HOOK_WEIGHT_ANNOTATION)
                .and_then(go_atoi)
                .unwrap_or(0);
            let mut events = Vec::new();
            let mut unknown = false;
            for t in hook_types.split(',') {
                let t = t.trim().to_lowercase();
                if HOOK_EVENTS.contains(&t.as_str()) {
                    events.push(t);
                } else {
                    unknown = true;
                    break;
                }
            }
            if unknown {
                continue;
            }
            out.hooks.push(Hook {
                name: head.name.clone(),
                kind: head.kind.clone(),
                path: path.to_string(),
                manifest: doc.to_string(),
                range,
                events,
                weight,
            });
        }
    }
    out.manifests
        .sort_by(|a, b| cmp_kind(&a.head.kind, &b.head.kind));
    out.hooks.sort_by(|a, b| cmp_kind(&a.kind, &b.kind));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_like_helm() {
        assert_eq!(
            split_manifests("a: 1\n---\nb: 2\n  \n---   \nc: 3\n"),
            vec!["a: 1", "b: 2", "c: 3"]
        );
        assert_eq!(split_manifests("---\na: 1"), vec!["a: 1"]);
        assert_eq!(split_manifests("  \n\n"), Vec::<&str>::new());
        assert_eq!(split_manifests("a: 1\n---x: 2"), vec!["a: 1", "x: 2"]);
        assert_eq!(split_manifests("# c\n---\n"), vec!["# c"]);
        // A newline eaten by the previous separator does not start another one.
        assert_eq!(split_manifests("a\n---\n---\nb"), vec!["a", "---\nb"]);
    }

    /// The hand-written split equals Go's regexp split (the `regex` crate has the same
    /// leftmost-first semantics) on every text of up to 8 characters over the alphabet that
    /// matters.
    #[test]
    fn split_equals_the_regexp() {
        let re = regex::Regex::new(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*").unwrap();
        let alphabet = ['-', '\n', ' ', 'a'];
        let mut text = String::new();
        for len in 0..=8u32 {
            for mut n in 0..4usize.pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % 4]);
                    n /= 4;
                }
                let trimmed = go_trim_space(&text);
                let want: Vec<&str> = re
                    .split(trimmed)
                    .filter(|d| !d.is_empty())
                    .map(go_trim_space)
                    .collect();
                assert_eq!(split_manifests(&text), want, "{text:?}");
            }
        }
    }

    #[test]
    fn heads() {
        let h = parse_head(
            "kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n",
        )
        .unwrap();
        assert_eq!(h.kind, "Job");
        assert_eq!(h.name, "j");
        assert_eq!(h.annotation(HOOK_ANNOTATION), Some("pre-install"));
        assert!(parse_head("metadata:\n  annotations:\n    w: 5\n")
            .unwrap_err()
            .contains("cannot unmarshal number"));
        assert!(parse_head("- a")
            .unwrap_err()
            .contains("cannot unmarshal array"));
    }

    #[test]
    fn order_and_hooks() {
        let files = [
            ("c/templates/b.yaml", "kind: Deployment\n---\nkind: Foo\n---\nkind: Bar"),
            ("c/templates/a.yaml", "kind: Service\n---\nkind: Namespace"),
            (
                "c/templates/h.yaml",
                "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test\n---\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: nope",
            ),
            ("c/templates/_p.tpl", "kind: Secret"),
        ];
        let s = sort_manifests(files.iter().copied()).unwrap();
        let kinds: Vec<&str> = s.manifests.iter().map(|m| m.head.kind.as_str()).collect();
        assert_eq!(kinds, ["Namespace", "Service", "Deployment", "Bar", "Foo"]);
        assert_eq!(s.hooks.len(), 1);
        assert!(s.hooks[0].is_test());
    }
}
