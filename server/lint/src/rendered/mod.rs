//! Template-level rules of `helm lint`, run over rendered output: one `(template path, source,
//! rendered text)` triple per template, plus the chart's `crds/` files (read without rendering).
//!
//! The renderer is not called here: the caller renders the chart in lint mode (release
//! `test-release`, `required`/`fail` returning `""`) and passes the result to [`check_templates`].
//! Findings point into the template source when the rendered text they are about can be found
//! there unambiguously, else at the whole file.

pub mod api_version_deprecated;
pub mod crd_api_version_invalid;
pub mod crd_kind_invalid;
pub mod crd_yaml_invalid;
pub mod list_resource_policy;
pub mod manifest_indent;
pub mod manifest_yaml_invalid;
pub mod object_name_invalid;
pub mod template_extension_invalid;
pub mod workload_selector_missing;

use cw_base::{Finding, TextRange};
use cw_chart::Chart;
use cw_yaml::Node;

/// One template of the chart and what it rendered to.
pub struct RenderedTemplate<'a> {
    /// The path in the chart, as Helm prints it (`templates/deployment.yaml`).
    pub name: &'a str,
    /// The template source, used to point findings at the line that produced them.
    pub source: &'a str,
    /// The rendered text; `None` when the template rendered nothing or was not rendered.
    pub rendered: Option<&'a str>,
}

/// A Kubernetes version `major.minor`, for the deprecation rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    /// The version Helm 4.1 lints against when `--kube-version` is not given (its client-go).
    pub const DEFAULT: KubeVersion = KubeVersion {
        major: 1,
        minor: 35,
    };

    /// Parses `v1.30`, `1.30.2`, `1.30.0-rc.1` (the major and minor only).
    pub fn parse(text: &str) -> Option<KubeVersion> {
        let t = text.trim().trim_start_matches('v');
        let mut parts = t.split(['.', '-', '+']);
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        Some(KubeVersion { major, minor })
    }
}

/// One YAML document of a rendered template, as the object rules see it.
pub struct Object<'a> {
    /// The template path.
    pub file: &'a str,
    /// The whole rendered text of the template (Helm matches some rules against it).
    pub manifest: &'a str,
    /// The template source, for locating findings.
    pub source: &'a str,
    /// The document's root mapping.
    pub root: &'a Node,
    pub kube_version: KubeVersion,
}

impl Object<'_> {
    /// A string field at a path of keys (`""` when absent or not a string, as Go's struct
    /// decoding leaves it).
    pub fn str_at(&self, path: &[&str]) -> &str {
        self.root
            .get_path(path)
            .and_then(Node::as_str)
            .unwrap_or("")
    }

    pub fn kind(&self) -> &str {
        self.str_at(&["kind"])
    }

    pub fn api_version(&self) -> &str {
        self.str_at(&["apiVersion"])
    }

    pub fn name(&self) -> &str {
        self.str_at(&["metadata", "name"])
    }

    /// Where the value at `path` came from in the template source, when that is unambiguous.
    pub fn locate(&self, path: &[&str]) -> Option<TextRange> {
        let node = self.root.get_path(path)?;
        locate(self.source, self.manifest, node.range)
    }
}

/// Maps a range of rendered text back to the template source: the rendered snippet, then its
/// whole line, when it occurs exactly once in the source.
pub fn locate(source: &str, rendered: &str, range: TextRange) -> Option<TextRange> {
    let snippet = rendered.get(range.to_usize())?;
    if let Some(r) = unique(source, snippet) {
        return Some(r);
    }
    let start = range.start() as usize;
    let line_start = rendered[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = rendered[start..]
        .find('\n')
        .map_or(rendered.len(), |i| start + i);
    let line = rendered[line_start..line_end].trim();
    unique(source, line)
}

fn unique(haystack: &str, needle: &str) -> Option<TextRange> {
    if needle.trim().is_empty() {
        return None;
    }
    let mut it = haystack.match_indices(needle);
    let (at, _) = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(TextRange::new(at as u32, (at + needle.len()) as u32))
}

/// Runs the template-level rules over the chart's rendered templates (the root chart's, as
/// `helm lint` does). Only `.yaml` templates are checked beyond their extension, as in Helm.
pub fn check_templates(templates: &[RenderedTemplate], kube_version: KubeVersion) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in templates {
        template_extension_invalid::check(t.name, &mut out);
        if !t.name.ends_with(".yaml") {
            continue;
        }
        let Some(text) = t.rendered else { continue };
        if text.trim().is_empty() {
            continue;
        }
        manifest_indent::check(t, text, &mut out);
        // k8s's YAMLReader refuses a `---` line followed by anything but a comment; the
        // documents before it are still decoded.
        let bad_sep = bad_separator(text);
        let parsed = bad_sep.as_ref().map_or(text, |(at, _)| &text[..*at]);
        for doc in cw_yaml::load_documents(parsed) {
            // Helm returns from the whole template rule on a YAML error (helm#11391).
            if manifest_yaml_invalid::check(t, text, &doc, &mut out) {
                return out;
            }
            let Some(root) = doc.root.as_ref() else {
                continue;
            };
            let obj = Object {
                file: t.name,
                manifest: text,
                source: t.source,
                root,
                kube_version,
            };
            object_name_invalid::check(&obj, &mut out);
            api_version_deprecated::check(&obj, &mut out);
            workload_selector_missing::check(&obj, &mut out);
            list_resource_policy::check(&obj, &mut out);
        }
        if let Some((at, rest)) = bad_sep {
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let range = TextRange::new(at as u32, end as u32);
            out.push(manifest_yaml_invalid::RULE.finding(
                t.name,
                locate(t.source, text, range),
                format!("unable to parse YAML: invalid Yaml document separator: {rest}"),
            ));
            return out;
        }
    }
    out
}

