//! Rule `manifest-yaml-invalid`: a rendered template is not valid YAML.

use cw_base::Finding;
use cw_yaml::Loaded;

use super::{locate, RenderedTemplate};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Parses each `---` document a `.yaml` template renders to, as Helm does before sending it
    /// to the cluster, and reports the first that does not parse (`unable to parse YAML: ...`).
    /// Helm stops checking the file there.
    ///
    /// ## Why is this bad?
    /// `helm install` fails on the same document; the template is broken for these values.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: {{ .Values.name }}
    ///  labels: {}      # one space less than `name`: not YAML
    /// ```
    pub static RULE = ("manifest-yaml-invalid", Error, "a rendered template is not valid YAML");
}

/// Reports the document's error; returns whether there was one (Helm stops the file there).
pub(crate) fn check(
    t: &RenderedTemplate,
    text: &str,
    doc: &Loaded,
    out: &mut Vec<Finding>,
) -> bool {
    let Some((message, range)) = super::yaml_error_text(doc) else {
        return false;
    };
    out.push(RULE.finding(t.name, locate(t.source, text, range), message));
    true
}

#[cfg(test)]
mod tests {
    use super::super::run_one;

    #[test]
    fn reports_the_first_bad_document_and_stops() {
        let f = run_one("templates/x.yaml", "a: 1\n---\nb: [\n---\nc: [\n");
        let bad: Vec<_> = f.iter().filter(|f| f.code == super::RULE.code).collect();
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0].message.starts_with("unable to parse YAML: "),
            "{}",
            bad[0].message
        );
        let f = run_one("templates/x.yaml", "- a\n");
        assert!(f[0]
            .message
            .contains("cannot unmarshal array into Go value of type rules.k8sYamlStruct"));
    }
}