/// The first line starting with `---` followed by something other than spaces or a comment:
/// its offset and the trimmed rest, as k8s's YAMLReader reports it.
fn bad_separator(text: &str) -> Option<(usize, String)> {
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Some((start, trimmed.to_string()));
            }
        }
    }
    None
}

/// Runs the CRD rules over `crds/` of the chart and its subcharts (not templated; Helm 4's
/// `Crds` rule). Files are named as Helm names them (`crds/x.yaml`).
pub fn check_crds(chart: &Chart) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut stack = vec![chart];
    while let Some(c) = stack.pop() {
        for file in c.crds() {
            let text = String::from_utf8_lossy(&file.data);
            let path = format!("{}{}", c.prefix, file.name);
            for doc in cw_yaml::load_documents(&text) {
                if crd_yaml_invalid::check(&path, &text, &doc, &mut out) {
                    break;
                }
                if let Some(root) = doc.root.as_ref() {
                    crd_api_version_invalid::check(&path, root, &mut out);
                    crd_kind_invalid::check(&path, root, &mut out);
                }
            }
        }
        stack.extend(c.dependencies.iter().rev());
    }
    out
}

/// Helm's `unable to parse YAML: ...` text for a document error, as the k8s YAML decoder words it
/// (`None` when the document loaded).
pub(crate) fn yaml_error_text(doc: &cw_yaml::Loaded) -> Option<(String, TextRange)> {
    if let Some(e) = doc.first_error() {
        let msg = if e.message.starts_with("invalid Yaml document separator")
            || e.message.starts_with("error ")
        {
            e.message.clone()
        } else {
            format!("error converting YAML to JSON: {}", e.message)
        };
        return Some((format!("unable to parse YAML: {msg}"), e.range));
    }
    let root = doc.root.as_ref()?;
    let kind = match &root.value {
        cw_yaml::Value::Map(_) | cw_yaml::Value::Null => return None,
        cw_yaml::Value::Seq(_) => "array",
        cw_yaml::Value::String(_) => "string",
        cw_yaml::Value::Number(_) => "number",
        cw_yaml::Value::Bool(_) => "bool",
    };
    Some((
        format!("unable to parse YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type rules.k8sYamlStruct"),
        root.range,
    ))
}

#[cfg(test)]
pub(crate) fn run_one(name: &str, rendered: &str) -> Vec<Finding> {
    check_templates(
        &[RenderedTemplate {
            name,
            source: rendered,
            rendered: Some(rendered),
        }],
        KubeVersion::DEFAULT,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_version_parses() {
        assert_eq!(
            KubeVersion::parse("v1.29.3"),
            Some(KubeVersion {
                major: 1,
                minor: 29
            })
        );
        assert_eq!(KubeVersion::parse("junk"), None);
    }

    #[test]
    fn locate_maps_unique_text_only() {
        let src = "kind: {{ .Values.kind }}\nname: x\n";
        let out = "kind: Deployment\nname: x\n";
        assert_eq!(locate(src, out, TextRange::new(6, 16)), None);
        assert_eq!(
            locate(src, out, TextRange::new(23, 24)),
            Some(TextRange::new(31, 32))
        );
    }

    #[test]
    fn invalid_document_separator() {
        let f = run_one("templates/s.yaml", "---apiVersion: v1\nkind: Secret\n");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "unable to parse YAML: invalid Yaml document separator: apiVersion: v1"
        );
    }

    #[test]
    fn only_yaml_templates_are_parsed() {
        assert!(run_one("templates/NOTES.txt", "  not: [yaml").is_empty());
        assert!(run_one("templates/x.yaml", "   \n").is_empty());
    }
}
